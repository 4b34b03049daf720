import { describe, expect, it } from 'vitest'
import { resources } from './resources'

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort()
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/
/** Namespaces whose keys are codes (`protobuf.syntax`), worded from a `Coded`'s values. */
const CODE_KEYED = new Set<string>(['payloadTools'])
const CODE = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/

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

    it(`${ns}: English keys are their own English text`, () => {
      // The key is the English sentence (gettext style); a plural form shares its base key. A
      // catalog of coded messages (lib/coded.ts) is keyed by the codes instead.
      for (const [key, text] of Object.entries(en)) {
        if (CODE_KEYED.has(ns)) expect(key, `${ns}: "${key}"`).toMatch(CODE)
        else if (!PLURAL_SUFFIX.test(key)) expect(text, `${ns}: "${key}"`).toBe(key)
      }
    })
  }
})
