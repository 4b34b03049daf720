import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { RECORD_CHUNK_CHARS, RECORD_FLUSH_MS } from '../engine/budgets'
import type { RecordChunk } from '../wire/mqtt'
import { Recorder } from './recorder'

const utf8 = new TextEncoder()
const text = new TextDecoder()

function lines(chunks: RecordChunk[]): unknown[] {
  return chunks
    .map((c) => text.decode(c.data))
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as unknown)
}

describe('Recorder', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('sends every message whole, as NDJSON, by time and at stop', () => {
    const chunks: RecordChunk[] = []
    const rec = new Recorder((chunk) => chunks.push(chunk))
    const big = new Uint8Array(1000).fill(0x61)
    rec.add(1000, 'a/b', utf8.encode('one'), 1, true)
    rec.add(1001, 'a/c', big, 0, false)
    expect(chunks).toHaveLength(0)
    vi.advanceTimersByTime(RECORD_FLUSH_MS)
    expect(chunks).toHaveLength(1)
    expect(chunks[0]).toMatchObject({ messages: 2, final: false })
    rec.add(1002, 'x', new Uint8Array([0xff]), 2, false)
    rec.stop()
    expect(chunks.at(-1)).toMatchObject({ messages: 3, final: true })
    expect(chunks.at(-1)!.bytes).toBe(chunks.reduce((n, c) => n + c.data.byteLength, 0))
    expect(lines(chunks)).toEqual([
      expect.objectContaining({ topic: 'a/b', payload: 'one', qos: 1, retain: true, size: 3 }),
      expect.objectContaining({ topic: 'a/c', payload: 'a'.repeat(1000), size: 1000 }),
      expect.objectContaining({ topic: 'x', encoding: 'base64', payload: '/w==' }),
    ])
    // Stopped: the timer is gone.
    vi.advanceTimersByTime(RECORD_FLUSH_MS * 4)
    expect(chunks.at(-1)!.final).toBe(true)
  })

  it('holds at most about one chunk: it flushes by size without waiting for the timer', () => {
    const chunks: RecordChunk[] = []
    const rec = new Recorder((chunk) => chunks.push(chunk))
    const payload = utf8.encode('x'.repeat(1000))
    const n = Math.ceil((RECORD_CHUNK_CHARS * 3) / 1000)
    for (let i = 0; i < n; i++) rec.add(i, 't', payload, 0, false)
    expect(chunks.length).toBeGreaterThanOrEqual(2)
    for (const c of chunks) expect(c.data.byteLength).toBeLessThan(RECORD_CHUNK_CHARS + 2000)
    rec.stop()
    expect(lines(chunks)).toHaveLength(n)
    expect(chunks.at(-1)!.messages).toBe(n)
  })
})
