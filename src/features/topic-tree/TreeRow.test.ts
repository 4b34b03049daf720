import { describe, expect, it } from 'vitest'
import { i18n } from '../../i18n'
import { age } from './TreeRow'

describe('age', () => {
  // The ages are compiled once per language (filler); they must read as t() would write them.
  it.each(['en', 'zh'])('reads as the %s translation at every unit', async (lng) => {
    await i18n.changeLanguage(lng)
    const t = i18n.getFixedT(lng, 'topicTree')
    expect(age(400, t)).toBe(t('now'))
    expect(age(5_300, t)).toBe(t('< 1 min ago'))
    expect(age(42_000, t)).toBe(t('< 1 min ago'))
    expect(age(125_000, t)).toBe(t('{{n}} min ago', { n: 2 }))
    expect(age(3 * 3_600_000, t)).toBe(t('{{n}} h ago', { n: 3 }))
    expect(age(59_000, t)).not.toBe(age(60_000, t))
  })
})
