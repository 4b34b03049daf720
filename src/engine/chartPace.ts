import { CHART_CALM_HZ, CHART_MAX_HZ } from './budgets'

/**
 * How often a live chart with new points is redrawn, in ms: once per pixel its window moves, but
 * never faster than CHART_MAX_HZ nor slower than CHART_CALM_HZ. Both ends are whole beats of the
 * pacers' grid (lib/pacer.ts), so a chart's redraws fall in the frames the other panels draw in.
 * The worker builds a chart's data at this pace and the page draws it at the same pace.
 */
export function chartRedrawMs(windowMs: number, widthPx: number): number {
  const pixelMs = windowMs / Math.max(1, widthPx)
  return pixelMs <= 1000 / CHART_MAX_HZ ? 1000 / CHART_MAX_HZ : 1000 / CHART_CALM_HZ
}
