import { writeText } from '../../components/LiveText'
import { formatClock } from '../../lib/format'
import type { AxisMode } from '../../store/saved/charts'
import { groupSeries, type AxisMemory } from './axisGroups'

/**
 * The chart plot drawn straight into its SVG: axes, grid and one path per series. A redraw sets a
 * few attributes (one `d` per line, a handful of ticks) instead of rendering a chart library's
 * component tree, so a live chart costs well under a millisecond per update whatever its points.
 * Pure functions for the numbers (ticks, paths) and one `drawPlot` that writes the DOM.
 */

const SVG = 'http://www.w3.org/2000/svg'

/**
 * Plot geometry, fixed so the brush overlay can map pixels to time without measuring. One strip
 * (one y axis) gets `height`; several strips stack, each `stripHeight` (`smallStripHeight` from
 * `smallFrom` strips on, so small multiples of many series stay on a screen) `stripGap` apart.
 */
export const PLOT = {
  height: 180,
  top: 8,
  right: 12,
  left: 64,
  xAxisHeight: 24,
  stripHeight: 80,
  smallStripHeight: 56,
  smallFrom: 4,
  // Room for the bottom tick label of one strip and the top one of the next.
  stripGap: 20,
} as const

/** Y-axis ticks: ~`count` round numbers covering [min, max] (1, 2 or 5 × a power of ten apart). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1]
  if (min === max) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1
    min -= pad
    max += pad
  }
  const raw = (max - min) / Math.max(1, count - 1)
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power
  const first = Math.floor(min / step) * step
  const ticks: number[] = []
  for (let v = first; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)))
  if (ticks.at(-1)! < max) ticks.push(Number((ticks.at(-1)! + step).toPrecision(12)))
  return ticks
}

const TIME_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
].map((s) => s * 1000)

/** X-axis ticks: whole seconds, minutes or hours, at most `count` of them inside [t0, t1]. */
export function timeTicks(t0: number, t1: number, count = 6): number[] {
  if (!(t1 > t0)) return []
  const step = TIME_STEPS.find((s) => (t1 - t0) / s <= count) ?? TIME_STEPS.at(-1)!
  // Local time: a tick at a whole minute should read hh:mm:00 on the viewer's clock.
  const offset = new Date(t0).getTimezoneOffset() * 60_000
  const ticks: number[] = []
  for (let t = Math.ceil((t0 - offset) / step) * step + offset; t <= t1; t += step) ticks.push(t)
  return ticks
}

/** The plot area of a chart `width` px wide with a single strip. */
export function plotArea(width: number): { x: number; y: number; w: number; h: number } {
  return {
    x: PLOT.left,
    y: PLOT.top,
    w: Math.max(1, width - PLOT.left - PLOT.right),
    h: PLOT.height - PLOT.top - PLOT.xAxisHeight,
  }
}

/** The vertical bands of `n` stacked strips, and the chart's whole height. */
export function stripLayout(n: number): { strips: { y: number; h: number }[]; height: number } {
  const count = Math.max(1, n)
  if (count === 1) {
    const h = PLOT.height - PLOT.top - PLOT.xAxisHeight
    return { strips: [{ y: PLOT.top, h }], height: PLOT.height }
  }
  const h = count >= PLOT.smallFrom ? PLOT.smallStripHeight : PLOT.stripHeight
  const strips = Array.from({ length: count }, (_, i) => ({
    y: PLOT.top + i * (h + PLOT.stripGap),
    h,
  }))
  return { strips, height: PLOT.top + count * h + (count - 1) * PLOT.stripGap + PLOT.xAxisHeight }
}

/** The smallest and largest finite value of a series (min > max when it has none). */
function extent(s: PlotSeries | undefined): [number, number] {
  let min = Infinity
  let max = -Infinity
  if (s)
    for (let i = 0; i < s.ys.length; i++) {
      const v = s.ys[i]!
      if (!Number.isFinite(v)) continue
      if (v < min) min = v
      if (v > max) max = v
    }
  return [min, max]
}

/** SVG path data of one series (NaN points are skipped, the line joins across them). */
export function linePath(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  toX: (t: number) => number,
  toY: (v: number) => number,
): string {
  let d = ''
  for (let i = 0; i < xs.length; i++) {
    const v = ys[i]!
    if (!Number.isFinite(v)) continue
    d += `${d === '' ? 'M' : 'L'}${toX(xs[i]!).toFixed(1)},${toY(v).toFixed(1)}`
  }
  return d
}

export interface PlotSeries {
  xs: ArrayLike<number>
  ys: ArrayLike<number>
}

export interface PlotElements {
  grid: SVGGElement
  xAxis: SVGGElement
  yAxis: SVGGElement
  /** One path per series, in the order of `series` given to drawPlot. */
  lines: readonly (SVGPathElement | null)[]
  /** The SVG, the box that holds it and the lines' clip rectangle: sized to the strips. */
  svg?: SVGSVGElement | null
  box?: HTMLElement | null
  clip?: SVGRectElement | null
}

export interface PlotColors {
  muted: string
  border: string
}

/** Half the width of a time label (hh:mm:ss at 12 px sans-serif), in px. */
const TIME_LABEL_HALF_PX = 26

const numberFormat = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 })
const tickTime = (t: number) => formatClock(t).slice(0, 8)

/** Makes `parent` hold exactly `n` children made by `make` (reusing those it has). */
function pool<T extends SVGElement>(parent: SVGGElement, n: number, make: () => T): T[] {
  while (parent.childNodes.length > n) parent.lastChild!.remove()
  while (parent.childNodes.length < n) parent.appendChild(make())
  return [...parent.childNodes] as T[]
}

function el<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag)
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v))
  return node
}

function set(node: Element, name: string, value: string | number): void {
  const text = String(value)
  if (node.getAttribute(name) !== text) node.setAttribute(name, text)
}

/**
 * Draws the plot: the time window [t0, t1] over the plot's width, the series in strips stacked
 * top to bottom (`groupSeries`), each with its y range from its data (round ticks), a dashed
 * grid and tick labels, one path per series, and the time axis under the last strip. Only
 * attributes that changed are written (the height only when the number of strips changed).
 * `memory` is the chart's last grouping (axisGroups.ts), so axes do not flip as values move.
 * Returns the strips drawn.
 */
export function drawPlot(
  els: PlotElements,
  width: number,
  t0: number,
  t1: number,
  series: readonly (PlotSeries | undefined)[],
  colors: PlotColors,
  mode: AxisMode = 'auto',
  memory?: AxisMemory,
): number[][] {
  const area = plotArea(width)
  const groups = groupSeries(series, mode, memory)
  const { strips, height } = stripLayout(groups.length)
  if (els.svg) {
    set(els.svg, 'height', height)
    set(els.svg, 'data-strips', groups.length)
  }
  if (els.box && els.box.style.height !== `${height}px`) els.box.style.height = `${height}px`
  if (els.clip) {
    set(els.clip, 'x', area.x)
    set(els.clip, 'y', PLOT.top - 2)
    set(els.clip, 'width', area.w)
    set(els.clip, 'height', height - PLOT.top - PLOT.xAxisHeight + 4)
  }
  const span = t1 - t0 || 1
  const toX = (t: number) => area.x + ((t - t0) / span) * area.w
  const xTicks = timeTicks(t0, t1)
  const bottom = strips.at(-1)!.y + strips.at(-1)!.h

  // Per strip: its y ticks and scale; the lines of its series.
  const yTicks: { v: number; y: number }[] = []
  const scales: ((v: number) => number)[] = []
  groups.forEach((group, k) => {
    const strip = strips[k]!
    let min = Infinity
    let max = -Infinity
    for (const i of group) {
      const [a, b] = extent(series[i])
      if (a < min) min = a
      if (b > max) max = b
    }
    const ticks = min <= max ? niceTicks(min, max, strip.h >= 120 ? 5 : 3) : [0, 1]
    const y0 = ticks[0]!
    const y1 = ticks.at(-1)!
    const toY = (v: number) => strip.y + strip.h - ((v - y0) / (y1 - y0 || 1)) * strip.h
    for (const v of ticks) yTicks.push({ v, y: toY(v) })
    for (const i of group) scales[i] = toY
  })

  // Grid: one dashed line per tick, vertical ones through each strip.
  const vertical = xTicks.length * strips.length
  const gridLines = pool(els.grid, vertical + yTicks.length, () =>
    el('line', { 'stroke-dasharray': '3 3' }),
  )
  gridLines.forEach((line, i) => {
    if (i < vertical) {
      const strip = strips[Math.floor(i / xTicks.length)]!
      const x = toX(xTicks[i % xTicks.length]!).toFixed(1)
      set(line, 'x1', x)
      set(line, 'x2', x)
      set(line, 'y1', strip.y)
      set(line, 'y2', strip.y + strip.h)
    } else {
      const y = yTicks[i - vertical]!.y.toFixed(1)
      set(line, 'x1', area.x)
      set(line, 'x2', area.x + area.w)
      set(line, 'y1', y)
      set(line, 'y2', y)
    }
    set(line, 'stroke', colors.border)
  })

  const labels = <T>(
    group: SVGGElement,
    values: T[],
    at: (v: T) => [number, number],
    text: (v: T) => string,
    anchor: string,
  ) => {
    const nodes = pool(group, values.length, () =>
      el('text', { 'font-size': 12, 'font-family': 'sans-serif' }),
    )
    nodes.forEach((node, i) => {
      const [x, y] = at(values[i]!)
      set(node, 'x', x.toFixed(1))
      set(node, 'y', y.toFixed(1))
      set(node, 'text-anchor', anchor)
      set(node, 'fill', colors.muted)
      const label = text(values[i]!)
      writeText(node, label)
    })
  }
  // A time label is centred on its tick, but kept inside the SVG near the right edge.
  const lastLabelX = width - TIME_LABEL_HALF_PX
  labels(els.xAxis, xTicks, (t) => [Math.min(toX(t), lastLabelX), bottom + 16], tickTime, 'middle')
  labels(
    els.yAxis,
    yTicks,
    (tick) => [area.x - 6, tick.y + 4],
    (tick) => numberFormat.format(tick.v),
    'end',
  )

  series.forEach((s, i) => {
    const path = els.lines[i]
    if (!path) return
    const d = s ? linePath(s.xs, s.ys, toX, scales[i]!) : ''
    if (path.getAttribute('d') !== d) path.setAttribute('d', d)
  })
  return groups
}
