import { describe, expect, it } from 'vitest'
import { resources } from './resources'

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort()
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/
/**
 * Label namespaces keyed by stable identifiers rather than by English text: the broker check's
 * names of checks, groups, statuses, figures and units, addressed by check id (its sentences
 * are in `codes`).
 */
const CODE_KEYED: ReadonlySet<string> = new Set(['brokerCheck'])

describe('translation catalogs', () => {
  const namespaces = Object.keys(resources.en) as (keyof typeof resources.en)[]

  it('have the same namespaces in every language', () => {
    expect(Object.keys(resources.zh).sort()).toEqual([...namespaces].sort())
  })

  for (const ns of namespaces) {
    const en: Record<string, string> = resources.en[ns]
    const zh: Record<string, string> = resources.zh[ns]

    it(`${ns}: Chinese has exactly the English keys`, () => {
      expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort())
    })

    it(`${ns}: every translation keeps the placeholders and is not empty`, () => {
      for (const [key, text] of Object.entries(en)) {
        const other = zh[key] ?? ''
        expect(other.trim(), `${ns}: "${key}" is empty in zh`).not.toBe('')
        expect(placeholders(other), `${ns}: "${key}" placeholders in zh`).toEqual(
          placeholders(text),
        )
      }
    })

    if (ns === 'codes')
      it('codes: every key is a dotted code (area.name), never a sentence', () => {
        for (const key of Object.keys(en))
          expect(key, `codes: "${key}"`).toMatch(
            /^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+(_(one|other))?$/,
          )
      })
    else if (CODE_KEYED.has(ns))
      it(`${ns}: keys are dotted identifiers`, () => {
        for (const key of Object.keys(en))
          expect(key, `${ns}: "${key}"`).toMatch(/^[a-zA-Z0-9]+(\.[\w.]+)+$/)
      })
    else
      it(`${ns}: English keys are their own English text`, () => {
        // The key is the English sentence (gettext style); a plural form shares its base key.
        for (const [key, text] of Object.entries(en)) {
          if (!PLURAL_SUFFIX.test(key)) expect(text, `${ns}: "${key}"`).toBe(key)
        }
      })
  }
})
