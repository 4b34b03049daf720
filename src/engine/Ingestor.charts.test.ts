import { describe, expect, it } from 'vitest'
import { seriesKey, type ChartView, type SeriesSource } from '../wire/frame'
import {
  CHART_BACKFILL_POINTS,
  CHART_MAX_HZ,
  FRAME_MIN_INTERVAL_MS,
  HISTORY_ENTRY_BYTES,
  HISTORY_PER_TOPIC,
  TOPIC_RATE_PERIOD_MS,
} from './budgets'
import { Ingestor, type InboundMessage } from './Ingestor'

const T0 = 1_700_000_000_000
const utf8 = new TextEncoder()

function msg(topic: string, payload: string): InboundMessage {
  return { topic, payload: utf8.encode(payload), qos: 0, retain: false, dup: false }
}

function chart(sources: SeriesSource[], chartId = 'c1'): ChartView {
  return {
    chartId,
    series: sources.map((source) => ({ key: seriesKey(source), source })),
    windowMs: 60_000,
    widthPx: 300,
  }
}

const temp: SeriesSource = { kind: 'value', topic: 'room/temp' }

describe('Ingestor charts', () => {
  it('sends charted series in frames with the exact last value', () => {
    const ing = new Ingestor(1, T0)
    ing.setChartViews([chart([temp])], T0)
    ing.ingest(msg('room/temp', '20'), T0 + 1)
    ing.ingest(msg('room/temp', 'offline'), T0 + 2)
    ing.ingest(msg('room/hum', '55'), T0 + 3)
    ing.ingest(msg('room/temp', '21.5'), T0 + 4)
    ing.ingest(msg('room/temp', '19.25'), T0 + 5)
    const frame = ing.buildFrame(T0 + 10, 1)
    expect(frame.charts).toHaveLength(1)
    const [c] = frame.charts!
    expect(c!.chartId).toBe('c1')
    // The live window ends at the newest point, not at the frame's time.
    expect(c!.t1).toBe(T0 + 5)
    expect(c!.series).toHaveLength(1)
    expect(c!.series[0]).toMatchObject({
      key: seriesKey(temp),
      count: 3,
      min: 19.25,
      max: 21.5,
      last: 19.25,
      lastTs: T0 + 5,
      evicted: 0,
    })
    expect(c!.series[0]!.mean).toBeCloseTo((20 + 21.5 + 19.25) / 3, 12)
    // Counting and the tree are not affected by charting.
    expect(frame.totals.received).toBe(5)
  })

  it('reads JSON paths of ingested messages', () => {
    const ing = new Ingestor(1, T0)
    const co2: SeriesSource = { kind: 'value', topic: 'air', path: 'sensors[1].co2' }
    ing.setChartViews([chart([co2])], T0)
    ing.ingest(msg('air', '{"sensors":[{"co2":1},{"co2":412}]}'), T0 + 1)
    ing.ingest(msg('air', '{"sensors":[{"co2":1},{"co2":"415.5"}]}'), T0 + 2)
    const frame = ing.buildFrame(T0 + 10, 1)
    expect(frame.charts![0]!.series[0]).toMatchObject({ count: 2, min: 412, last: 415.5 })
  })

  it('leaves charts out of frames when no charts are on screen', () => {
    const ing = new Ingestor(1, T0)
    ing.ingest(msg('room/temp', '20'), T0 + 1)
    expect(ing.buildFrame(T0 + 10, 1)).not.toHaveProperty('charts')
    ing.setChartViews([chart([temp])], T0 + 20)
    ing.setChartViews([], T0 + 30)
    ing.ingest(msg('room/temp', '21'), T0 + 40)
    expect(ing.buildFrame(T0 + 100, 2)).not.toHaveProperty('charts')
  })

  it(`leaves charts out of frames that come sooner than ${CHART_MAX_HZ} Hz allows`, () => {
    const ing = new Ingestor(1, T0)
    ing.setChartViews([chart([temp])], T0)
    ing.ingest(msg('room/temp', '20'), T0 + 1)
    expect(ing.buildFrame(T0 + 10, 1).charts).toBeDefined()
    ing.ingest(msg('room/temp', '21'), T0 + 11)
    expect(ing.buildFrame(T0 + 20, 2)).not.toHaveProperty('charts')
    // The next frame the worker may send: charts due again, and frames' own spacing kept.
    const at = Math.max(T0 + 10 + 1000 / CHART_MAX_HZ, T0 + 20 + FRAME_MIN_INTERVAL_MS)
    expect(ing.hasChanges(at)).toBe(true)
    const later = ing.buildFrame(at, 3)
    expect(later.charts![0]!.series[0]).toMatchObject({ count: 2, last: 21 })
  })

  it('samples message rates from the real counters', () => {
    const ing = new Ingestor(1, T0)
    const connection: SeriesSource = { kind: 'rate', scope: 'connection' }
    const subtree: SeriesSource = { kind: 'rate', scope: 'subtree', topic: 'room' }
    const filter: SeriesSource = { kind: 'rate', scope: 'filter', filter: '+/temp' }
    ing.ingest(msg('room/temp', '1'), T0)
    ing.setChartViews([chart([connection, subtree, filter])], T0)
    for (let i = 0; i < 6; i++) ing.ingest(msg('room/temp', '1'), T0 + 100 + i)
    for (let i = 0; i < 4; i++) ing.ingest(msg('room/hum', '1'), T0 + 200 + i)
    for (let i = 0; i < 2; i++) ing.ingest(msg('hall/temp', '1'), T0 + 300 + i)
    ing.ingest(msg('other', '1'), T0 + 400)
    const frame = ing.buildFrame(T0 + TOPIC_RATE_PERIOD_MS, 1)
    const last = frame.charts![0]!.series.map((s) => [s.key, s.last])
    const perSecond = 1000 / TOPIC_RATE_PERIOD_MS
    expect(last).toEqual([
      [seriesKey(connection), 13 * perSecond],
      [seriesKey(subtree), 10 * perSecond],
      [seriesKey(filter), 8 * perSecond],
    ])
  })

  it('exports every sample of a series', () => {
    const ing = new Ingestor(1, T0)
    ing.setChartViews([chart([temp])], T0)
    for (let i = 0; i < 5000; i++) ing.ingest(msg('room/temp', String(i / 4)), T0 + i)
    ing.buildFrame(T0 + 5000, 1)
    const { ts, vs } = ing.exportSeries(seriesKey(temp))
    expect(ts).toHaveLength(5000)
    expect(vs).toHaveLength(5000)
    for (let i = 0; i < 5000; i++) {
      expect(ts[i]).toBe(T0 + i)
      expect(vs[i]).toBe(i / 4)
    }
    expect(ing.exportSeries('value:unknown|||').ts).toHaveLength(0)
  })

  it('backfills a series added after messages arrived from the topic history', () => {
    const ing = new Ingestor(1, T0)
    for (let i = 0; i < 5; i++) ing.ingest(msg('room/temp', String(20 + i)), T0 + i)
    ing.ingest(msg('room/temp', 'offline'), T0 + 5)
    ing.ingest(msg('air', '{"co2":600}'), T0 + 6)
    ing.buildFrame(T0 + 10, 1)
    const co2: SeriesSource = { kind: 'value', topic: 'air', path: 'co2' }
    const never: SeriesSource = { kind: 'value', topic: 'nothing/yet' }
    ing.setChartViews([chart([temp, co2, never])], T0 + 20)
    const frame = ing.buildFrame(T0 + 20 + 1000 / CHART_MAX_HZ, 2)
    const [t, c, n] = frame.charts![0]!.series
    expect(t).toMatchObject({ count: 5, min: 20, max: 24, last: 24, lastTs: T0 + 4 })
    expect(c).toMatchObject({ count: 1, last: 600, lastTs: T0 + 6 })
    expect(n).toMatchObject({ count: 0 })
    // Points keep their arrival times, oldest first, and new messages follow them.
    ing.ingest(msg('room/temp', '30'), T0 + 30)
    const { ts, vs } = ing.exportSeries(seriesKey(temp))
    expect([...ts]).toEqual([T0, T0 + 1, T0 + 2, T0 + 3, T0 + 4, T0 + 30])
    expect([...vs]).toEqual([20, 21, 22, 23, 24, 30])
  })

  it('backfills only new series, at most CHART_BACKFILL_POINTS, and counters as rates', () => {
    const ing = new Ingestor(1, T0)
    const n = Math.min(HISTORY_PER_TOPIC, CHART_BACKFILL_POINTS) + 20
    for (let i = 0; i < n; i++) ing.ingest(msg('room/temp', String(i)), T0 + i * 1000)
    const counter: SeriesSource = { kind: 'value', topic: 'room/temp', derivative: true }
    ing.setChartViews([chart([temp])], T0 + n * 1000)
    ing.setChartViews([chart([temp, counter])], T0 + n * 1000)
    const kept = Math.min(HISTORY_PER_TOPIC, CHART_BACKFILL_POINTS)
    expect(ing.exportSeries(seriesKey(temp)).vs).toHaveLength(kept)
    expect(ing.exportSeries(seriesKey(temp)).vs[0]).toBe(n - kept)
    // The counter grows by one a second: its first point needs the one before it.
    const rates = ing.exportSeries(seriesKey(counter)).vs
    expect(rates).toHaveLength(kept - 1)
    expect(new Set(rates)).toEqual(new Set([1]))
  })

  it('leaves out of the backfill a payload the history kept only in part', () => {
    const ing = new Ingestor(1, T0)
    ing.ingest(msg('big', '7'.repeat(HISTORY_ENTRY_BYTES + 1)), T0)
    ing.ingest(msg('big', '8'), T0 + 1)
    ing.setChartViews([chart([{ kind: 'value', topic: 'big' }])], T0 + 2)
    expect([...ing.exportSeries(seriesKey({ kind: 'value', topic: 'big' })).vs]).toEqual([8])
  })
})
