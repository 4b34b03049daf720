import { describe, expect, it } from 'vitest'
import { TopicHistory, type HistoryLimits } from './TopicHistory'

const LIMITS: HistoryLimits = {
  perTopic: 5,
  topicBytes: 4096,
  entryBytes: 1024,
  maxEntries: 1000,
  maxBytes: 1 << 20,
}

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill)
const text = (s: string) => new TextEncoder().encode(s)

/** The payloads of a topic's history as strings, newest first. */
function payloads(h: TopicHistory, topic: number): string[] {
  const { payloads: p } = h.entriesOf(topic)
  const out: string[] = []
  for (let i = 0; i + 1 < p.offsets.length; i++)
    out.push(new TextDecoder().decode(p.bytes.subarray(p.offsets[i], p.offsets[i + 1])))
  return out
}

describe('TopicHistory', () => {
  it('keeps the last perTopic messages of a topic, newest first, with their metadata', () => {
    const h = new TopicHistory(LIMITS)
    for (let i = 0; i < 8; i++) h.add(3, 1000 + i, i & 3, text(`m${i}`), undefined)
    expect(h.countOf(3)).toBe(5)
    expect(payloads(h, 3)).toEqual(['m7', 'm6', 'm5', 'm4', 'm3'])
    const e = h.entriesOf(3)
    expect(Array.from(e.ts)).toEqual([1007, 1006, 1005, 1004, 1003])
    expect(Array.from(e.flags)).toEqual([3, 2, 1, 0, 3])
    expect(h.entries).toBe(5)
  })

  it('copies the payload: later changes to the caller’s buffer do not show', () => {
    const h = new TopicHistory(LIMITS)
    const p = text('abc')
    h.add(0, 1, 0, p, undefined)
    p[0] = 0x7a
    expect(payloads(h, 0)).toEqual(['abc'])
  })

  it('bounds a topic’s bytes, dropping its oldest messages, and wraps its byte ring intact', () => {
    const h = new TopicHistory({ ...LIMITS, perTopic: 100 })
    for (let i = 0; i < 50; i++) h.add(1, i, 0, bytes(1000, i), undefined)
    const e = h.entriesOf(1)
    // 4096 bytes hold 4 messages of 1000.
    expect(e.ts.length).toBe(4)
    expect(Array.from(e.ts)).toEqual([49, 48, 47, 46])
    for (let i = 0; i < 4; i++) {
      const p = e.payloads.bytes.subarray(e.payloads.offsets[i], e.payloads.offsets[i + 1])
      expect(p.every((b) => b === 49 - i)).toBe(true)
    }
  })

  it('keeps the first entryBytes of a large payload with its real size', () => {
    const h = new TopicHistory(LIMITS)
    h.add(2, 1, 0, bytes(5000, 9), undefined)
    const e = h.entriesOf(2)
    expect(e.sizes[0]).toBe(5000)
    expect(e.payloads.offsets[1]).toBe(1024)
  })

  it('mixes payload sizes without corrupting any of them', () => {
    const h = new TopicHistory({ ...LIMITS, perTopic: 7 })
    const sent: string[] = []
    for (let i = 0; i < 300; i++) {
      const s = `${i}:` + 'x'.repeat((i * 37) % 900)
      sent.push(s)
      h.add(4, i, 0, text(s), undefined)
      const got = payloads(h, 4)
      const expected = sent.slice(-got.length).reverse()
      expect(got).toEqual(expected)
      expect(got[0]).toBe(s)
    }
  })

  it('drops the history of the topic quiet the longest when the global entry cap is reached', () => {
    const h = new TopicHistory({ ...LIMITS, maxEntries: 10 })
    for (let t = 0; t < 4; t++)
      for (let i = 0; i < 3; i++) h.add(t, t * 10 + i, 0, text('v'), undefined)
    // 12 entries > 10: topic 0 (the quietest) went.
    expect(h.countOf(0)).toBe(0)
    expect(h.countOf(1)).toBe(3)
    expect(h.entries).toBe(9)
    expect(h.evicted).toBe(3)
    // A new message makes topic 1 the latest: topic 2 is now the quietest and goes next.
    h.add(1, 100, 0, text('v'), undefined)
    h.add(5, 101, 0, text('v'), undefined)
    expect(h.countOf(2)).toBe(0)
    expect(h.countOf(1)).toBe(4)
    expect(h.countOf(3)).toBe(3)
  })

  it('bounds the bytes allocated over 100 000 topics', () => {
    const limits = { ...LIMITS, maxBytes: 1 << 20, maxEntries: 1_000_000 }
    const h = new TopicHistory(limits)
    const p = bytes(40, 1)
    for (let t = 0; t < 100_000; t++) h.add(t, t, 0, p, undefined)
    expect(h.allocatedBytes).toBeLessThanOrEqual(limits.maxBytes)
    expect(h.countOf(99_999)).toBe(1)
    expect(h.countOf(0)).toBe(0)
    expect(h.evicted).toBeGreaterThan(0)
  })

  it('keeps the properties of each message', () => {
    const h = new TopicHistory(LIMITS)
    h.add(0, 1, 0, text('a'), { contentType: 'text/plain' })
    h.add(0, 2, 0, text('b'), undefined)
    expect(h.entriesOf(0).properties).toEqual([undefined, { contentType: 'text/plain' }])
  })

  it('answers an unknown topic with no entries', () => {
    const e = new TopicHistory(LIMITS).entriesOf(42)
    expect(e.ts.length).toBe(0)
    expect(Array.from(e.payloads.offsets)).toEqual([0])
  })
})
