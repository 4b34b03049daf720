import { formatClock } from '../../lib/format'

/**
 * The chart plot drawn straight into its SVG: axes, grid and one path per series. A redraw sets a
 * few attributes (one `d` per line, a handful of ticks) instead of rendering a chart library's
 * component tree, so a live chart costs well under a millisecond per update whatever its points.
 * Pure functions for the numbers (ticks, paths) and one `drawPlot` that writes the DOM.
 */

const SVG = 'http://www.w3.org/2000/svg'

/** Plot geometry, fixed so the brush overlay can map pixels to time without measuring. */
export const PLOT = {
  height: 180,
  top: 8,
  right: 12,
  left: 64,
  xAxisHeight: 24,
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

/** The plot area of a chart `width` px wide. */
export function plotArea(width: number): { x: number; y: number; w: number; h: number } {
  return {
    x: PLOT.left,
    y: PLOT.top,
    w: Math.max(1, width - PLOT.left - PLOT.right),
    h: PLOT.height - PLOT.top - PLOT.xAxisHeight,
  }
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
}

export interface PlotColors {
  muted: string
  border: string
}

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
 * Draws the plot: the time window [t0, t1] over the plot's width, the y range from the data (round
 * ticks), a dashed grid, tick labels and one path per series. Only attributes that changed are
 * written.
 */
export function drawPlot(
  els: PlotElements,
  width: number,
  t0: number,
  t1: number,
  series: readonly (PlotSeries | undefined)[],
  colors: PlotColors,
): void {
  const area = plotArea(width)
  let min = Infinity
  let max = -Infinity
  for (const s of series) {
    if (!s) continue
    for (let i = 0; i < s.ys.length; i++) {
      const v = s.ys[i]!
      if (!Number.isFinite(v)) continue
      if (v < min) min = v
      if (v > max) max = v
    }
  }
  const yTicks = min <= max ? niceTicks(min, max) : [0, 1]
  const y0 = yTicks[0]!
  const y1 = yTicks.at(-1)!
  const span = t1 - t0 || 1
  const toX = (t: number) => area.x + ((t - t0) / span) * area.w
  const toY = (v: number) => area.y + area.h - ((v - y0) / (y1 - y0 || 1)) * area.h
  const xTicks = timeTicks(t0, t1)

  // Grid: one dashed line per tick, both axes.
  const gridLines = pool(els.grid, xTicks.length + yTicks.length, () =>
    el('line', { 'stroke-dasharray': '3 3' }),
  )
  gridLines.forEach((line, i) => {
    const vertical = i < xTicks.length
    const x = vertical ? toX(xTicks[i]!).toFixed(1) : String(area.x)
    const y = vertical ? String(area.y) : toY(yTicks[i - xTicks.length]!).toFixed(1)
    set(line, 'x1', x)
    set(line, 'x2', vertical ? x : String(area.x + area.w))
    set(line, 'y1', y)
    set(line, 'y2', vertical ? String(area.y + area.h) : y)
    set(line, 'stroke', colors.border)
  })

  const labels = (
    group: SVGGElement,
    values: number[],
    at: (v: number) => [number, number],
    text: (v: number) => string,
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
      if (node.textContent !== label) node.textContent = label
    })
  }
  labels(els.xAxis, xTicks, (t) => [toX(t), area.y + area.h + 16], tickTime, 'middle')
  labels(
    els.yAxis,
    yTicks,
    (v) => [area.x - 6, toY(v) + 4],
    (v) => numberFormat.format(v),
    'end',
  )

  series.forEach((s, i) => {
    const path = els.lines[i]
    if (!path) return
    const d = s ? linePath(s.xs, s.ys, toX, toY) : ''
    if (path.getAttribute('d') !== d) path.setAttribute('d', d)
  })
}
