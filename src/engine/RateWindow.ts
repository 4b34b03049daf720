/**
 * Messages per second over a sliding window, kept as fixed buckets so it costs O(1) per message
 * and never grows. The rate counts only complete buckets, so it lags by at most one bucket.
 */
export class RateWindow {
  readonly #buckets: Float64Array
  readonly #bucketMs: number
  #current = 0 // index of the bucket that holds `now` (absolute bucket number)

  constructor(windowMs: number, bucketMs: number) {
    this.#bucketMs = bucketMs
    this.#buckets = new Float64Array(Math.max(1, Math.round(windowMs / bucketMs)) + 1)
  }

  #advance(now: number): void {
    const target = Math.floor(now / this.#bucketMs)
    if (target <= this.#current) return
    const n = this.#buckets.length
    const steps = Math.min(target - this.#current, n)
    for (let i = 1; i <= steps; i++) this.#buckets[(this.#current + i) % n] = 0
    this.#current = target
  }

  /** Counts `count` events at time `now` (ms). */
  add(now: number, count = 1): void {
    this.#advance(now)
    const n = this.#buckets.length
    this.#buckets[this.#current % n] = (this.#buckets[this.#current % n] ?? 0) + count
  }

  /** Events per second over the complete buckets of the window ending at `now`. */
  rate(now: number): number {
    this.#advance(now)
    const n = this.#buckets.length
    let sum = 0
    for (let i = 0; i < n; i++) if (i !== this.#current % n) sum += this.#buckets[i] ?? 0
    return (sum * 1000) / ((n - 1) * this.#bucketMs)
  }
}
