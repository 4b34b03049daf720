import * as v from 'valibot'
import { BINARY_NUMBERS } from '../../codecs/numeric'
import type { SavedKind } from '../../lib/persist'
import { countDropped, listOf, record, recordOf } from '../../lib/persistSchema'
import { seriesKey, type SeriesSource } from '../../wire/frame'

/**
 * Chart layouts as saved by versions before 0.2 (`mqtt-scope.charts`): which charts, which series,
 * which colours and window, per broker URL. Layouts now belong to their connection tab and are
 * saved with the tabs (`saved/tabs.ts`, which reuses `chartSchema`); this kind is only read, once,
 * to give a tab to a URL the layout it had. The points themselves are never saved.
 */

export interface ChartSeries {
  /** `seriesKey(source)`; recomputed on read, so a stored key can never disagree. */
  key: string
  source: SeriesSource
  /** Assigned when the series is added and kept, so a series never changes colour. */
  color: string
}

/**
 * How a chart's series share y axes: `auto` one strip per range (series within an order of
 * magnitude together), `shared` one axis for all, `split` one strip per series (small multiples).
 */
export const AXIS_MODES = ['auto', 'shared', 'split'] as const
export type AxisMode = (typeof AXIS_MODES)[number]

export interface ChartConfig {
  id: string
  series: ChartSeries[]
  windowMs: number
  /** Y axes (absent: `auto`, what layouts saved before the choice existed get). */
  axes?: AxisMode
  /** Paused: the window frozen at the moment of pausing (never saved: charts come back live). */
  paused?: [number, number]
  /** Zoomed: a range chosen with the brush (never saved either). */
  zoom?: [number, number]
}

export interface SavedCharts {
  /** Chart layouts by profile (a broker URL). */
  layouts: Record<string, ChartConfig[]>
}

/** Series per chart and charts per profile read back: more is not what the store writes. */
const NO_LIMIT = Number.MAX_SAFE_INTEGER

const sourceSchema: v.GenericSchema<unknown, SeriesSource> = v.union([
  record({
    kind: v.literal('value'),
    topic: v.string(),
    path: v.optional(v.string()),
    binary: v.optional(v.picklist(BINARY_NUMBERS)),
    derivative: v.optional(v.boolean()),
    protobuf: v.optional(record({ schemaId: v.string(), type: v.string() })),
    script: v.optional(record({ scriptId: v.string(), sourceHash: v.string(), name: v.string() })),
  }),
  record({ kind: v.literal('rate'), scope: v.literal('connection') }),
  record({ kind: v.literal('rate'), scope: v.literal('filter'), filter: v.string() }),
  record({ kind: v.literal('rate'), scope: v.literal('subtree'), topic: v.string() }),
])

/** A series whose source is one the worker can feed, with a colour the plot can draw. */
const seriesSchema: v.GenericSchema<unknown, ChartSeries> = v.pipe(
  record({
    source: sourceSchema,
    // A colour the app assigned (SERIES_COLORS): anything else is not what it wrote.
    color: v.pipe(v.string(), v.regex(/^#[0-9a-f]{6}$/i)),
  }),
  v.transform(({ source, color }) => {
    // Optional fields that are absent stay absent (seriesKey and the worker treat them so).
    const clean = Object.fromEntries(
      Object.entries(source).filter(([, x]) => x !== undefined),
    ) as SeriesSource
    return { key: seriesKey(clean), source: clean, color }
  }),
)

/** Keeps the first of each key (an id or a series key); later ones count as damaged. */
function firstOfEach<T>(list: T[], keyOf: (x: T) => string): T[] {
  const seen = new Set<string>()
  return list.filter((x) => {
    const k = keyOf(x)
    if (seen.has(k)) {
      countDropped()
      return false
    }
    seen.add(k)
    return true
  })
}

export const chartSchema: v.GenericSchema<unknown, ChartConfig> = v.pipe(
  record({
    id: v.pipe(v.string(), v.nonEmpty()),
    series: v.pipe(
      listOf(seriesSchema, NO_LIMIT),
      v.transform((list) => firstOfEach(list, (s) => s.key)),
    ),
    windowMs: v.pipe(v.number(), v.finite(), v.gtValue(0)),
    // Layouts saved before the choice existed (or with a mode this version does not know) get
    // the automatic axes.
    axes: v.fallback(v.optional(v.picklist(AXIS_MODES), 'auto'), 'auto'),
  }),
  // Pauses and zooms are moments of a past session: not part of the record (v.object drops them).
  v.transform(({ id, series, windowMs, axes }) => ({ id, series, windowMs, axes })),
)

/** What is saved of a chart: never its pause or zoom. */
export function storedChart({ id, series, windowMs, axes }: ChartConfig): ChartConfig {
  return { id, series, windowMs, axes: axes ?? 'auto' }
}

/**
 * Version 0: zustand `persist`'s `{ state: { layouts }, version: 1 }` under the same key. A
 * damaged chart or series is left out alone; a profile whose value is not a list is left out.
 */
export const savedCharts: SavedKind<SavedCharts> = {
  name: 'charts',
  version: 1,
  schema: record({
    layouts: recordOf(
      v.pipe(
        listOf(chartSchema, NO_LIMIT),
        v.transform((charts) => firstOfEach(charts, (c) => c.id)),
      ),
    ),
  }),
  empty: () => ({ layouts: {} }),
  migrations: {
    0: (old) => {
      const state = (old as { state?: unknown } | null)?.state
      if (typeof state !== 'object' || state === null) throw new Error('not a charts state')
      return state
    },
  },
  countsEntries: true,
  toStored: (s) => ({
    layouts: Object.fromEntries(
      Object.entries(s.layouts).map(([profile, charts]) => [profile, charts.map(storedChart)]),
    ),
  }),
}
