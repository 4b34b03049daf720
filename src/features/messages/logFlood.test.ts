import { describe, expect, it } from 'vitest'
import { LOG_FLOOD_EVERY_MS, LOG_FLOOD_SCREENS_PER_S } from '../../engine/budgets'
import { LogFlood } from './logFlood'

/** A LogFlood with `shown` rows on screen, fed `perSecond` rows a second for `seconds`. */
function feed(
  flood: LogFlood,
  from: { t: number; total: number },
  perSecond: number,
  seconds: number,
) {
  const verdicts: boolean[] = []
  // Judged at every 200 ms repaint, as the log does.
  for (let k = 1; k <= seconds * 5; k++) {
    from.t += 200
    from.total += perSecond / 5
    verdicts.push(flood.update(from.t, from.total, 'ring'))
  }
  return verdicts
}

describe('LogFlood', () => {
  it('is flooded once a second of rows turned an 11-row screen over more than once', () => {
    const flood = new LogFlood()
    flood.setShown(11)
    const at = { t: 0, total: 0 }
    expect(flood.update(0, 0, 'ring')).toBe(false)
    const verdicts = feed(flood, at, 100, 2)
    // Not judged before a whole LOG_FLOOD_EVERY_MS has passed, then flooded.
    expect(verdicts.slice(0, LOG_FLOOD_EVERY_MS / 200 - 1)).toEqual([false, false, false, false])
    expect(verdicts.at(-1)).toBe(true)
    expect(flood.flooded).toBe(true)
  })

  it('is not flooded while rows come slower than a screenful a second', () => {
    const flood = new LogFlood()
    flood.setShown(11)
    flood.update(0, 0, 'ring')
    expect(feed(flood, { t: 0, total: 0 }, 10, 5)).not.toContain(true)
  })

  it('stays flooded down to half the rate that flooded it, and no lower', () => {
    const flood = new LogFlood()
    flood.setShown(10)
    const at = { t: 0, total: 0 }
    flood.update(0, 0, 'ring')
    feed(flood, at, 100, 2)
    expect(flood.flooded).toBe(true)
    // 0.6 screens a second: under the line that starts a flood, over the one that ends it.
    expect(LOG_FLOOD_SCREENS_PER_S / 2).toBeLessThan(0.6)
    expect(feed(flood, at, 6, 3).at(-1)).toBe(true)
    expect(feed(flood, at, 4, 2).at(-1)).toBe(false)
  })

  it('counts from the start again for another log, or a log that started over', () => {
    const flood = new LogFlood()
    flood.setShown(10)
    flood.update(0, 0, 'ring')
    // A connection shown after another: its total is no rate of this one.
    expect(flood.update(1000, 50_000, 'other ring')).toBe(false)
    expect(flood.update(2000, 50_005, 'other ring')).toBe(false)
    // Cleared: the total fell.
    expect(flood.update(3000, 3, 'other ring')).toBe(false)
    expect(flood.update(4000, 500, 'other ring')).toBe(true)
  })
})
