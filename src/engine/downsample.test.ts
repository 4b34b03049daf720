import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { downsampleMinMax } from './downsample'
import { SeriesRing } from './SeriesRing'

const T0 = 1_700_000_000_000

/** A deterministic pseudo-random generator in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function ringOf(points: readonly (readonly [number, number])[]): SeriesRing {
  const ring = new SeriesRing(Math.max(1, points.length))
  for (const [t, v] of points) ring.push(t, v)
  return ring
}

function isNonDecreasing(xs: Float64Array): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i]! < xs[i - 1]!) return false
  return true
}

describe('downsampleMinMax', () => {
  // 100 000 points of noise at 1 ms steps, with one spike up and one spike down.
  const N = 100_000
  const UP = 31_337
  const DOWN = 77_777
  const rand = random(42)
  const noisy = new SeriesRing(N)
  for (let i = 0; i < N; i++) noisy.push(T0 + i, i === UP ? 50 : i === DOWN ? -50 : rand() * 2 - 1)

  it('sends at most two points per bucket for 100 000 points into 300 buckets', () => {
    const d = downsampleMinMax(noisy, T0, T0 + N, 300)
    expect(d.count).toBe(N)
    expect(d.xs.length).toBeLessThanOrEqual(2 * 300)
    expect(d.xs.length).toBeGreaterThanOrEqual(300)
    expect(d.ys.length).toBe(d.xs.length)
  })

  it('keeps the spike of a bucket when downsampling', () => {
    const d = downsampleMinMax(noisy, T0, T0 + N, 300)
    const ys = Array.from(d.ys)
    expect(ys).toContain(50)
    expect(ys).toContain(-50)
    expect(Array.from(d.xs)[ys.indexOf(50)]).toBe(T0 + UP)
    expect(Array.from(d.xs)[ys.indexOf(-50)]).toBe(T0 + DOWN)
    expect(d.max).toBe(50)
    expect(d.min).toBe(-50)
  })

  it('keeps the minimum and the maximum of every bucket', () => {
    const rand2 = random(7)
    const ring = new SeriesRing(1000)
    for (let i = 0; i < 1000; i++) ring.push(T0 + i, Math.round(rand2() * 1000))
    const d = downsampleMinMax(ring, T0, T0 + 1000, 10) // buckets of exactly 100 ms
    expect(d.xs.length).toBeLessThanOrEqual(20)
    for (let b = 0; b < 10; b++) {
      const values: number[] = []
      for (let i = b * 100; i < (b + 1) * 100; i++) values.push(ring.v(i))
      const inBucket: number[] = []
      d.xs.forEach((x, i) => {
        if (x >= T0 + b * 100 && x < T0 + (b + 1) * 100) inBucket.push(d.ys[i]!)
      })
      expect(inBucket, `bucket ${b}`).toContain(Math.min(...values))
      expect(inBucket, `bucket ${b}`).toContain(Math.max(...values))
      expect(inBucket.length, `bucket ${b}`).toBeLessThanOrEqual(2)
    }
  })

  it('puts points in time order', () => {
    expect(isNonDecreasing(downsampleMinMax(noisy, T0, T0 + N, 300).xs)).toBe(true)
    expect(isNonDecreasing(downsampleMinMax(noisy, T0 + 5_000, T0 + 6_000, 7).xs)).toBe(true)
  })

  it('computes exact stats over every point of the window', () => {
    // The window ends between two points: the end of the window is tested on its own below.
    const t0 = T0 + 10_000
    const t1 = T0 + 19_999.5
    let count = 0
    let min = Infinity
    let max = -Infinity
    let sum = 0
    for (let i = 0; i < N; i++) {
      const t = noisy.t(i)
      if (t < t0 || t > t1) continue
      const v = noisy.v(i)
      count++
      sum += v
      min = Math.min(min, v)
      max = Math.max(max, v)
    }
    const d = downsampleMinMax(noisy, t0, t1, 100)
    expect(d.count).toBe(count)
    expect(d.min).toBe(min)
    expect(d.max).toBe(max)
    expect(d.mean).toBeCloseTo(sum / count, 12)
  })

  it('leaves out points outside the window except the last one before it', () => {
    const ring = ringOf(Array.from({ length: 100 }, (_, i) => [i, i] as const))
    const d = downsampleMinMax(ring, 40.5, 60.5, 1000)
    expect(Array.from(d.xs)).toEqual(Array.from({ length: 21 }, (_, i) => 40 + i))
    expect(d.count).toBe(20)
    expect(d.min).toBe(41)
    expect(d.max).toBe(60)
  })

  it('adds no point before the window when the window starts at the first point', () => {
    const ring = ringOf([
      [10, 1],
      [20, 2],
      [30, 3],
    ])
    const d = downsampleMinMax(ring, 10, 30, 100)
    expect(Array.from(d.xs)).toEqual([10, 20, 30])
    expect(d.count).toBe(3)
  })

  it('includes a point exactly at the end of a window of epoch times', () => {
    const ring = ringOf(Array.from({ length: 11 }, (_, i) => [T0 + i, i] as const))
    const d = downsampleMinMax(ring, T0, T0 + 10, 100)
    expect(d.count).toBe(11)
    expect(d.max).toBe(10)
    expect(Array.from(d.xs)).toContain(T0 + 10)
  })

  it('gives no points and NaN stats for an empty ring', () => {
    const d = downsampleMinMax(new SeriesRing(8), T0, T0 + 1000, 100)
    expect(d.xs).toHaveLength(0)
    expect(d.ys).toHaveLength(0)
    expect(d.count).toBe(0)
    expect(d.min).toBeNaN()
    expect(d.max).toBeNaN()
    expect(d.mean).toBeNaN()
  })

  it('gives NaN stats and at most the point before for a window after every point', () => {
    const d = downsampleMinMax(noisy, T0 + 2 * N, T0 + 3 * N, 100)
    expect(d.count).toBe(0)
    expect(d.mean).toBeNaN()
    expect(d.min).toBeNaN()
    expect(d.xs.length).toBeLessThanOrEqual(1)
  })

  it('gives at most two points (and the point before) for one bucket', () => {
    const d = downsampleMinMax(noisy, T0 + 1000, T0 + N, 1)
    expect(d.xs.length).toBeLessThanOrEqual(3)
    expect(Array.from(d.ys)).toContain(50)
    expect(Array.from(d.ys)).toContain(-50)
    expect(isNonDecreasing(d.xs)).toBe(true)
    for (const buckets of [0, -5, 0.4])
      expect(downsampleMinMax(noisy, T0, T0 + N, buckets).xs.length).toBeLessThanOrEqual(2)
  })

  // A point on a bucket boundary whose bucket index rounds down while the bucket's end rounds
  // to the point's time made the loop stop advancing (an endless loop that fills memory). Run in
  // a child process so that a regression fails in seconds instead of hanging the test run.
  it('finishes for points that fall on rounded bucket boundaries', () => {
    const ringUrl = new URL('./SeriesRing.ts', import.meta.url).href
    const downsampleUrl = new URL('./downsample.ts', import.meta.url).href
    const script = `
      const { SeriesRing } = await import(${JSON.stringify(ringUrl)})
      const { downsampleMinMax } = await import(${JSON.stringify(downsampleUrl)})
      const cases = [
        // [t0, t1, buckets, t]: 1 s into 85 buckets; a live minute into a 220 px chart.
        [0, 1000, 85, 600],
        [${T0}, ${T0 + 60_000}, 220, ${T0 + 15_000}],
      ]
      const out = []
      for (const [t0, t1, buckets, t] of cases) {
        const ring = new SeriesRing(4)
        ring.push(t, 1)
        const d = downsampleMinMax(ring, t0, t1, buckets)
        out.push([d.count, d.xs.length])
      }
      console.log(JSON.stringify(out))
    `
    const child = spawnSync(
      process.execPath,
      ['--max-old-space-size=128', '--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        encoding: 'utf8',
        timeout: 10_000,
      },
    )
    expect(child.error?.message ?? '', 'the child timed out').toBe('')
    expect(child.status, child.stderr.slice(0, 500)).toBe(0)
    expect(JSON.parse(child.stdout)).toEqual([
      [1, 1],
      [1, 1],
    ])
  })
})
