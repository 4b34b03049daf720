import { describe, expect, it } from 'vitest'
import { seriesKey, type ChartView, type SeriesSource, type SeriesSpec } from '../wire/frame'
import { CHART_CALM_HZ, CHART_MAX_HZ, CHART_MAX_WIDTH_PX, MAX_SERIES } from './budgets'
import { ChartEngine, type RateSource } from './ChartEngine'

const T0 = 1_700_000_000_000
const utf8 = new TextEncoder()

/** Topic counters as the ingest engine keeps them: ids 1..n in creation order, parents first. */
class FakeRates implements RateSource {
  total = 0
  readonly topics: string[] = []
  readonly counts: number[] = []

  /** Records `n` messages on `topic`, creating it and its ancestors as needed. */
  add(topic: string, n = 1): void {
    const levels = topic.split('/')
    for (let i = 1; i <= levels.length; i++) {
      const t = levels.slice(0, i).join('/')
      if (!this.topics.includes(t)) {
        this.topics.push(t)
        this.counts.push(0)
      }
    }
    this.counts[this.topics.indexOf(topic)]! += n
    this.total += n
  }

  received(): number {
    return this.total
  }
  subtreeCount(topic: string): number | undefined {
    if (!this.topics.includes(topic)) return undefined
    let sum = 0
    this.topics.forEach((t, i) => {
      if (t === topic || t.startsWith(`${topic}/`)) sum += this.counts[i]!
    })
    return sum
  }
  topicCount(): number {
    return this.topics.length
  }
  topicOf(id: number): string {
    return this.topics[id - 1]!
  }
  countOf(id: number): number {
    return this.counts[id - 1] ?? 0
  }
}

function spec(source: SeriesSource): SeriesSpec {
  return { key: seriesKey(source), source }
}

function view(series: SeriesSource[], opts: Partial<ChartView> = {}): ChartView {
  return { chartId: 'c1', series: series.map(spec), windowMs: 60_000, widthPx: 300, ...opts }
}

const value = (topic: string, more: Partial<SeriesSource> = {}): SeriesSource =>
  ({ kind: 'value', topic, ...more }) as SeriesSource

function send(engine: ChartEngine, topic: string, payload: string, now: number): void {
  engine.onMessage(topic, utf8.encode(payload), now)
}

function exported(engine: ChartEngine, source: SeriesSource): [number[], number[]] {
  const { ts, vs } = engine.exportSeries(seriesKey(source))
  return [Array.from(ts), Array.from(vs)]
}

describe('ChartEngine series', () => {
  it('charts nothing before views are set', () => {
    const engine = new ChartEngine()
    expect(engine.hasValueSeries).toBe(false)
    send(engine, 'a/t', '1', T0)
    expect(exported(engine, value('a/t'))).toEqual([[], []])
    expect(engine.due(T0)).toBe(false)
    expect(engine.build(T0)).toEqual([])
  })

  it('creates a ring for each series key of the views', () => {
    const engine = new ChartEngine()
    const rates = new FakeRates()
    engine.setViews([view([value('a/t')]), view([value('b/t')], { chartId: 'c2' })], T0, rates)
    expect(engine.hasValueSeries).toBe(true)
    send(engine, 'a/t', '1', T0 + 1)
    send(engine, 'b/t', '2', T0 + 2)
    expect(exported(engine, value('a/t'))).toEqual([[T0 + 1], [1]])
    expect(exported(engine, value('b/t'))).toEqual([[T0 + 2], [2]])
  })

  it('has no value series when only rates are charted', () => {
    const engine = new ChartEngine()
    engine.setViews([view([{ kind: 'rate', scope: 'connection' }])], T0, new FakeRates())
    expect(engine.hasValueSeries).toBe(false)
  })

  it('feeds a series only from messages on its exact topic', () => {
    const engine = new ChartEngine()
    engine.setViews([view([value('a/t')])], T0, new FakeRates())
    send(engine, 'a/t', '21.5', T0 + 1)
    send(engine, 'a/u', '99', T0 + 2)
    send(engine, 'a/t/x', '98', T0 + 3)
    send(engine, 'a', '97', T0 + 4)
    send(engine, 'a/t', '22', T0 + 5)
    expect(exported(engine, value('a/t'))).toEqual([
      [T0 + 1, T0 + 5],
      [21.5, 22],
    ])
  })

  it('skips payloads that carry no number', () => {
    const engine = new ChartEngine()
    engine.setViews([view([value('a/t')])], T0, new FakeRates())
    for (const [i, payload] of [
      'abc',
      '',
      'NaN',
      'Infinity',
      '1e999',
      '0x10',
      '{"v":1}',
      '7',
    ].entries())
      send(engine, 'a/t', payload, T0 + i)
    expect(exported(engine, value('a/t'))).toEqual([[T0 + 7], [7]])
  })

  it('reads a JSON path, and charts the same topic raw and by path in separate rings', () => {
    const engine = new ChartEngine()
    const byPath = value('s', { path: 'air.co2' })
    const raw = value('s')
    engine.setViews([view([byPath, raw])], T0, new FakeRates())
    send(engine, 's', '{"air":{"co2":400}}', T0 + 1)
    send(engine, 's', 'oops', T0 + 2)
    send(engine, 's', '{"air":{}}', T0 + 3)
    send(engine, 's', '{"air":{"co2":"410"}}', T0 + 4)
    send(engine, 's', '5', T0 + 5)
    expect(exported(engine, byPath)).toEqual([
      [T0 + 1, T0 + 4],
      [400, 410],
    ])
    expect(exported(engine, raw)).toEqual([[T0 + 5], [5]])
  })

  it('charts several fields of one JSON topic from each message, parsing nothing stale', () => {
    const engine = new ChartEngine()
    const fields = ['t', 'h', 'p.x'].map((path) => value('j', { path }))
    engine.setViews([view(fields)], T0, new FakeRates())
    // One array refilled for every message: each message must be parsed anew.
    const buf = new Uint8Array(64)
    const feed = (text: string, at: number) => {
      const bytes = utf8.encode(text)
      buf.fill(0x20).set(bytes)
      engine.onMessage('j', buf.subarray(0, bytes.length), at)
    }
    feed('{"t":1,"h":2,"p":{"x":3}}', T0 + 1)
    feed('not json', T0 + 2)
    feed('{"t":4,"p":{"x":6}}', T0 + 3)
    engine.onMessage('j', buf.fill(0x20).subarray(0, 0), T0 + 4)
    expect(fields.map((f) => exported(engine, f))).toEqual([
      [
        [T0 + 1, T0 + 3],
        [1, 4],
      ],
      [[T0 + 1], [2]],
      [
        [T0 + 1, T0 + 3],
        [3, 6],
      ],
    ])
  })

  it('reads binary numbers', () => {
    const engine = new ChartEngine()
    const source = value('bin', { binary: 'uint16be' })
    engine.setViews([view([source])], T0, new FakeRates())
    engine.onMessage('bin', Uint8Array.of(0x01, 0x00), T0 + 1)
    engine.onMessage('bin', Uint8Array.of(0x01), T0 + 2)
    expect(exported(engine, source)).toEqual([[T0 + 1], [256]])
  })

  it('charts a cumulative counter as its change per second', () => {
    const engine = new ChartEngine()
    const source = value('$SYS/broker/messages/received', { derivative: true })
    engine.setViews([view([source])], T0, new FakeRates())
    send(engine, '$SYS/broker/messages/received', '100', T0)
    expect(exported(engine, source)).toEqual([[], []])
    send(engine, '$SYS/broker/messages/received', 'n/a', T0 + 500)
    send(engine, '$SYS/broker/messages/received', '300', T0 + 1000)
    send(engine, '$SYS/broker/messages/received', '300', T0 + 3000)
    // A second message in the same millisecond has no rate of its own.
    send(engine, '$SYS/broker/messages/received', '400', T0 + 3000)
    send(engine, '$SYS/broker/messages/received', '500', T0 + 3500)
    expect(exported(engine, source)).toEqual([
      [T0 + 1000, T0 + 3000, T0 + 3500],
      [200, 0, 200],
    ])
  })
})

describe('ChartEngine updates', () => {
  it('is never due without charts on screen', () => {
    const engine = new ChartEngine()
    engine.setViews([], T0, new FakeRates())
    expect(engine.due(T0)).toBe(false)
    expect(engine.due(T0 + 60_000)).toBe(false)
  })

  it(`updates live charts once per pixel moved, ${CHART_CALM_HZ}–${CHART_MAX_HZ} times a second`, () => {
    const engine = new ChartEngine()
    // A minute on 600 px moves a pixel per 100 ms: ten updates a second.
    engine.setViews([view([value('a')], { windowMs: 60_000, widthPx: 600 })], T0, new FakeRates())
    const period = 1000 / CHART_CALM_HZ
    expect(engine.redrawMs()).toBe(period)
    expect(engine.due(T0)).toBe(true)
    engine.build(T0)
    send(engine, 'a', '1', T0 + 1)
    expect(engine.due(T0 + period - 1)).toBe(false)
    expect(engine.due(T0 + period)).toBe(true)
    engine.build(T0 + period)
    // No new point: nothing to draw, however long the chart waits (its window follows the data).
    expect(engine.due(T0 + 2 * period)).toBe(false)
    expect(engine.due(T0 + 3_600_000)).toBe(false)
    send(engine, 'a', '2', T0 + 2_000)
    expect(engine.due(T0 + 2_000)).toBe(true)
    // Ten seconds on 600 px move a pixel per 17 ms: twenty updates a second, no more.
    engine.setViews([view([value('a')], { windowMs: 10_000, widthPx: 600 })], T0, new FakeRates())
    expect(engine.redrawMs()).toBe(1000 / CHART_MAX_HZ)
  })

  it("ends a live chart's window at its newest point, not at the clock", () => {
    const engine = new ChartEngine()
    const rates = new FakeRates()
    engine.setViews([view([value('a'), value('b')], { windowMs: 60_000 })], T0, rates)
    // No point yet: the window ends at the build's time.
    expect(engine.build(T0)[0]).toMatchObject({ t0: T0 - 60_000, t1: T0 })
    send(engine, 'a', '1', T0 + 1_000)
    send(engine, 'b', '2', T0 + 4_000)
    send(engine, 'a', '3', T0 + 3_000)
    // Built long after the last point: the window still ends at the newest point of any series,
    // and each series' newest point says when it came.
    const [chart] = engine.build(T0 + 600_000)
    expect(chart).toMatchObject({ t0: T0 + 4_000 - 60_000, t1: T0 + 4_000 })
    expect(chart!.series.map((s) => [s.last, s.lastTs])).toEqual([
      [3, T0 + 3_000],
      [2, T0 + 4_000],
    ])
    expect(chart!.series[0]!.count).toBe(2)
    expect(engine.due(T0 + 600_000 + 1_000)).toBe(false)
  })

  it('updates a chart with a fixed range only when data changed', () => {
    const engine = new ChartEngine()
    engine.setViews([view([value('a')], { range: [T0, T0 + 1000] })], T0, new FakeRates())
    expect(engine.due(T0)).toBe(true)
    engine.build(T0)
    expect(engine.due(T0 + 1000)).toBe(false)
    send(engine, 'a', '1', T0 + 1001)
    expect(engine.due(T0 + 10)).toBe(false)
    expect(engine.due(T0 + 1002)).toBe(true)
    engine.build(T0 + 1002)
    send(engine, 'other', '1', T0 + 1003)
    expect(engine.due(T0 + 2000)).toBe(false)
  })

  it('is due after the views change', () => {
    const engine = new ChartEngine()
    const rates = new FakeRates()
    engine.setViews([view([value('a')], { range: [T0, T0 + 1000] })], T0, rates)
    engine.build(T0)
    const calm = 1000 / CHART_CALM_HZ
    engine.setViews([view([value('a')], { range: [T0, T0 + 500] })], T0 + calm, rates)
    expect(engine.due(T0 + calm)).toBe(true)
  })
})

describe('ChartEngine.build', () => {
  it('sends at most two points per pixel and exact stats for each series', () => {
    const engine = new ChartEngine()
    const a = value('a')
    const b = value('b')
    engine.setViews([view([a, b], { widthPx: 100 })], T0, new FakeRates())
    let sum = 0
    let n = 0
    for (let i = 0; i < 10_000; i++) {
      const v = Math.sin(i / 7) * 100 + (i === 4321 ? 1000 : 0)
      send(engine, 'a', String(v), T0 + 1 + i * 6)
      sum += v
      n++
    }
    send(engine, 'b', '3', T0 + 10)
    const now = T0 + 60_001
    const [chart] = engine.build(now)
    expect(chart!.chartId).toBe('c1')
    // A live window ends at the newest point (a's last), not at the build's time.
    const newest = T0 + 1 + 9_999 * 6
    expect([chart!.t0, chart!.t1]).toEqual([newest - 60_000, newest])
    const [sa, sb] = chart!.series
    expect(sa!.key).toBe(seriesKey(a))
    expect(sa!.xs.length).toBeLessThanOrEqual(2 * 100 + 1)
    expect(sa!.ys.length).toBe(sa!.xs.length)
    expect(sa!.count).toBe(n)
    expect(sa!.max).toBe(Math.sin(4321 / 7) * 100 + 1000)
    expect(Array.from(sa!.ys)).toContain(sa!.max)
    expect(sa!.mean).toBeCloseTo(sum / n, 9)
    expect(sa!.last).toBe(Math.sin(9999 / 7) * 100)
    expect(sa!.lastTs).toBe(T0 + 1 + 9999 * 6)
    expect(sa!.evicted).toBe(0)
    expect(sb).toMatchObject({ key: seriesKey(b), count: 1, min: 3, max: 3, mean: 3, last: 3 })
  })

  it('caps the points of a very wide chart', () => {
    const engine = new ChartEngine()
    engine.setViews([view([value('a')], { widthPx: 100_000 })], T0, new FakeRates())
    for (let i = 0; i < 20_000; i++) send(engine, 'a', String(i % 17), T0 + 1 + i * 3)
    const [chart] = engine.build(T0 + 60_000)
    expect(chart!.series[0]!.count).toBe(20_000)
    expect(chart!.series[0]!.xs.length).toBeLessThanOrEqual(2 * CHART_MAX_WIDTH_PX + 1)
  })

  it('sends at most two points (and the point before) to a chart without width', () => {
    const engine = new ChartEngine()
    engine.setViews([view([value('a')], { widthPx: 0 })], T0, new FakeRates())
    for (let i = 0; i < 1000; i++) send(engine, 'a', String(i), T0 + 1 + i)
    const [chart] = engine.build(T0 + 2000)
    expect(chart!.series[0]!.xs.length).toBeLessThanOrEqual(3)
    expect(chart!.series[0]!).toMatchObject({ count: 1000, min: 0, max: 999 })
  })

  it('gives NaN stats and last for a series without points', () => {
    const engine = new ChartEngine()
    engine.setViews([view([value('a')])], T0, new FakeRates())
    const [chart] = engine.build(T0 + 1000)
    const s = chart!.series[0]!
    expect(s.count).toBe(0)
    expect(s.xs).toHaveLength(0)
    expect(s.last).toBeNaN()
    expect(s.lastTs).toBeNaN()
    expect(s.mean).toBeNaN()
  })

  it('downsamples a fixed range instead of the live window', () => {
    const engine = new ChartEngine()
    const range: [number, number] = [T0 + 1000, T0 + 2000]
    engine.setViews([view([value('a')], { range, widthPx: 100 })], T0, new FakeRates())
    for (let i = 0; i < 3000; i++) send(engine, 'a', String(i), T0 + i + 0.5)
    const [chart] = engine.build(T0 + 100_000)
    expect([chart!.t0, chart!.t1]).toEqual(range)
    const s = chart!.series[0]!
    expect(s.count).toBe(1000)
    expect(s.min).toBe(1000)
    expect(s.max).toBe(1999)
    // Paused or zoomed, the legend shows the newest point of the frozen window.
    expect(s.last).toBe(1999)
    expect(s.lastTs).toBe(T0 + 1999.5)
    expect(s.xs[0]).toBe(T0 + 999.5) // the point before the range
    expect(s.xs.length).toBeLessThanOrEqual(2 * 100 + 1)
  })

  it('takes the last value of a fixed range from a point exactly at its end', () => {
    const engine = new ChartEngine()
    engine.setViews([view([value('a')], { range: [T0, T0 + 10] })], T0, new FakeRates())
    for (let i = 0; i <= 20; i++) send(engine, 'a', String(i), T0 + i)
    const s = engine.build(T0 + 100)[0]!.series[0]!
    expect(s.last).toBe(10)
    expect(s.lastTs).toBe(T0 + 10)
    expect(s.count).toBe(11)
  })

  it('takes the last value of a live chart from the newest point', () => {
    const engine = new ChartEngine()
    engine.setViews([view([value('a')])], T0, new FakeRates())
    send(engine, 'a', '1', T0 + 1)
    send(engine, 'a', '2', T0 + 2)
    const s = engine.build(T0 + 100)[0]!.series[0]!
    expect([s.last, s.lastTs]).toEqual([2, T0 + 2])
  })

  it('shares one ring between charts showing the same series', () => {
    const engine = new ChartEngine()
    engine.setViews(
      [view([value('a')]), view([value('a')], { chartId: 'c2', widthPx: 600 })],
      T0,
      new FakeRates(),
    )
    send(engine, 'a', '4', T0 + 1)
    const charts = engine.build(T0 + 10)
    expect(charts.map((c) => c.chartId)).toEqual(['c1', 'c2'])
    expect(charts.map((c) => c.series[0]!.count)).toEqual([1, 1])
    expect(exported(engine, value('a'))).toEqual([[T0 + 1], [4]])
  })
})

describe('ChartEngine rate series', () => {
  it('samples the connection rate at each rate tick, from the counts at setViews', () => {
    const engine = new ChartEngine()
    const rates = new FakeRates()
    const source: SeriesSource = { kind: 'rate', scope: 'connection' }
    rates.add('x', 50)
    engine.setViews([view([source])], T0, rates)
    rates.add('x', 30)
    engine.onRateTick(T0 + 1000, rates)
    engine.onRateTick(T0 + 2000, rates)
    rates.add('y', 10)
    engine.onRateTick(T0 + 2500, rates)
    expect(exported(engine, source)).toEqual([
      [T0 + 1000, T0 + 2000, T0 + 2500],
      [30, 0, 20],
    ])
  })

  it('samples a subtree, including topics created after the series', () => {
    const engine = new ChartEngine()
    const rates = new FakeRates()
    const source: SeriesSource = { kind: 'rate', scope: 'subtree', topic: 'a' }
    rates.add('a/b', 5)
    engine.setViews([view([source])], T0, rates)
    rates.add('a/b', 2)
    rates.add('a/new/deep', 3)
    rates.add('ab', 100)
    rates.add('b/a', 100)
    engine.onRateTick(T0 + 1000, rates)
    expect(exported(engine, source)).toEqual([[T0 + 1000], [5]])
  })

  it('samples a subtree whose topic does not exist yet', () => {
    const engine = new ChartEngine()
    const rates = new FakeRates()
    const source: SeriesSource = { kind: 'rate', scope: 'subtree', topic: 'late' }
    engine.setViews([view([source])], T0, rates)
    engine.onRateTick(T0 + 1000, rates)
    rates.add('late/x', 4)
    engine.onRateTick(T0 + 2000, rates)
    expect(exported(engine, source)).toEqual([
      [T0 + 1000, T0 + 2000],
      [0, 4],
    ])
  })

  it('samples a filter, including topics created after the series', () => {
    const engine = new ChartEngine()
    const rates = new FakeRates()
    const source: SeriesSource = { kind: 'rate', scope: 'filter', filter: 'a/+/t' }
    rates.add('a/1/t', 5)
    engine.setViews([view([source])], T0, rates)
    rates.add('a/1/t', 3)
    rates.add('a/2/t', 4)
    rates.add('b/1/t', 100)
    rates.add('a/1/t/x', 100)
    engine.onRateTick(T0 + 2000, rates)
    rates.add('a/3/t', 6)
    engine.onRateTick(T0 + 3000, rates)
    expect(exported(engine, source)).toEqual([
      [T0 + 2000, T0 + 3000],
      [3.5, 6],
    ])
  })

  it('leaves value series alone at rate ticks', () => {
    const engine = new ChartEngine()
    const rates = new FakeRates()
    engine.setViews([view([value('a'), { kind: 'rate', scope: 'connection' }])], T0, rates)
    engine.onRateTick(T0 + 1000, rates)
    expect(exported(engine, value('a'))).toEqual([[], []])
  })

  it('keeps a rate series running across setViews calls', () => {
    const engine = new ChartEngine()
    const rates = new FakeRates()
    const source: SeriesSource = { kind: 'rate', scope: 'connection' }
    engine.setViews([view([source])], T0, rates)
    rates.add('x', 10)
    engine.onRateTick(T0 + 1000, rates)
    rates.add('x', 20)
    engine.setViews([view([source], { widthPx: 600 })], T0 + 1500, rates)
    engine.onRateTick(T0 + 2000, rates)
    expect(exported(engine, source)).toEqual([
      [T0 + 1000, T0 + 2000],
      [10, 20],
    ])
  })
})

describe('ChartEngine limits', () => {
  it(`charts at most ${MAX_SERIES} series and counts the ones refused`, () => {
    const engine = new ChartEngine()
    const rates = new FakeRates()
    const sources = Array.from({ length: MAX_SERIES + 5 }, (_, i) => value(`t/${i}`))
    engine.setViews([view(sources)], T0, rates)
    expect(engine.refused).toBe(5)
    for (let i = 0; i < sources.length; i++) send(engine, `t/${i}`, String(i), T0 + 1)
    expect(exported(engine, sources[MAX_SERIES - 1]!)).toEqual([[T0 + 1], [MAX_SERIES - 1]])
    expect(exported(engine, sources[MAX_SERIES]!)).toEqual([[], []])
    expect(engine.build(T0 + 2)[0]!.series).toHaveLength(MAX_SERIES)
    // Setting the same views again does not count the refused series twice.
    engine.setViews([view(sources)], T0 + 3, rates)
    expect(engine.refused).toBe(5)
    // Freeing a slot lets a refused series in.
    engine.setViews([view(sources.slice(1))], T0 + 4, rates)
    expect(engine.refused).toBe(4)
  })

  it('frees the rings of series no longer shown', () => {
    const engine = new ChartEngine()
    const rates = new FakeRates()
    const a = value('a')
    const b = value('b')
    engine.setViews([view([a, b])], T0, rates)
    send(engine, 'a', '1', T0 + 1)
    send(engine, 'b', '2', T0 + 1)
    engine.setViews([view([a])], T0 + 2, rates)
    expect(exported(engine, b)).toEqual([[], []])
    expect(exported(engine, a)).toEqual([[T0 + 1], [1]])
    send(engine, 'b', '3', T0 + 3)
    expect(exported(engine, b)).toEqual([[], []])
    // Shown again, the series starts from an empty ring.
    engine.setViews([view([a, b])], T0 + 4, rates)
    send(engine, 'b', '4', T0 + 5)
    expect(exported(engine, b)).toEqual([[T0 + 5], [4]])
    engine.setViews([], T0 + 6, rates)
    expect(engine.hasValueSeries).toBe(false)
    expect(exported(engine, a)).toEqual([[], []])
  })

  it('exports every point of a series, not the downsampled ones', () => {
    const engine = new ChartEngine()
    engine.setViews([view([value('a')], { widthPx: 10 })], T0, new FakeRates())
    for (let i = 0; i < 5000; i++) send(engine, 'a', String(i * 2), T0 + i)
    engine.build(T0 + 5000)
    const [ts, vs] = exported(engine, value('a'))
    expect(ts).toHaveLength(5000)
    expect(ts[0]).toBe(T0)
    expect(ts[4999]).toBe(T0 + 4999)
    expect(vs.every((v, i) => v === i * 2)).toBe(true)
  })

  it('exports empty arrays for an unknown key', () => {
    const { ts, vs } = new ChartEngine().exportSeries('value:nope|||')
    expect(ts).toHaveLength(0)
    expect(vs).toHaveLength(0)
  })
})
