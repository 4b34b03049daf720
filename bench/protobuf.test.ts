// The protobuf step's two halves meet only in a browser: the publisher's bytes and the saved
// state the seed page writes. These tests hold them to the app's own code: the bytes decode with
// the app's compiler of bench.proto, and the seeded entries load through the app's loaders whole.
import { describe, expect, it } from 'vitest'
import { compileSchemaSet } from '../src/codecs/protobufSchema'
import { loadSaved, type StorageLike } from '../src/lib/persist'
import { topicMatches } from '../src/engine/topicFilter'
import { savedDecoders } from '../src/store/saved/decoders'
import { savedSchemas } from '../src/store/saved/schemas'
import { savedTabs } from '../src/store/saved/tabs'
import { SERIES_COLORS } from '../src/store/chartsStore'
import { JSON_TOPIC, PB_TOPIC } from './config'
import { PROTO_FILE, PROTO_TYPE, readingAt, readingEncoder, readingJson } from './reading'
import { PB_FILTER, SEED_COLORS, seedEntries, seedPage } from './seed'

const storageOf = (entries: Record<string, string>): StorageLike => {
  const map = new Map(Object.entries(entries))
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  }
}

describe('the busy topic payloads', () => {
  it('encodes readings the app decodes back to the same numbers as the JSON payload', () => {
    const compiled = compileSchemaSet([PROTO_FILE])
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors))
    const codec = compiled.set.codec(PROTO_TYPE)
    if (!codec.ok) throw new Error(codec.error.code)
    const encode = readingEncoder()
    for (const seq of [0, 1, 37, 999, 123_456]) {
      const bytes = encode(readingAt(seq))
      const decoded = codec.codec.decode(new Uint8Array(bytes))
      const json: unknown = JSON.parse(readingJson(readingAt(seq)))
      expect(decoded).toEqual({ ok: true, value: json })
    }
  })

  it('keeps the JSON payload as it was: four fields, two decimals each', () => {
    expect(readingJson(readingAt(0))).toBe('{"t":21.00,"h":45.00,"p":1013.00,"c":600.00}')
    expect(readingJson({ t: 1.5, h: -2, p: 0.01, c: 10 })).toBe(
      '{"t":1.50,"h":-2.00,"p":0.01,"c":10.00}',
    )
  })
})

describe('the seeded saved state', () => {
  const broker = 'ws://127.0.0.1:41234'
  const storage = storageOf(seedEntries(broker))

  it('loads through the app’s loaders with nothing dropped', () => {
    const schemas = loadSaved(savedSchemas, storage)
    const decoders = loadSaved(savedDecoders, storage)
    const tabs = loadSaved(savedTabs, storage)
    for (const loaded of [schemas, decoders, tabs]) expect(loaded.notice).toBeUndefined()

    const [set] = schemas.value.sets
    const compiled = compileSchemaSet(set!.files)
    if (!compiled.ok) throw new Error('the seeded schema does not compile')
    // The app keys its compiled sets by content: the seeded id must be the one it computes.
    expect(set!.id).toBe(compiled.set.id)
    expect(compiled.set.messageTypes).toEqual([PROTO_TYPE])
    expect(schemas.value.bindings).toEqual([
      { filter: PB_FILTER, schemaId: set!.id, type: PROTO_TYPE },
    ])
    expect(decoders.value.bindings).toEqual([{ filter: PB_FILTER, format: 'protobuf' }])

    const [tab] = tabs.value.tabs
    expect(tabs.value.shownId).toBe(tab!.id)
    expect(tab!.form).toEqual({ url: broker, version: '5' })
    expect(tab!.subscriptions).toEqual([{ filter: '#', qos: 0 }])
    const [chart] = tab!.charts
    expect(chart!.series.map((s) => s.source)).toEqual(
      ['t', 'h', 'p', 'c'].map((path) => ({
        kind: 'value',
        topic: PB_TOPIC,
        path,
        protobuf: { schemaId: set!.id, type: PROTO_TYPE },
      })),
    )
  })

  it('binds the protobuf topic only, with the colours the JSON step’s chart gets', () => {
    expect(topicMatches(PB_FILTER, PB_TOPIC)).toBe(true)
    expect(topicMatches(PB_FILTER, JSON_TOPIC)).toBe(false)
    expect(SEED_COLORS).toEqual(SERIES_COLORS.slice(0, 4))
  })

  it('writes the entries and goes on, with no way for a value to end its script', () => {
    const html = seedPage({ k: '</script><b>' }, '/?connect=1')
    expect(html).not.toContain('</script><b>')
    const json = /const \{ entries, next \} = (.*)\n/.exec(html)?.[1]
    expect(JSON.parse(json!)).toEqual({ entries: { k: '</script><b>' }, next: '/?connect=1' })
  })
})
