import { describe, expect, it } from 'vitest'
import { RateWindow } from './RateWindow'

const T0 = 1_700_000_000_000

describe('RateWindow', () => {
  it('counts only complete buckets, so events in the current bucket do not show yet', () => {
    const w = new RateWindow(1000, 100)
    w.add(T0, 50)
    expect(w.rate(T0 + 50)).toBe(0)
    expect(w.rate(T0 + 100)).toBe(50)
  })

  it('gives events per second over the window', () => {
    const w = new RateWindow(1000, 100)
    // 10 events in each of ten buckets: 100 events in one second.
    for (let b = 0; b < 10; b++) for (let i = 0; i < 10; i++) w.add(T0 + b * 100 + i)
    expect(w.rate(T0 + 1000)).toBe(100)
  })

  it('scales to the window length', () => {
    const w = new RateWindow(2000, 100)
    w.add(T0, 40)
    expect(w.rate(T0 + 100)).toBe(20)
  })

  it('forgets events once they slide out of the window', () => {
    const w = new RateWindow(1000, 100)
    w.add(T0, 30)
    expect(w.rate(T0 + 1000)).toBe(30)
    expect(w.rate(T0 + 1100)).toBe(0)
  })

  it('falls to 0 after a long quiet period and counts again afterwards', () => {
    const w = new RateWindow(1000, 100)
    w.add(T0, 30)
    expect(w.rate(T0 + 3_600_000)).toBe(0)
    w.add(T0 + 3_600_000, 7)
    expect(w.rate(T0 + 3_600_100)).toBe(7)
  })

  it('keeps buckets apart when events arrive in consecutive buckets', () => {
    const w = new RateWindow(1000, 100)
    w.add(T0, 10)
    w.add(T0 + 500, 20)
    expect(w.rate(T0 + 600)).toBe(30)
    // The first bucket leaves the window, the second one stays.
    expect(w.rate(T0 + 1100)).toBe(20)
  })
})
