import { create } from 'zustand'
import { createJSONStorage, persist } from 'zustand/middleware'
import { seriesKey, type SeriesSource } from '../mqtt/protocol'

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

export interface ChartSeries {
  key: string
  source: SeriesSource
  /** Assigned when the series is added and kept, so a series never changes colour. */
  color: string
}

export interface ChartConfig {
  id: string
  series: ChartSeries[]
  windowMs: number
  /** Paused: the window frozen at the moment of pausing (data keeps arriving in the worker). */
  paused?: [number, number]
  /** Zoomed: a range chosen with the brush; "Back to live" clears it. */
  zoom?: [number, number]
}

/** How a series is named in legends and menus: its topic and JSON path, or its rate scope. */
export function seriesLabel(source: SeriesSource): string {
  if (source.kind === 'rate') {
    if (source.scope === 'connection') return 'msgs/s (connection)'
    return source.scope === 'filter' ? `msgs/s ${source.filter}` : `msgs/s ${source.topic}/#`
  }
  let label = source.topic
  if (source.path) label += ` ${source.path}`
  if (source.binary) label += ` (${source.binary})`
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
  if (source.kind !== 'value' || source.binary || source.derivative) return undefined
  if (source.topic.includes('|')) return undefined
  return source.path ? `${source.topic}|${source.path}` : source.topic
}

interface ChartsState {
  /** Chart layouts by profile; until saved profiles exist, a profile is a broker URL. */
  layouts: Record<string, ChartConfig[]>
  profile: string
  setProfile: (profile: string) => void
  addChart: () => string
  removeChart: (chartId: string) => void
  /** Adds a series to `chartId`, else to the first chart, else to a new chart. Returns the chart id. */
  addSeries: (source: SeriesSource, chartId?: string) => string
  removeSeries: (chartId: string, key: string) => void
  /** Moves a series to another chart (drag and drop), keeping its colour when free there. */
  moveSeries: (fromChart: string, key: string, toChart: string) => void
  setWindow: (chartId: string, windowMs: number) => void
  pause: (chartId: string, now: number) => void
  resume: (chartId: string) => void
  zoom: (chartId: string, range: [number, number]) => void
  backToLive: (chartId: string) => void
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

function isChartSeries(v: unknown): v is ChartSeries {
  if (!isObject(v) || typeof v.key !== 'string' || typeof v.color !== 'string') return false
  const source = v.source
  if (!isObject(source)) return false
  if (source.kind === 'value') return typeof source.topic === 'string'
  return (
    source.kind === 'rate' && ['connection', 'filter', 'subtree'].includes(String(source.scope))
  )
}

function isChartConfig(v: unknown): v is ChartConfig {
  return (
    isObject(v) &&
    typeof v.id === 'string' &&
    Array.isArray(v.series) &&
    typeof v.windowMs === 'number'
  )
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
 * Chart configuration (control plane): which charts, which series, which window. Persisted per
 * profile in localStorage; the points themselves live in the worker and the data store.
 */
export const useChartsStore = create<ChartsState>()(
  persist(
    (set, get) => {
      const update = (fn: (charts: ChartConfig[]) => ChartConfig[]) =>
        set((s) => ({ layouts: { ...s.layouts, [s.profile]: fn(s.layouts[s.profile] ?? EMPTY) } }))
      const patch = (chartId: string, fn: (c: ChartConfig) => ChartConfig) =>
        update((charts) => charts.map((c) => (c.id === chartId ? fn(c) : c)))
      return {
        layouts: {},
        profile: '',
        setProfile: (profile) => set({ profile }),
        addChart: () => {
          const id = newId()
          update((charts) => [...charts, { id, series: [], windowMs: 60_000 }])
          return id
        },
        removeChart: (chartId) => update((charts) => charts.filter((c) => c.id !== chartId)),
        addSeries: (source, chartId) => {
          const charts = get().layouts[get().profile] ?? EMPTY
          const target = charts.find((c) => c.id === chartId) ?? (chartId ? undefined : charts[0])
          const id = target?.id ?? get().addChart()
          const key = seriesKey(source)
          patch(id, (c) =>
            c.series.some((s) => s.key === key)
              ? c
              : { ...c, series: [...c.series, { key, source, color: nextColor(c) }] },
          )
          return id
        },
        removeSeries: (chartId, key) =>
          patch(chartId, (c) => ({ ...c, series: c.series.filter((s) => s.key !== key) })),
        moveSeries: (fromChart, key, toChart) => {
          if (fromChart === toChart) return
          const charts = get().layouts[get().profile] ?? EMPTY
          const moving = charts.find((c) => c.id === fromChart)?.series.find((s) => s.key === key)
          const target = charts.find((c) => c.id === toChart)
          if (!moving || !target) return
          get().removeSeries(fromChart, key)
          if (target.series.some((s) => s.key === key)) return
          const color = target.series.some((s) => s.color === moving.color)
            ? nextColor(target)
            : moving.color
          patch(toChart, (c) => ({ ...c, series: [...c.series, { ...moving, color }] }))
        },
        setWindow: (chartId, windowMs) =>
          patch(chartId, (c) => ({ ...c, windowMs, paused: undefined, zoom: undefined })),
        pause: (chartId, now) => patch(chartId, (c) => ({ ...c, paused: [now - c.windowMs, now] })),
        resume: (chartId) => patch(chartId, (c) => ({ ...c, paused: undefined })),
        zoom: (chartId, range) => patch(chartId, (c) => ({ ...c, zoom: range })),
        backToLive: (chartId) =>
          patch(chartId, (c) => ({ ...c, zoom: undefined, paused: undefined })),
      }
    },
    {
      name: 'mqtt-scope.charts',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ layouts: s.layouts }),
      // Stored data that is not what this version wrote is dropped rather than trusted.
      merge: (persisted, current) => {
        const layouts = (persisted as { layouts?: unknown } | undefined)?.layouts
        if (!layouts || typeof layouts !== 'object') return current
        const clean: Record<string, ChartConfig[]> = {}
        for (const [profile, charts] of Object.entries(layouts as Record<string, unknown>)) {
          if (!Array.isArray(charts)) continue
          // Pauses and zooms are moments of a past session; charts come back live.
          clean[profile] = charts.filter(isChartConfig).map((c) => ({
            ...c,
            series: c.series.filter(isChartSeries),
            paused: undefined,
            zoom: undefined,
          }))
        }
        return { ...current, layouts: clean }
      },
    },
  ),
)

/** The charts of the current profile. */
export const selectCharts = (s: ChartsState): ChartConfig[] => s.layouts[s.profile] ?? EMPTY
