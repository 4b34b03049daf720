import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..')

/**
 * Folders whose visible strings go through the catalogs: every feature (a new one is scanned
 * without being listed), the shell, the shared components and the language switch.
 */
const TRANSLATED = [
  ...readdirSync(join(ROOT, 'features'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => `features/${e.name}`),
  'app',
  'components',
  'i18n',
]

/** Words that read the same in every language: protocol names, units, format names. */
const ALLOWED = new Set([
  'MQTT',
  'QoS',
  'CSV',
  'JSON',
  'URL',
  'ID',
  'CONNACK',
  'OK',
  'PNG',
  'mqtt-scope',
])

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return tsxFiles(path)
    return e.name.endsWith('.tsx') && !e.name.endsWith('.test.tsx') ? [path] : []
  })
}

/**
 * English words (two or more letters) in a text that are not on the allow-list. URLs and topic
 * paths (`sensors/#`) are examples, the same in every language.
 */
const englishWords = (text: string) =>
  (text.replace(/\S*\/\S*/g, '').match(/[A-Za-z][A-Za-z'’-]+/g) ?? []).filter(
    (w) => !ALLOWED.has(w),
  )

/**
 * JSX text nodes (`>Some words<`) and string-literal UI attributes (`aria-label="…"`), with the
 * line each is on. Expressions in braces are not text nodes, so `{t('…')}` passes.
 */
export function bareStrings(code: string): { line: number; text: string }[] {
  // Comments are not UI text (and `=> boolean … <mark>` in one would look like a text node);
  // they are blanked, not removed, so line numbers stay right.
  const source = code.replace(/\/\*[\s\S]*?\*\/|(^|[^:])\/\/.*$/gm, (m) => m.replace(/[^\n]/g, ' '))
  const found: { line: number; text: string }[] = []
  const lineOf = (index: number) => source.slice(0, index).split('\n').length
  for (const m of source.matchAll(/>([^<>{}]*)</g)) {
    const text = (m[1] ?? '').trim()
    // `=>`, comparisons and `a > 0 && b < 1` also match; text nodes do not hold operators.
    if (text && englishWords(text).length > 0 && !/[=;()]|&&|\|\|/.test(text)) {
      found.push({ line: lineOf(m.index), text })
    }
  }
  for (const m of source.matchAll(/\b(aria-label|title|placeholder|alt)="([^"]*)"/g)) {
    if (englishWords(m[2] ?? '').length > 0) found.push({ line: lineOf(m.index), text: m[0] })
  }
  return found
}

describe('visible strings go through i18next', () => {
  it('finds a bare English text node and attribute (the scan works)', () => {
    expect(bareStrings('<p>\n  Clean start\n</p>').map((f) => f.text)).toEqual(['Clean start'])
    expect(bareStrings('<b aria-label="Close tab">{t(`x`)}</b>')).toHaveLength(1)
    expect(bareStrings('<b>{t(`Close`)}</b><i>QoS</i><i>MQTT 5</i>')).toEqual([])
    expect(bareStrings('/** a <b> in words */\n// x > y <z>\n<p>\n  Two words\n</p>')).toEqual([
      { line: 3, text: 'Two words' },
    ])
  })

  for (const folder of TRANSLATED) {
    it(`${folder}: no bare English in JSX`, () => {
      const offenders = tsxFiles(join(ROOT, folder)).flatMap((file) =>
        bareStrings(readFileSync(file, 'utf8')).map(
          (f) => `${relative(ROOT, file)}:${f.line}: ${f.text}`,
        ),
      )
      expect(offenders).toEqual([])
    })
  }
})
