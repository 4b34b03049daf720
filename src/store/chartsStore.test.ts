import { beforeEach, describe, expect, it } from 'vitest'
import { seriesKey, type SeriesSource } from '../wire/frame'
import {
  SERIES_COLORS,
  chartActions,
  chartParam,
  chartsOf,
  parseChartParam,
  seriesLabel,
  type ChartConfig,
} from './chartsStore'
import { resetPerConnection } from './perConnection'

beforeEach(() => resetPerConnection())

/** The chart actions of the connection 'a' (each connection has its own layout). */
const useChartsStore = { getState: () => chartActions('a') }

const value = (topic: string, path?: string): SeriesSource =>
  path ? { kind: 'value', topic, path } : { kind: 'value', topic }

const charts = (): ChartConfig[] => chartsOf('a')
const chartOf = (id: string): ChartConfig => charts().find((c) => c.id === id)!
const colorOf = (id: string, source: SeriesSource) =>
  chartOf(id).series.find((s) => s.key === seriesKey(source))?.color

describe('chartsStore series', () => {
  it('adds a series to a new chart when there is none', () => {
    const id = useChartsStore.getState().addSeries(value('a/t'))
    expect(charts()).toHaveLength(1)
    expect(charts()[0]).toMatchObject({ id, windowMs: 60_000 })
    expect(charts()[0]!.series).toEqual([
      { key: seriesKey(value('a/t')), source: value('a/t'), color: SERIES_COLORS[0] },
    ])
  })

  it('adds a series to the first chart when no chart is given', () => {
    const store = useChartsStore.getState()
    const first = store.addChart()
    store.addChart()
    expect(store.addSeries(value('a'))).toBe(first)
    expect(chartOf(first).series).toHaveLength(1)
  })

  it('adds a series to the chart given', () => {
    const store = useChartsStore.getState()
    store.addChart()
    const second = store.addChart()
    expect(store.addSeries(value('a'), second)).toBe(second)
    expect(chartOf(second).series.map((s) => s.key)).toEqual([seriesKey(value('a'))])
    expect(charts()[0]!.series).toEqual([])
  })

  it('does not add the same series twice to one chart', () => {
    const store = useChartsStore.getState()
    const id = store.addSeries(value('a', 'x.y'))
    expect(store.addSeries(value('a', 'x.y'), id)).toBe(id)
    expect(store.addSeries(value('a', 'x.y'))).toBe(id)
    expect(chartOf(id).series).toHaveLength(1)
    // The same topic with another path is another series.
    store.addSeries(value('a', 'x.z'), id)
    expect(chartOf(id).series).toHaveLength(2)
  })

  it('gives series distinct colours that do not change', () => {
    const store = useChartsStore.getState()
    const id = store.addSeries(value('a'))
    store.addSeries(value('b'), id)
    store.addSeries(value('c'), id)
    expect(chartOf(id).series.map((s) => s.color)).toEqual(SERIES_COLORS.slice(0, 3))
    store.removeSeries(id, seriesKey(value('b')))
    store.addSeries(value('d'), id)
    expect(colorOf(id, value('a'))).toBe(SERIES_COLORS[0])
    expect(colorOf(id, value('c'))).toBe(SERIES_COLORS[2])
    expect(colorOf(id, value('d'))).toBe(SERIES_COLORS[1])
    const colors = chartOf(id).series.map((s) => s.color)
    expect(new Set(colors).size).toBe(colors.length)
  })

  it('still gives a colour when every colour is in use', () => {
    const store = useChartsStore.getState()
    const id = store.addChart()
    for (let i = 0; i <= SERIES_COLORS.length; i++) store.addSeries(value(`t/${i}`), id)
    const colors = chartOf(id).series.map((s) => s.color)
    expect(colors).toHaveLength(SERIES_COLORS.length + 1)
    expect(colors.every((c) => (SERIES_COLORS as readonly string[]).includes(c))).toBe(true)
  })

  it('removes a series and a chart', () => {
    const store = useChartsStore.getState()
    const id = store.addSeries(value('a'))
    store.addSeries(value('b'), id)
    store.removeSeries(id, seriesKey(value('a')))
    expect(chartOf(id).series.map((s) => s.key)).toEqual([seriesKey(value('b'))])
    store.removeChart(id)
    expect(charts()).toEqual([])
  })

  it('moves a series and keeps its colour when it is free on the other chart', () => {
    const store = useChartsStore.getState()
    const from = store.addSeries(value('a'))
    store.addSeries(value('b'), from)
    const to = store.addChart()
    store.addSeries(value('x'), to)
    store.moveSeries(from, seriesKey(value('b')), to)
    expect(chartOf(from).series.map((s) => s.key)).toEqual([seriesKey(value('a'))])
    expect(colorOf(to, value('b'))).toBe(SERIES_COLORS[1])
    expect(chartOf(to).series.find((s) => s.key === seriesKey(value('b')))!.source).toEqual(
      value('b'),
    )
  })

  it('moves a series and picks another colour when its own is taken', () => {
    const store = useChartsStore.getState()
    const from = store.addSeries(value('a'))
    const to = store.addChart()
    store.addSeries(value('x'), to) // takes SERIES_COLORS[0], the colour of "a"
    store.moveSeries(from, seriesKey(value('a')), to)
    expect(chartOf(from).series).toEqual([])
    expect(colorOf(to, value('x'))).toBe(SERIES_COLORS[0])
    expect(colorOf(to, value('a'))).toBe(SERIES_COLORS[1])
  })

  it('ignores moves to the same chart or of unknown series', () => {
    const store = useChartsStore.getState()
    const id = store.addSeries(value('a'))
    const before = charts()
    store.moveSeries(id, seriesKey(value('a')), id)
    store.moveSeries(id, seriesKey(value('nope')), store.addChart())
    expect(chartOf(id)).toEqual(before[0])
  })

  it('keeps one copy when a series moves onto a chart that already shows it', () => {
    const store = useChartsStore.getState()
    const from = store.addSeries(value('a'))
    const to = store.addChart()
    store.addSeries(value('a'), to)
    store.moveSeries(from, seriesKey(value('a')), to)
    expect(chartOf(to).series).toHaveLength(1)
    expect(chartOf(from).series).toHaveLength(0)
  })
})

describe('chartsStore windows', () => {
  it('pauses the window at the current moment and resumes', () => {
    const store = useChartsStore.getState()
    const id = store.addSeries(value('a'))
    store.pause(id, 1_000_000)
    expect(chartOf(id).paused).toEqual([940_000, 1_000_000])
    store.resume(id)
    expect(chartOf(id).paused).toBeUndefined()
  })

  it('zooms and goes back to live', () => {
    const store = useChartsStore.getState()
    const id = store.addSeries(value('a'))
    store.pause(id, 1_000_000)
    store.zoom(id, [950_000, 960_000])
    expect(chartOf(id).zoom).toEqual([950_000, 960_000])
    store.backToLive(id)
    expect(chartOf(id).zoom).toBeUndefined()
    expect(chartOf(id).paused).toBeUndefined()
  })

  it('clears pause and zoom when the window changes', () => {
    const store = useChartsStore.getState()
    const id = store.addSeries(value('a'))
    store.pause(id, 1_000_000)
    store.zoom(id, [950_000, 960_000])
    store.setWindow(id, 300_000)
    expect(chartOf(id)).toMatchObject({ windowMs: 300_000 })
    expect(chartOf(id).paused).toBeUndefined()
    expect(chartOf(id).zoom).toBeUndefined()
    store.pause(id, 1_000_000)
    expect(chartOf(id).paused).toEqual([700_000, 1_000_000])
  })

  it('changes only the chart named', () => {
    const store = useChartsStore.getState()
    const a = store.addChart()
    const b = store.addChart()
    store.setWindow(a, 900_000)
    store.pause(a, 1_000_000)
    store.setAxes(a, 'split')
    expect(chartOf(a)?.axes).toBe('split')
    expect(chartOf(b)).toEqual({ id: b, series: [], windowMs: 60_000, axes: 'auto' })
  })
})

describe('chart layouts per connection', () => {
  it('keeps a layout per connection, even for two tabs to one broker', () => {
    chartActions('a').addSeries(value('a'))
    expect(chartsOf('b')).toEqual([])
    chartActions('b').addSeries(value('b'))
    chartActions('b').addChart()
    expect(chartsOf('b')).toHaveLength(2)
    expect(charts()).toHaveLength(1)
    expect(charts()[0]!.series[0]!.key).toBe(seriesKey(value('a')))
    expect(chartsOf('b')[0]!.series[0]!.key).toBe(seriesKey(value('b')))
  })

  it('gives the same empty list for a connection without charts', () => {
    expect(chartsOf('none')).toBe(chartsOf('none'))
  })
})

describe('series names and links', () => {
  it('names series by topic, path, binary kind and rate scope', () => {
    expect(seriesLabel(value('a/t'))).toBe('a/t')
    expect(seriesLabel(value('a/t', 'air.co2'))).toBe('a/t air.co2')
    expect(seriesLabel({ kind: 'value', topic: 'b', binary: 'int16le' })).toBe('b (int16le)')
    expect(seriesLabel({ kind: 'value', topic: 'c', derivative: true })).toBe('c per s')
    expect(seriesLabel({ kind: 'rate', scope: 'connection' })).toBe('msgs/s (connection)')
    expect(seriesLabel({ kind: 'rate', scope: 'filter', filter: 'a/+' })).toBe('msgs/s a/+')
    expect(seriesLabel({ kind: 'rate', scope: 'subtree', topic: 'a' })).toBe('msgs/s a/#')
  })

  it('parses the chart link parameter', () => {
    expect(parseChartParam('a/t')).toEqual(value('a/t'))
    expect(parseChartParam('a/t|air.co2')).toEqual(value('a/t', 'air.co2'))
    expect(parseChartParam('a/t|')).toEqual(value('a/t'))
    expect(parseChartParam('')).toBeUndefined()
    expect(parseChartParam('|x')).toBeUndefined()
  })

  it('makes links only for series a link can express', () => {
    expect(chartParam(value('a/t'))).toBe('a/t')
    expect(chartParam(value('a/t', 'values[2]'))).toBe('a/t|values[2]')
    expect(chartParam({ kind: 'value', topic: 'b', binary: 'uint8' })).toBeUndefined()
    expect(chartParam({ kind: 'value', topic: 'b', derivative: true })).toBeUndefined()
    expect(chartParam({ kind: 'rate', scope: 'connection' })).toBeUndefined()
  })

  it('round-trips every series a link can express', () => {
    const sources: SeriesSource[] = [
      value('a/t'),
      value('a/t', 'air.co2'),
      value('$SYS/broker/load', 'm[1][0]'),
      value('with space/ü'),
      value('pipe|in/topic'),
      value('pipe|in/topic', 'x'),
    ]
    for (const source of sources) {
      const param = chartParam(source)
      if (param !== undefined) expect(parseChartParam(param), param).toEqual(source)
    }
  })
})
