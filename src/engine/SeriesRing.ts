/**
 * A fixed-capacity ring of (time, value) points in time order. Appending past the capacity
 * overwrites the oldest point; `evicted` counts them. Logical index 0 is the oldest point held.
 */
export class SeriesRing {
  readonly capacity: number
  readonly #ts: Float64Array
  readonly #vs: Float64Array
  #start = 0
  #length = 0
  /** Points overwritten because the ring was full. */
  evicted = 0

  constructor(capacity: number) {
    this.capacity = capacity
    this.#ts = new Float64Array(capacity)
    this.#vs = new Float64Array(capacity)
  }

  get length(): number {
    return this.#length
  }

  push(t: number, v: number): void {
    if (this.#length === this.capacity) {
      this.#ts[this.#start] = t
      this.#vs[this.#start] = v
      this.#start = (this.#start + 1) % this.capacity
      this.evicted++
      return
    }
    const slot = (this.#start + this.#length) % this.capacity
    this.#ts[slot] = t
    this.#vs[slot] = v
    this.#length++
  }

  /** Time of the point at logical index `i` (0 = oldest). */
  t(i: number): number {
    return this.#ts[(this.#start + i) % this.capacity]!
  }

  /** Value of the point at logical index `i`. */
  v(i: number): number {
    return this.#vs[(this.#start + i) % this.capacity]!
  }

  /** First logical index whose time is ≥ `t` (binary search; the ring is in time order). */
  lowerBound(t: number): number {
    let lo = 0
    let hi = this.#length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.t(mid) < t) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** First logical index whose time is > `t` (so points at exactly `t` are included before it). */
  upperBound(t: number): number {
    let lo = 0
    let hi = this.#length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.t(mid) <= t) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** Copies of every point held, oldest first (for export). */
  toArrays(): { ts: Float64Array; vs: Float64Array } {
    const ts = new Float64Array(this.#length)
    const vs = new Float64Array(this.#length)
    for (let i = 0; i < this.#length; i++) {
      ts[i] = this.t(i)
      vs[i] = this.v(i)
    }
    return { ts, vs }
  }
}
