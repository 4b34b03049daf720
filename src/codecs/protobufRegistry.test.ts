import protobuf from 'protobufjs'
import { afterEach, describe, expect, it } from 'vitest'
import { ChartEngine } from '../engine/ChartEngine'
import { buildPublish, EMPTY_DRAFT } from '../mqtt/publishDraft'
import { liveContext } from '../mqtt/templateVars'
import { seriesKey, type SeriesSource } from '../wire/frame'
import type { ProtoRef } from '../wire/protobuf'
import { decodePayload } from './payload'
import { pageProtobuf, ProtoRegistry } from './protobufRegistry'
import { schemaSetId } from './protobufSchema'

const files = [
  {
    name: 'meter.proto',
    text: 'syntax = "proto3";\npackage acme;\nimport "unit.proto";\nmessage Reading { double watts = 1; int64 total = 2; Unit unit = 3; }\n',
  },
  { name: 'unit.proto', text: 'syntax = "proto3";\npackage acme;\nenum Unit { W = 0; KW = 1; }\n' },
]
const set = { id: schemaSetId(files), files }
const ref: ProtoRef = { schemaId: set.id, type: 'acme.Reading' }

/** Bytes encoded outside the codecs under test: protobufjs straight from the texts. */
function encode(value: Record<string, unknown>): Uint8Array {
  const root = new protobuf.Root()
  for (const f of files) protobuf.parse(f.text, root, { keepCase: true })
  const T = root.lookupType('acme.Reading')
  return T.encode(T.fromObject(value)).finish()
}

afterEach(() => {
  pageProtobuf.registry.setSets([])
  pageProtobuf.refFor = () => undefined
})

describe('ProtoRegistry', () => {
  it('decodes by set id and type; an unknown set is a code, and a later set fixes it', () => {
    const registry = new ProtoRegistry()
    const bytes = encode({ watts: 12.5, total: 7, unit: 1 })
    expect(registry.decode(ref, bytes)).toEqual({
      ok: false,
      error: { code: 'protobuf.schemaMissing', values: { type: 'acme.Reading' } },
    })
    registry.setSets([set])
    expect(registry.decode(ref, bytes)).toEqual({
      ok: true,
      value: { watts: 12.5, total: '7', unit: 'KW' },
    })
    const bad = registry.decode({ ...ref, type: 'acme.Nope' }, bytes)
    expect(bad.ok ? undefined : bad.error.code).toBe('protobuf.typeNotFound')
  })

  it('is what decodePayload uses for a topic bound to protobuf; a bad payload is a note', () => {
    pageProtobuf.registry.setSets([set])
    pageProtobuf.refFor = (topic) => (topic === 'meter/1' ? ref : undefined)
    const ok = decodePayload(encode({ watts: 3 }), 'protobuf', undefined, false, {
      topic: 'meter/1',
    })
    expect(ok).toMatchObject({ kind: 'protobuf', value: { watts: 3, total: '0', unit: 'W' } })
    expect(JSON.parse(ok.text)).toEqual({ watts: 3, total: '0', unit: 'W' })
    const broken = decodePayload(new Uint8Array([0x0f, 0xff]), 'protobuf', undefined, false, {
      topic: 'meter/1',
    })
    expect(broken.kind).toBe('hex')
    expect(broken.note?.code).toMatch(/^protobuf\.decode\./)
    const unbound = decodePayload(encode({ watts: 3 }), 'protobuf', undefined, false, {
      topic: 'other',
    })
    expect(unbound.note?.code).toBe('protobuf.notBound')
  })
})

describe('ChartEngine with protobuf series', () => {
  it('charts a numeric field of each decoded message; undecodable ones add no point', () => {
    const registry = new ProtoRegistry()
    registry.setSets([set])
    const engine = new ChartEngine(registry)
    const source: SeriesSource = { kind: 'value', topic: 'meter/1', path: 'watts', protobuf: ref }
    const rates = {
      received: () => 0,
      subtreeCount: () => 0,
      topicCount: () => 0,
      topicOf: () => '',
      countOf: () => 0,
    }
    engine.setViews(
      [
        {
          chartId: 'c',
          series: [{ key: seriesKey(source), source }],
          windowMs: 60_000,
          widthPx: 100,
        },
      ],
      1000,
      rates,
    )
    engine.onMessage('meter/1', encode({ watts: 1.5 }), 1001)
    engine.onMessage('meter/1', new Uint8Array([0xff, 0xff]), 1002)
    engine.onMessage('meter/1', encode({ watts: 2.5 }), 1003)
    const { ts, vs } = engine.exportSeries(seriesKey(source))
    expect([...ts]).toEqual([1001, 1003])
    expect([...vs]).toEqual([1.5, 2.5])
  })
})

describe('the composer with format protobuf', () => {
  const registry = new ProtoRegistry()
  registry.setSets([set])
  const forTopic = (topic: string) =>
    topic.startsWith('meter/')
      ? registry.codec(ref)
      : { ok: false as const, error: { code: 'protobuf.notBound' } }
  const draft = (topic: string, payload: string) => ({
    ...EMPTY_DRAFT,
    topic,
    payload,
    format: 'protobuf' as const,
  })

  it('encodes JSON with the type bound to the topic, byte for byte as protobufjs does', () => {
    const built = buildPublish(
      draft('meter/{{counter}}', '{"watts": 7.5, "unit": "KW", "total": "9"}'),
      liveContext(3),
      5,
      forTopic,
    )
    expect(built.ok && built.message.topic).toBe('meter/3')
    expect(built.ok && [...built.message.payload]).toEqual([
      ...encode({ watts: 7.5, unit: 1, total: 9 }),
    ])
  })

  it('says what does not fit the type, and when no type is bound', () => {
    const wrong = buildPublish(draft('meter/1', '{"watts": "high"}'), liveContext(0), 5, forTopic)
    expect(wrong).toMatchObject({
      ok: false,
      field: 'payload',
      error: { code: 'protobuf.encode.wrongType', values: { path: 'watts' } },
    })
    const unknown = buildPublish(draft('meter/1', '{"volts": 1}'), liveContext(0), 5, forTopic)
    expect(unknown).toMatchObject({ ok: false, error: { code: 'protobuf.encode.unknownField' } })
    const unbound = buildPublish(draft('other', '{}'), liveContext(0), 5, forTopic)
    expect(unbound).toMatchObject({ ok: false, error: { code: 'protobuf.notBound' } })
  })
})
