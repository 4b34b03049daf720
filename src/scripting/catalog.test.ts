import { describe, expect, it } from 'vitest'
import en from '../i18n/locales/en/codes/payloadTools.json'
import zh from '../i18n/locales/zh/codes/payloadTools.json'
import { payloadToolsCodes } from '../test/payloadToolsCodes'

describe('payloadTools codes', () => {
  it('words every code the modules emit, in English and Chinese', () => {
    const codes = payloadToolsCodes()
    expect(codes.size).toBeGreaterThan(40)
    for (const code of codes) {
      expect(Object.keys(en), code).toContain(code)
      expect(Object.keys(zh), code).toContain(code)
    }
  })
})
