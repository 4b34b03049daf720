import { i18n } from '.'
import { resources } from './resources'

/**
 * The worker words connection and subscription failures in English (src/engine/reasons.ts,
 * src/mqtt/sessionCore.ts) and often joins several sentences into one reason; the stores and
 * the publish draft checks word their messages in English too. Rather than change the worker
 * protocol and every store API, the UI translates by key where it shows such a text: every
 * English sentence template of the "reasons" catalog is found in the text, its {{values}} read
 * back, and the sentence replaced by its translation. These texts change at human speed, so the
 * scan costs nothing that matters; a sentence not in the catalog stays English.
 */
interface Matcher {
  key: string
  names: string[]
  re: RegExp
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

// Longest first, so a table sentence wins over a shorter one it contains.
const MATCHERS: Matcher[] = Object.keys(resources.en.reasons)
  .sort((a, b) => b.length - a.length)
  .map((key) => {
    const names: string[] = []
    const body = key
      .split(/\{\{(\w+)\}\}/)
      .map((part, i) => (i % 2 === 1 ? (names.push(part), '(.+?)') : escapeRe(part)))
      .join('')
    // A sentence's last '.' or ')' is not followed by a word or a dot: a topic or URL value may
    // itself contain a '.'.
    // A value that ends the template (payload notes: "not valid JSON: <error>") runs to the
    // end of its note: notes are joined with "; ".
    const end = /[.)]$/.test(key) ? '(?![\\w.])' : /\}\}$/.test(key) ? '(?=;|$)' : ''
    return { key, names, re: new RegExp(body + end, 'g') }
  })

/** A value that is a duration the worker wrote ("2 s", "500 ms"), in the UI language's unit. */
const DURATION = /^(\d+(?:\.\d+)?) (s|ms)$/

/** A worker-made reason in the UI language (unchanged in English). */
export function translateReason(text: string): string {
  if (!text || i18n.resolvedLanguage === 'en') return text
  // Typed keys cannot follow a key chosen at run time; every key here is one of the catalog's.
  const t = i18n.getFixedT(null, 'reasons') as (key: string, values: object) => string
  const unit = (value: string | undefined) => {
    const d = value === undefined ? null : DURATION.exec(value)
    if (!d) return value
    return d[2] === 's'
      ? i18n.t('{{n}} s', { ns: 'common', n: d[1] })
      : i18n.t('{{n}} ms', { ns: 'common', n: d[1] })
  }
  let out = text
  for (const { key, names, re } of MATCHERS) {
    out = out.replace(re, (...groups: string[]) => {
      const values = Object.fromEntries(names.map((n, i) => [n, unit(groups[i + 1])]))
      return t(key, values)
    })
  }
  return out
}
