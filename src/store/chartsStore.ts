import { seriesKey, type SeriesSource } from '../wire/frame'
import { perConnection } from './perConnection'
import type { AxisMode, ChartConfig, ChartSeries } from './saved/charts'

export { AXIS_MODES } from './saved/charts'
export type { AxisMode, ChartConfig, ChartSeries }

/**
 * Series colours: distinct hues that stay readable on the light and the dark background. Each
 * has a contrast of at least 3:1 (WCAG non-text) against both plot backgrounds, the light
 * theme's #ffffff and the dark theme's #181c21, so one palette serves both themes.
 */
export const SERIES_COLORS = [
  '#2f7de1',
  '#e5484d',
  '#30a46c',
  '#c27803',
  '#8e4ec6',
  '#0891b2',
  '#d6409f',
  '#7c9a2a',
  '#ef6c2f',
  '#6e7c91',
] as const

/** Time windows offered; any other value (in ms) is a custom window. */
export const WINDOW_CHOICES = [
  { ms: 60_000, label: '1 min' },
  { ms: 300_000, label: '5 min' },
  { ms: 900_000, label: '15 min' },
  { ms: 3_600_000, label: '1 h' },
] as const

/** How a series is named in legends and menus: its topic and JSON path, or its rate scope. */
export function seriesLabel(source: SeriesSource): string {
  if (source.kind === 'rate') {
    if (source.scope === 'connection') return 'msgs/s (connection)'
    return source.scope === 'filter' ? `msgs/s ${source.filter}` : `msgs/s ${source.topic}/#`
  }
  let label = source.topic
  if (source.path) label += ` ${source.path}`
  if (source.binary) label += ` (${source.binary})`
  if (source.protobuf) label += ` (${source.protobuf.type})`
  if (source.script) label += ` (${source.script.name})`
  if (source.derivative) label += ' per s'
  return label
}

/** Parses the `chart` URL parameter: `topic` or `topic|json.path`. */
export function parseChartParam(raw: string): SeriesSource | undefined {
  const [topic, path] = raw.split('|', 2)
  if (!topic) return undefined
  return path ? { kind: 'value', topic, path } : { kind: 'value', topic }
}

/**
 * The `chart` URL parameter for a series, or undefined when a link cannot express it (binary,
 * counters, rates, and topics containing `|`, which the parameter uses as its separator).
 */
export function chartParam(source: SeriesSource): string | undefined {
  if (
    source.kind !== 'value' ||
    source.binary ||
    source.derivative ||
    source.protobuf ||
    source.script
  )
    return undefined
  if (source.topic.includes('|')) return undefined
  return source.path ? `${source.topic}|${source.path}` : source.topic
}

let counter = 0
const newId = () => `chart-${Date.now().toString(36)}-${(counter++).toString(36)}`

const EMPTY: ChartConfig[] = []

function nextColor(chart: ChartConfig | undefined): string {
  const used = new Set(chart?.series.map((s) => s.color))
  return (
    SERIES_COLORS.find((c) => !used.has(c)) ??
    SERIES_COLORS[(chart?.series.length ?? 0) % SERIES_COLORS.length]!
  )
}

/**
 * Chart configuration (control plane) of each connection: which charts, which series, which
 * window. Kept with the connection's tab (saved with the open tabs); the points themselves live
 * in the worker and the data store.
 */
export const chartLayouts = perConnection<{ charts: ChartConfig[] }>({ charts: EMPTY })

/** The charts of connection `id`. */
export const chartsOf = (id: string): ChartConfig[] => chartLayouts.get(id).charts

const update = (id: string, fn: (charts: ChartConfig[]) => ChartConfig[]) =>
  chartLayouts.patch(id, (s) => ({ charts: fn(s.charts) }))
const patch = (id: string, chartId: string, fn: (c: ChartConfig) => ChartConfig) =>
  update(id, (charts) => charts.map((c) => (c.id === chartId ? fn(c) : c)))

/** Replaces connection `id`'s charts (a restored tab); pauses and zooms come back live. */
export function setCharts(id: string, charts: ChartConfig[]): void {
  chartLayouts.patch(id, {
    charts: charts.map((c) => ({ ...c, paused: undefined, zoom: undefined })),
  })
}

export function addChart(id: string): string {
  const chartId = newId()
  update(id, (charts) => [...charts, { id: chartId, series: [], windowMs: 60_000, axes: 'auto' }])
  return chartId
}

export function removeChart(id: string, chartId: string): void {
  update(id, (charts) => charts.filter((c) => c.id !== chartId))
}

/** Adds a series to `chartId`, else to the first chart, else to a new chart. Returns the chart id. */
export function addSeries(id: string, source: SeriesSource, chartId?: string): string {
  const charts = chartsOf(id)
  const target = charts.find((c) => c.id === chartId) ?? (chartId ? undefined : charts[0])
  const into = target?.id ?? addChart(id)
  const key = seriesKey(source)
  patch(id, into, (c) =>
    c.series.some((s) => s.key === key)
      ? c
      : { ...c, series: [...c.series, { key, source, color: nextColor(c) }] },
  )
  return into
}

export function removeSeries(id: string, chartId: string, key: string): void {
  patch(id, chartId, (c) => ({ ...c, series: c.series.filter((s) => s.key !== key) }))
}

/** Moves a series to another chart (drag and drop), keeping its colour when free there. */
export function moveSeries(id: string, fromChart: string, key: string, toChart: string): void {
  if (fromChart === toChart) return
  const charts = chartsOf(id)
  const moving = charts.find((c) => c.id === fromChart)?.series.find((s) => s.key === key)
  const target = charts.find((c) => c.id === toChart)
  if (!moving || !target) return
  removeSeries(id, fromChart, key)
  if (target.series.some((s) => s.key === key)) return
  const color = target.series.some((s) => s.color === moving.color)
    ? nextColor(target)
    : moving.color
  patch(id, toChart, (c) => ({ ...c, series: [...c.series, { ...moving, color }] }))
}

export function setWindow(id: string, chartId: string, windowMs: number): void {
  patch(id, chartId, (c) => ({ ...c, windowMs, paused: undefined, zoom: undefined }))
}

/** How the chart's series share y axes (kept with the layout). */
export function setAxes(id: string, chartId: string, axes: AxisMode): void {
  patch(id, chartId, (c) => ({ ...c, axes }))
}

export function pauseChart(id: string, chartId: string, now: number): void {
  patch(id, chartId, (c) => ({ ...c, paused: [now - c.windowMs, now] }))
}

export function resumeChart(id: string, chartId: string): void {
  patch(id, chartId, (c) => ({ ...c, paused: undefined }))
}

export function zoomChart(id: string, chartId: string, range: [number, number]): void {
  patch(id, chartId, (c) => ({ ...c, zoom: range }))
}

export function backToLive(id: string, chartId: string): void {
  patch(id, chartId, (c) => ({ ...c, zoom: undefined, paused: undefined }))
}

/** Connection `id`'s chart actions, bound (panels act on the connection they show). */
export function chartActions(id: string) {
  return {
    addChart: () => addChart(id),
    removeChart: (chartId: string) => removeChart(id, chartId),
    addSeries: (source: SeriesSource, chartId?: string) => addSeries(id, source, chartId),
    removeSeries: (chartId: string, key: string) => removeSeries(id, chartId, key),
    moveSeries: (from: string, key: string, to: string) => moveSeries(id, from, key, to),
    setWindow: (chartId: string, windowMs: number) => setWindow(id, chartId, windowMs),
    setAxes: (chartId: string, axes: AxisMode) => setAxes(id, chartId, axes),
    pause: (chartId: string, now: number) => pauseChart(id, chartId, now),
    resume: (chartId: string) => resumeChart(id, chartId),
    zoom: (chartId: string, range: [number, number]) => zoomChart(id, chartId, range),
    backToLive: (chartId: string) => backToLive(id, chartId),
  }
}
