import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { WORDED_CODES } from '../engine/reasons'
import { SAVED_KINDS } from '../store/saved'
import { coded } from '../lib/coded'
import { emittedCodes } from '../test/brokerCheckCodes'
import { payloadToolsCodes } from '../test/payloadToolsCodes'
import { i18n } from '.'
import { resources } from './resources'
import { word } from './word'

const SRC = join(import.meta.dirname, '..')

/** App source: every .ts/.tsx under src/ except tests and the test doubles in src/test/. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return path === join(SRC, 'test') ? [] : sourceFiles(path)
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : []
  })
}

/**
 * Codes built at run time, keyed by the template as the source spells it, with every code the
 * template can make. A new template fails the test below until it is listed here, so no code
 * escapes the check.
 */
const TEMPLATES: Record<string, readonly string[]> = {
  // engine/reasons.ts: a reason code with a sentence of its own…
  '${family}.${code}': Object.entries(WORDED_CODES).flatMap(([family, codes]) =>
    codes.map((code) => `${family}.${code}`),
  ),
  // …and the family's fallback, which carries the number.
  '${family}.other': Object.keys(WORDED_CODES).map((family) => `${family}.other`),
  // mqtt/reconnectPolicy.ts: "session taken over" is DISCONNECT reason 142.
  'disconnect.${SESSION_TAKEN_OVER}': ['disconnect.142'],
  // codecs/encode.ts: the two encoders that take JSON.
  'encode.${format}': ['encode.cbor', 'encode.msgpack'],
  // mqtt/publishDraft.ts: one sentence per topic field and problem.
  ...Object.fromEntries(
    ['empty', 'wildcard', 'nul', 'tooLong'].map((problem) => [
      `draft.\${what}.${problem}`,
      ['topic', 'responseTopic', 'willTopic', 'willResponseTopic'].map(
        (f) => `draft.${f}.${problem}`,
      ),
    ]),
  ),
  // mqtt/publishDraft.ts and store/connection.ts: a form field's name inside a sentence.
  'field.${name}': [
    'field.topic',
    'field.payload',
    'field.contentType',
    'field.responseTopic',
    'field.correlationData',
    'field.userProperty',
    'field.messageExpiry',
    'field.topicAlias',
    'field.willDelay',
    'field.willExpiry',
    'field.receiveMaximum',
    'field.maximumPacketSize',
    'field.topicAliasMaximum',
  ],
  // lib/persist.ts: what went wrong with one kind of saved data ("dropped" only where entries count).
  'storage.${kind.name}.${problem}': SAVED_KINDS.flatMap((kind) =>
    ['unreadable', 'newer', 'blocked', 'full', ...(kind.countsEntries ? ['dropped'] : [])].map(
      (problem) => `storage.${kind.name}.${problem}`,
    ),
  ),
  // store/lifecycle.ts: a connection state in the connection log.
  // scripting/sandbox.ts: a throw or syntax error with no place in the script.
  '${code}NoPlace': ['script.threwNoPlace', 'script.syntaxNoPlace'],
  'state.${msg.state}': [
    'state.connected',
    'state.connecting',
    'state.reconnecting',
    'state.disconnected',
  ],
}

/**
 * Catalog entries no `coded(…)` call or template names, each with why it is kept. Keep this
 * short: an entry here is not checked for use.
 */
const KNOWN_DYNAMIC = new Set<string>([])

/**
 * `coded(…)` calls whose code is a variable, each with where its codes are checked instead:
 * the broker check names its outcome codes through `outcome(status, code)` and re-reads them from
 * an export; `emittedCodes()` (src/test/brokerCheckCodes.ts) collects them from its source.
 */
const OPAQUE_CHECKED = new Set([
  'brokercheck/checks/common.ts: coded(code',
  'brokercheck/exportJson.ts: coded(v.meaning.code',
  // Your own payloads pass codes through helpers (`fail('protobuf.encode.wrongType', …)`);
  // src/test/payloadToolsCodes.ts collects them from their source.
  'codecs/protobufJson.ts: coded(code',
  'scripting/sandbox.ts: coded(code',
  'scripting/shapes.ts: coded(code',
])

interface Found {
  codes: Set<string>
  templates: Set<string>
  /** `coded(x)` calls whose code is neither a literal nor a template (file: argument). */
  opaque: string[]
}

/** Every code the app source names in a `coded(…)` call. */
function findCodes(): Found {
  const found: Found = { codes: new Set(), templates: new Set(), opaque: [] }
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8')
    // The first argument of each call; `function coded(` is the definition, not a call.
    for (const m of text.matchAll(/(?<!function )\bcoded\(\s*([^,)]+)/g)) {
      const arg = (m[1] ?? '').trim()
      const literal = /^(['"`])([^'"`]*)\1$/.exec(arg)
      if (literal && !literal[2]!.includes('${')) found.codes.add(literal[2]!)
      else if (literal) found.templates.add(literal[2]!)
      else found.opaque.push(`${relative(SRC, file)}: coded(${arg}`)
    }
  }
  return found
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/

/** The code an entry words: `area.name_one` and `area.name_other` both word `area.name`. */
const codeOf = (key: string) => key.replace(PLURAL_SUFFIX, '')

const found = findCodes()
/** The broker check's sentences (its labels are in the `brokerCheck` namespace, not here). */
const brokerCheckSentences = [...emittedCodes()].filter(
  (c) => c in resources.en.brokerCheck === false,
)
const used = new Set([
  ...found.codes,
  ...[...found.templates].flatMap((t) => TEMPLATES[t] ?? []),
  ...brokerCheckSentences,
  ...payloadToolsCodes(),
])

describe('codes and their sentences', () => {
  it('finds codes in the source (the scan works)', () => {
    // One literal each from three areas, and a template of the engine's reason families.
    expect(found.codes).toContain('filter.hashLevel')
    expect(found.codes).toContain('url.mixedContent')
    expect(found.codes).toContain('record.downloaded')
    expect(found.templates).toContain('${family}.other')
  })

  it('every coded(…) call names its code as a literal or a listed template', () => {
    const opaque = found.opaque.filter((call) => !OPAQUE_CHECKED.has(call))
    expect(opaque, 'pass the code as a literal, or list the template').toEqual([])
    const unlisted = [...found.templates].filter((t) => !(t in TEMPLATES))
    expect(unlisted, 'templates missing from TEMPLATES').toEqual([])
    const stale = Object.keys(TEMPLATES).filter((t) => !found.templates.has(t))
    expect(stale, 'TEMPLATES entries no source uses any more').toEqual([])
  })

  for (const lang of ['en', 'zh'] as const) {
    it(`${lang}: every code the source uses has a sentence`, () => {
      const worded = new Set(Object.keys(resources[lang].codes).map(codeOf))
      const missing = [...used].filter((code) => !worded.has(code)).sort()
      expect(missing, `codes without a sentence in ${lang}`).toEqual([])
    })

    it(`${lang}: every sentence is for a code the source uses`, () => {
      const unused = Object.keys(resources[lang].codes)
        .map(codeOf)
        .filter((code) => !used.has(code) && !KNOWN_DYNAMIC.has(code))
      expect([...new Set(unused)].sort(), `unused entries in ${lang}/codes`).toEqual([])
    })
  }

  it('KNOWN_DYNAMIC lists only entries the catalogs have', () => {
    const en = new Set(Object.keys(resources.en.codes).map(codeOf))
    expect([...KNOWN_DYNAMIC].filter((code) => !en.has(code))).toEqual([])
  })
})

describe('word', () => {
  afterEach(async () => {
    await i18n.changeLanguage('en')
  })

  const recorded = coded('record.downloaded', { count: 3000, size: '1.5 KB', name: 'r.ndjson' })
  const asText = coded('log.filterAsText', {
    problem: coded('filter.hashLevel', { filter: 'a/#/b' }),
  })

  it('picks the plural form, formats the count, and words a coded value first', () => {
    expect(word(recorded)).toBe('Recorded 3,000 messages (1.5 KB); downloaded as r.ndjson.')
    expect(word({ ...recorded, values: { ...recorded.values, count: 1 } })).toBe(
      'Recorded 1 message (1.5 KB); downloaded as r.ndjson.',
    )
    expect(word(asText)).toBe(
      '"#" must be a whole level and the last one (like sensors/#), so "a/#/b" is not a valid filter. Matching it as text instead.',
    )
  })

  it('words the same codes in Chinese', async () => {
    await i18n.changeLanguage('zh')
    expect(word(recorded)).toBe('已录制 3,000 条消息（1.5 KB）；已下载为 r.ndjson。')
    expect(word(asText)).toBe(
      '“#”必须独占一级且位于最后（如 sensors/#），因此“a/#/b”不是有效的过滤器。改为按文本匹配。',
    )
  })
})
