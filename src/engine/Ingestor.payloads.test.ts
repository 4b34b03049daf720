import { describe, expect, it } from 'vitest'
import { encodeSparkplug } from '../test/sparkplugEncode'
import { LARGE_PAYLOAD_MAX_BYTES, LARGE_PAYLOADS_BUDGET_BYTES, PAYLOAD_KEPT_BYTES } from './budgets'
import { Ingestor, type InboundMessage } from './Ingestor'

const T0 = 1_700_000_000_000

function msg(topic: string, payload: Uint8Array): InboundMessage {
  return { topic, payload, qos: 0, retain: false, dup: false }
}

/** Ingests one message on `topic` and returns the topic's node id. */
function idAfter(ing: Ingestor, topic: string, payload: Uint8Array, now: number): number {
  ing.ingest(msg(topic, payload), now)
  const frame = ing.buildFrame(now, now - T0)
  const names = frame.inserts.names
  const parents = new Map<number, number>()
  const topics = new Map<number, string>()
  frame.inserts.ids.forEach((id, i) => {
    parents.set(id, frame.inserts.parents[i]!)
    const parent = topics.get(frame.inserts.parents[i]!)
    topics.set(id, parent === undefined ? names[i]! : `${parent}/${names[i]!}`)
  })
  for (const [id, t] of topics) if (t === topic) return id
  throw new Error(`no node for ${topic}`)
}

/** Byte equality without vitest's deep diff, which is slow on megabytes. */
function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0
}

describe('Ingestor payloads for download', () => {
  it('hands out a payload whose buffer the caller may transfer, again and again', () => {
    const ing = new Ingestor(1, T0)
    const empty = idAfter(ing, 'empty', new Uint8Array(0), T0)
    const unknown = 999
    // The worker transfers each fetched payload's buffer to the page: a shared empty array
    // would be detached by the first transfer and fail every later one.
    for (const id of [unknown, unknown, empty, empty]) {
      const { payload, size } = ing.payloadOf(id)
      expect(size).toBe(0)
      expect(() => structuredClone(payload, { transfer: [payload.buffer] })).not.toThrow()
    }
    ing.ingest(msg('empty', new Uint8Array(0)), T0 + 1)
    expect(ing.payloadOf(empty).payload.byteLength).toBe(0)
  })

  it('keeps each last value exactly while reusing its buffer, and each log row its own preview', () => {
    const ing = new Ingestor(1, T0)
    const text = new TextEncoder()
    const id = idAfter(ing, 'a', text.encode('{"v":123456}'), T0)
    const decode = (b: Uint8Array) => new TextDecoder().decode(b)
    // Shorter, then longer than the buffer, then much shorter again, all in one frame.
    const values = ['{"v":1}', '{"v":12345678901234567890123}', 'x'.repeat(300), '']
    values.forEach((v, i) => ing.ingest(msg('a', text.encode(v)), T0 + 1 + i))
    const frame = ing.buildFrame(T0 + 10, 2)
    const { previews } = frame.log
    const rows = [...frame.log.topicIds].map((_, i) =>
      decode(previews.bytes.subarray(previews.offsets[i], previews.offsets[i + 1])),
    )
    expect(rows).toEqual(values.map((v) => v.slice(0, 256)))
    expect(decode(ing.payloadOf(id).payload)).toBe('')
    ing.ingest(msg('a', text.encode('{"v":2}')), T0 + 20)
    expect(decode(ing.payloadOf(id).payload)).toBe('{"v":2}')
    ing.ingest(msg('a', text.encode('y'.repeat(500))), T0 + 21)
    expect(decode(ing.payloadOf(id).payload)).toBe('y'.repeat(500))
    ing.ingest(msg('a', text.encode('{"v":3}')), T0 + 22)
    const stats = ing.buildFrame(T0 + 200, 3).stats
    const at = [...stats.ids].indexOf(id)
    expect(
      decode(
        stats.previews.bytes.subarray(stats.previews.offsets[at], stats.previews.offsets[at + 1]),
      ),
    ).toBe('{"v":3}')
    expect(decode(ing.payloadOf(id).payload)).toBe('{"v":3}')
    // Tiny and empty payloads, one after another, on a buffer that fits them all.
    for (const v of ['1', '', '22', '1']) ing.ingest(msg('a', text.encode(v)), T0 + 300)
    expect(decode(ing.payloadOf(id).payload)).toBe('1')
  })

  const big = (n: number) => new Uint8Array(n).fill(7, n - 5)

  it('keeps the selected topic’s payload whole and sends at most PAYLOAD_KEPT_BYTES in frames', () => {
    const ing = new Ingestor(1, T0)
    const id = idAfter(ing, 'blob', new Uint8Array([1]), T0)
    ing.select(id)
    const payload = big(PAYLOAD_KEPT_BYTES * 3)
    ing.ingest(msg('blob', payload), T0 + 10)
    const detail = ing.buildFrame(T0 + 11, 20).detail!
    expect(detail.size).toBe(payload.length)
    expect(detail.payload.byteLength).toBe(PAYLOAD_KEPT_BYTES)
    expect(detail.keptWhole).toBe(true)
    const fetched = ing.payloadOf(id)
    expect(fetched.size).toBe(payload.length)
    expect(same(fetched.payload, payload)).toBe(true)
  })

  it('keeps a large payload whole when it arrived before its topic was selected', () => {
    const ing = new Ingestor(1, T0)
    const payload = big(5_000_000)
    const id = idAfter(ing, 'blob', payload, T0)
    ing.select(id)
    const detail = ing.buildFrame(T0 + 1, 2).detail!
    expect(detail.size).toBe(5_000_000)
    expect(detail.keptWhole).toBe(true)
    expect(detail.cut).toBeUndefined()
    expect(same(ing.payloadOf(id).payload, payload)).toBe(true)
  })

  it('cuts the oldest large payloads when the large-payload budget is full, and says so', () => {
    const ing = new Ingestor(1, T0)
    const each = 10 * 1_048_576
    const n = Math.floor(LARGE_PAYLOADS_BUDGET_BYTES / each) + 1
    const ids = Array.from({ length: n }, (_, i) => idAfter(ing, `b${i}`, big(each), T0 + i))
    // The first one went to make room for the last; the others are still whole.
    expect(ing.payloadOf(ids[0]!).payload.byteLength).toBe(PAYLOAD_KEPT_BYTES)
    expect(ing.payloadOf(ids[1]!).payload.byteLength).toBe(each)
    expect(ing.payloadOf(ids[n - 1]!).payload.byteLength).toBe(each)
    ing.select(ids[0])
    const detail = ing.buildFrame(T0 + 100, 100).detail!
    expect(detail.keptWhole).toBe(false)
    expect(detail.cut).toBe('budget')
    // A small message on a large topic gives its budget back: the next large one fits.
    ing.ingest(msg('b1', new Uint8Array([1])), T0 + 101)
    const again = idAfter(ing, 'again', big(each), T0 + 102)
    expect(ing.payloadOf(again).payload.byteLength).toBe(each)
    expect(ing.payloadOf(ids[2]!).payload.byteLength).toBe(each)
  })

  it('keeps the first PAYLOAD_KEPT_BYTES of a payload over LARGE_PAYLOAD_MAX_BYTES', () => {
    const ing = new Ingestor(1, T0)
    const id = idAfter(ing, 'blob', new Uint8Array(1), T0)
    ing.select(id)
    ing.ingest(msg('blob', new Uint8Array(LARGE_PAYLOAD_MAX_BYTES + 1)), T0 + 1)
    expect(ing.payloadOf(id).payload.byteLength).toBe(PAYLOAD_KEPT_BYTES)
    const detail = ing.buildFrame(T0 + 2, 3).detail!
    expect(detail.keptWhole).toBe(false)
    expect(detail.cut).toBe('limit')
  })

  it('answers an unknown topic with no bytes', () => {
    expect(new Ingestor(1, T0).payloadOf(42)).toEqual({ payload: new Uint8Array(0), size: 0 })
  })

  it('sends the BIRTH of a Sparkplug edge node with the detail of its DATA topic', () => {
    const ing = new Ingestor(1, T0)
    const birth = encodeSparkplug({ metrics: [{ name: 'T', alias: 1, datatype: 10, double: 1 }] })
    ing.ingest(msg('spBv1.0/g/NBIRTH/e1', birth), T0)
    const data = encodeSparkplug({ metrics: [{ alias: 1, datatype: 10, double: 2 }] })
    const id = idAfter(ing, 'spBv1.0/g/NDATA/e1', data, T0 + 1)
    ing.select(id)
    const detail = ing.buildFrame(T0 + 2, 3).detail!
    expect(detail.sparkplugBirths).toEqual([birth])
  })
})

describe('Ingestor message properties and history', () => {
  it('sends the latest message’s dup flag, MQTT 5 properties and the topic’s history', () => {
    const ing = new Ingestor(1, T0)
    const id = idAfter(ing, 'h', new TextEncoder().encode('{"a":1}'), T0)
    ing.select(id)
    const properties = {
      contentType: 'application/json',
      userProperties: { k: ['1', '2'], solo: 'x' },
      correlationData: new Uint8Array([0, 255]),
      subscriptionIdentifier: [1, 7],
    }
    ing.ingest(
      { ...msg('h', new TextEncoder().encode('{"a":2}')), dup: true, qos: 1, properties },
      T0 + 5,
    )
    const detail = ing.buildFrame(T0 + 6, 7).detail!
    expect(detail.dup).toBe(true)
    expect(detail.properties).toEqual(properties)
    expect(Array.from(detail.history.ts)).toEqual([T0 + 5, T0])
    expect(detail.history.properties).toEqual([properties, undefined])
    const { bytes, offsets } = detail.history.payloads
    expect(new TextDecoder().decode(bytes.subarray(offsets[1], offsets[2]))).toBe('{"a":1}')
  })
})
