import { describe, expect, it } from 'vitest'
import enLabels from '../i18n/locales/en/brokerCheck.json'
import enCodes from '../i18n/locales/en/codes/brokerCheck.json'
import zhLabels from '../i18n/locales/zh/brokerCheck.json'
import zhCodes from '../i18n/locales/zh/codes/brokerCheck.json'
import { emittedCodes } from '../test/brokerCheckCodes'

describe('brokerCheck catalogs', () => {
  const codes = emittedCodes()

  it('find the codes in the source (the scan works)', () => {
    expect(codes.has('semantics.takeover.silentClose')).toBe(true)
    expect(codes.has('figure.receiveMaximum')).toBe(true)
    expect(codes.size).toBeGreaterThan(200)
  })

  // Both catalogs together: labels (`brokerCheck` namespace) and sentences (`codes`).
  for (const [lang, catalog] of [
    ['en', { ...enLabels, ...enCodes }],
    ['zh', { ...zhLabels, ...zhCodes }],
  ] as const) {
    it(`${lang}: has a sentence for every code the check emits`, () => {
      const missing = [...codes].filter((c) => !(c in catalog))
      expect(missing).toEqual([])
    })

    it(`${lang}: has no sentence for a code the check never emits`, () => {
      // `brokerCheck.*` are the app's (the worker job, the panel's store): codes.test checks them.
      const unused = Object.keys(catalog).filter(
        (k) => !codes.has(k) && !k.startsWith('brokerCheck.'),
      )
      expect(unused).toEqual([])
    })
  }
})
