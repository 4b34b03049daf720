import type { Downsampled } from '../wire/frame'

export type { Downsampled }
import type { SeriesRing } from './SeriesRing'

/** Points for one series over a time window, at most two per pixel bucket, plus window stats. */

/**
 * Min/max downsampling: the window [t0, t1] is cut into `buckets` equal time buckets (one per
 * pixel) and each non-empty bucket contributes its minimum and its maximum, in time order, so
 * spikes survive at any zoom. Output ≤ 2 × buckets points, plus the last point before t0 so the
 * line enters from the left edge. Stats (min, max, mean) are over every point in the window.
 */
export function downsampleMinMax(
  ring: SeriesRing,
  t0: number,
  t1: number,
  buckets: number,
): Downsampled {
  const n = Math.max(1, Math.floor(buckets))
  const xs: number[] = []
  const ys: number[] = []
  const first = ring.lowerBound(t0)
  const end = Math.max(first, ring.upperBound(t1)) // t1 inclusive
  if (first > 0) {
    xs.push(ring.t(first - 1))
    ys.push(ring.v(first - 1))
  }
  let min = Infinity
  let max = -Infinity
  let sum = 0
  const width = (t1 - t0) / n
  // One expression decides a point's bucket everywhere, so rounding can never stall the loop.
  const bucketOf = (t: number) =>
    width > 0 ? Math.min(n - 1, Math.max(0, Math.floor((t - t0) / width))) : 0
  let i = first
  while (i < end) {
    const bucket = bucketOf(ring.t(i))
    let loI = i
    let hiI = i
    for (; i < end && bucketOf(ring.t(i)) === bucket; i++) {
      const v = ring.v(i)
      sum += v
      if (v < min) min = v
      if (v > max) max = v
      if (v < ring.v(loI)) loI = i
      if (v > ring.v(hiI)) hiI = i
    }
    const [a, b] = loI <= hiI ? [loI, hiI] : [hiI, loI]
    xs.push(ring.t(a))
    ys.push(ring.v(a))
    if (b !== a) {
      xs.push(ring.t(b))
      ys.push(ring.v(b))
    }
  }
  const count = end - first
  return {
    xs: Float64Array.from(xs),
    ys: Float64Array.from(ys),
    count,
    min: count > 0 ? min : NaN,
    max: count > 0 ? max : NaN,
    mean: count > 0 ? sum / count : NaN,
  }
}
