import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { CHECK_GROUPS, CHECK_IDS, type Unit } from '../brokercheck/types'
import { STATUSES } from '../brokercheck/scorecard'

/**
 * The codes and labels the broker check can hand to the view. Its checks name their outcome
 * codes through helpers (`outcome('pass', 'semantics.shared.split')`, `q('p50')`), not through
 * `coded('…')` literals, so the catalog tests (src/brokercheck/catalog.test.ts and
 * src/i18n/codes.test.ts) share this scan of its source.
 */
const dir = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'brokercheck')

/** The module's source, tests left out. */
function sources(): string {
  const files: string[] = []
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) files.push(p)
    }
  }
  walk(dir)
  return files.map((f) => readFileSync(f, 'utf8')).join('\n')
}

/** Every code the module can hand to the view: literal ones from the source, built ones listed. */
export function emittedCodes(): Set<string> {
  const text = sources()
  const codes = new Set<string>()
  const patterns = [
    /outcome\(\s*'[a-z]+',\s*'([\w.]+)'/g,
    /coded\(\s*'([\w.]+)'/g,
    /code:\s*'([\w.]+)'/g,
    /\blabel\(\s*'([\w.]+)'/g,
    /\bq\(\s*'(\w+)'/g,
    /\bbool\(\s*'(\w+)'/g,
    /key:\s*'(\w+)'/g,
  ]
  patterns.forEach((re, i) => {
    for (const m of text.matchAll(re)) codes.add(i >= 4 ? `figure.${m[1]}` : (m[1] ?? ''))
  })
  // Built from parts (`${name}.${kind}`, `check.${id}` …).
  for (const v of ['reach.mqtt5', 'reach.mqtt311'])
    for (const k of ['accepted', 'refused', 'closed', 'timeout', 'tooManyClients'])
      codes.add(`${v}.${k}`)
  for (const k of ['ok', 'refused', 'closed', 'timeout', 'budget', 'announced'])
    codes.add(`limits.payload.${k}`)
  for (const name of ['topicLength', 'topicLevels', 'clientIdLength'])
    for (const k of ['ok', 'refused', 'closed', 'timeout']) codes.add(`limits.${name}.${k}`)
  for (const id of CHECK_IDS) codes.add(`check.${id}`)
  for (const g of CHECK_GROUPS) codes.add(`group.${g}`)
  for (const s of STATUSES) codes.add(`status.${s}`)
  for (const p of ['auto', '5', '3.1.1']) codes.add(`protocol.${p}`)
  // quantityValue: `coded(q.value ? 'value.yes' : 'value.no')`.
  for (const m of text.matchAll(/'(value\.(?:yes|no))'/g)) codes.add(m[1] ?? '')
  const units: Unit[] = ['ms', 's', 'bytes', 'count', 'msgsPerSec', 'percent', 'qos']
  for (const u of units) codes.add(`unit.${u}`)
  return codes
}
