import { describe, expect, it } from 'vitest'
import { encodeSparkplug } from '../test/sparkplugEncode'
import { PAYLOAD_KEPT_BYTES, SELECTED_PAYLOAD_MAX_BYTES } from './budgets'
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

describe('Ingestor payloads for download', () => {
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
    expect(fetched.payload).toEqual(payload)
  })

  it('keeps PAYLOAD_KEPT_BYTES of a topic that was not selected, and says it is not whole', () => {
    const ing = new Ingestor(1, T0)
    const payload = big(PAYLOAD_KEPT_BYTES + 10)
    const id = idAfter(ing, 'blob', payload, T0)
    ing.select(id)
    const detail = ing.buildFrame(T0 + 1, 2).detail!
    expect(detail.keptWhole).toBe(false)
    expect(ing.payloadOf(id).payload.byteLength).toBe(PAYLOAD_KEPT_BYTES)
    expect(ing.payloadOf(id).size).toBe(payload.length)
  })

  it('keeps no more than SELECTED_PAYLOAD_MAX_BYTES even of the selected topic', () => {
    const ing = new Ingestor(1, T0)
    const id = idAfter(ing, 'blob', new Uint8Array([1]), T0)
    ing.select(id)
    ing.ingest(msg('blob', new Uint8Array(SELECTED_PAYLOAD_MAX_BYTES + 1)), T0 + 1)
    expect(ing.payloadOf(id).payload.byteLength).toBe(SELECTED_PAYLOAD_MAX_BYTES)
    expect(ing.buildFrame(T0 + 2, 3).detail!.keptWhole).toBe(false)
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
