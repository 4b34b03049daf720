import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import en from '../i18n/locales/en/brokerCheck.json'
import zh from '../i18n/locales/zh/brokerCheck.json'
import { CHECK_GROUPS, CHECK_IDS, type Unit } from './types'
import { STATUSES } from './scorecard'

const dir = path.dirname(new URL(import.meta.url).pathname)

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
function emittedCodes(): Set<string> {
  const text = sources()
  const codes = new Set<string>()
  const patterns = [
    /outcome\(\s*'[a-z]+',\s*'([\w.]+)'/g,
    /coded\(\s*'([\w.]+)'/g,
    /code:\s*'([\w.]+)'/g,
    /\bq\(\s*'(\w+)'/g,
    /\bbool\(\s*'(\w+)'/g,
    /key:\s*'(\w+)'/g,
  ]
  patterns.forEach((re, i) => {
    for (const m of text.matchAll(re)) codes.add(i >= 3 ? `figure.${m[1]}` : (m[1] ?? ''))
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

describe('brokerCheck catalogs', () => {
  const codes = emittedCodes()

  it('find the codes in the source (the scan works)', () => {
    expect(codes.has('semantics.takeover.silentClose')).toBe(true)
    expect(codes.has('figure.receiveMaximum')).toBe(true)
    expect(codes.size).toBeGreaterThan(200)
  })

  for (const [lang, catalog] of [
    ['en', en],
    ['zh', zh],
  ] as const) {
    it(`${lang}: has a sentence for every code the check emits`, () => {
      const missing = [...codes].filter((c) => !(c in catalog))
      expect(missing).toEqual([])
    })

    it(`${lang}: has no sentence for a code the check never emits`, () => {
      const unused = Object.keys(catalog).filter((k) => !codes.has(k))
      expect(unused).toEqual([])
    })
  }
})
