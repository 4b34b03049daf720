import i18n from 'i18next'
import type { TFunction } from 'i18next'
import { describe, expect, it } from 'vitest'
import './index'
import { filler } from './filler'

describe('filler', () => {
  it('fills a translated sentence as t() would, in each language’s word order, compiled once', () => {
    let calls = 0
    const title = filler(['topic', 'filter'], (t: TFunction<'messages'>, slots) => {
      calls++
      return t('{{topic}} (subscription {{filter}})', slots)
    })
    const en = i18n.getFixedT('en', 'messages')
    const values = { topic: 'a/b<c>', filter: '#' }
    expect(title(en, values)).toBe(en('{{topic}} (subscription {{filter}})', values))
    expect(title(en, { topic: 'x', filter: 'y/+' })).toBe('x (subscription y/+)')
    expect(calls).toBe(1)
    const zh = i18n.getFixedT('zh', 'messages')
    expect(title(zh, values)).toBe('a/b<c>（订阅 #）')
    expect(calls).toBe(2)
  })
})
