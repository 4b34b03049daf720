import { describe, expect, it } from 'vitest'
import { SeriesRing } from './SeriesRing'

/** A ring holding times `from..to` (inclusive) with value = 10 × time. */
function filled(capacity: number, from: number, to: number): SeriesRing {
  const ring = new SeriesRing(capacity)
  for (let t = from; t <= to; t++) ring.push(t, t * 10)
  return ring
}

describe('SeriesRing', () => {
  it('starts empty', () => {
    const ring = new SeriesRing(4)
    expect(ring.length).toBe(0)
    expect(ring.capacity).toBe(4)
    expect(ring.evicted).toBe(0)
    expect(ring.lowerBound(0)).toBe(0)
    const { ts, vs } = ring.toArrays()
    expect(ts).toHaveLength(0)
    expect(vs).toHaveLength(0)
  })

  it('keeps pushed points in order until it is full', () => {
    const ring = filled(5, 1, 3)
    expect(ring.length).toBe(3)
    expect([0, 1, 2].map((i) => ring.t(i))).toEqual([1, 2, 3])
    expect([0, 1, 2].map((i) => ring.v(i))).toEqual([10, 20, 30])
    expect(ring.evicted).toBe(0)
  })

  it('overwrites the oldest points past its capacity and counts them', () => {
    const ring = filled(4, 1, 11)
    expect(ring.length).toBe(4)
    expect(ring.evicted).toBe(7)
    expect([0, 1, 2, 3].map((i) => ring.t(i))).toEqual([8, 9, 10, 11])
    expect([0, 1, 2, 3].map((i) => ring.v(i))).toEqual([80, 90, 100, 110])
  })

  it('counts an eviction for every push once full, over many wraps', () => {
    const ring = filled(3, 0, 999)
    expect(ring.length).toBe(3)
    expect(ring.evicted).toBe(997)
    expect(ring.t(0)).toBe(997)
    expect(ring.t(2)).toBe(999)
  })

  it('finds the first index at or after a time on a wrapped ring', () => {
    const ring = filled(5, 1, 8) // holds 4..8, the physical start is mid-array
    expect(ring.lowerBound(0)).toBe(0)
    expect(ring.lowerBound(4)).toBe(0)
    expect(ring.lowerBound(5)).toBe(1)
    expect(ring.lowerBound(6.5)).toBe(3)
    expect(ring.lowerBound(8)).toBe(4)
    expect(ring.lowerBound(9)).toBe(5)
  })

  it('finds the first of equal times', () => {
    const ring = new SeriesRing(8)
    for (const t of [1, 2, 2, 2, 3]) ring.push(t, 0)
    expect(ring.lowerBound(2)).toBe(1)
    expect(ring.lowerBound(2.5)).toBe(4)
  })

  it('copies every point oldest first, wrapped or not', () => {
    const ring = filled(4, 1, 6)
    const { ts, vs } = ring.toArrays()
    expect(Array.from(ts)).toEqual([3, 4, 5, 6])
    expect(Array.from(vs)).toEqual([30, 40, 50, 60])
    // The copies are independent of the ring.
    ring.push(7, 70)
    expect(Array.from(ts)).toEqual([3, 4, 5, 6])
    expect(Array.from(ring.toArrays().ts)).toEqual([4, 5, 6, 7])
  })
})
