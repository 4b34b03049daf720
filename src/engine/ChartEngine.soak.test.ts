import { describe, expect, it } from 'vitest'
import { seriesKey, type SeriesSource } from '../wire/frame'
import { CHART_POINTS_PER_PX, SERIES_RING_CAPACITY } from './budgets'
import { ChartEngine, type RateSource } from './ChartEngine'

const T0 = 1_700_000_000_000
const utf8 = new TextEncoder()

/** Value series only: nothing here reads the connection's rates. */
const noRates: RateSource = {
  received: () => 0,
  subtreeCount: () => undefined,
  topicCount: () => 0,
  topicOf: () => '',
  countOf: () => 0,
}

/** The e2e soak's signal: a sine with a spike every 997 samples. */
const signal = (i: number) => Math.sin(i / 50) * 100 + (i % 997 === 0 ? 500 : 0)

describe('ChartEngine at 1 000 samples/s for 60 s (the soak, on a simulated clock)', () => {
  it('stays within two points per pixel at every update while the ring wraps', () => {
    // 60 000 samples, 1 ms apart, into one series of a 600 px chart with a 60 s window: more
    // than SERIES_RING_CAPACITY, so the ring wraps. Built once a simulated second.
    const RATE = 1000
    const TOTAL = 60 * RATE
    const WIDTH = 600
    const budget = CHART_POINTS_PER_PX * WIDTH + 1
    const source = { kind: 'value', topic: 'fast/signal' } as SeriesSource
    const key = seriesKey(source)
    const engine = new ChartEngine()
    engine.setViews(
      [{ chartId: 'c1', series: [{ key, source }], windowMs: 60_000, widthPx: WIDTH }],
      T0,
      noRates,
    )
    const values = Float64Array.from({ length: TOTAL }, (_, i) => signal(i))
    let builds = 0
    for (let i = 0; i < TOTAL; i++) {
      const now = T0 + 1 + i
      engine.onMessage('fast/signal', utf8.encode(String(values[i])), now)
      if ((i + 1) % RATE !== 0) continue
      const s = engine.build(now)[0]!.series[0]!
      builds++
      const held = Math.min(i + 1, SERIES_RING_CAPACITY)
      expect(s.xs.length).toBeLessThanOrEqual(budget)
      expect(s.ys.length).toBe(s.xs.length)
      expect(s.count).toBe(held)
      expect(s.evicted).toBe(i + 1 - held)
      expect(s.last).toBe(values[i])
      // Downsampling keeps the extremes: the spikes still held are drawn.
      let max = -Infinity
      for (let j = i + 1 - held; j <= i; j++) max = Math.max(max, values[j]!)
      expect(s.max).toBe(max)
      expect(Array.from(s.ys)).toContain(max)
    }
    expect(builds).toBe(60)
    expect(engine.exportSeries(key).ts).toHaveLength(SERIES_RING_CAPACITY)
  })
})
