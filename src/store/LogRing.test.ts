import { describe, expect, it } from 'vitest'
import { LogRing } from './LogRing'
import type { LogRows } from '../wire/frame'
import { packPreviews } from '../engine/Ingestor'

/** A frame's log rows whose previews are the given strings. */
function rows(texts: string[]): LogRows {
  const parts = texts.map((t) => new TextEncoder().encode(t))
  const n = texts.length
  return {
    topicIds: new Int32Array(n).fill(1),
    ts: new Float64Array(n).fill(5),
    sizes: new Uint32Array(parts.map((p) => p.length)),
    flags: new Uint8Array(n),
    previews: packPreviews(parts),
  }
}

const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b)

describe('LogRing', () => {
  it('gives each row its own preview, the same object at every read while the row is held', () => {
    const ring = new LogRing(3)
    ring.append(rows(['a', 'bb']))
    ring.append(rows(['ccc']))
    expect([0, 1, 2].map((i) => text(ring.row(i)?.preview))).toEqual(['a', 'bb', 'ccc'])
    // A memoised log row compares its preview by identity: a second read must not make a new view.
    expect(ring.row(1)?.preview).toBe(ring.row(1)?.preview)
  })

  it('reads the new row in a slot written again, and none that was evicted', () => {
    const ring = new LogRing(2)
    ring.append(rows(['one', 'two']))
    const before = ring.row(1)?.preview
    ring.append(rows(['three', 'four']))
    expect(ring.row(0)).toBeUndefined()
    expect(ring.row(1)).toBeUndefined()
    expect(text(ring.row(2)?.preview)).toBe('three')
    expect(text(ring.row(3)?.preview)).toBe('four')
    expect(ring.row(3)?.preview).not.toBe(before)
    expect(ring.evicted).toBe(2)
  })

  it('keeps only the newest rows of a frame larger than the ring', () => {
    const ring = new LogRing(2)
    ring.append(rows(['x', 'y', 'z']))
    expect(ring.first).toBe(1)
    expect([1, 2].map((i) => text(ring.row(i)?.preview))).toEqual(['y', 'z'])
    ring.clear()
    expect(ring.total).toBe(0)
    expect(ring.row(0)).toBeUndefined()
  })
})
