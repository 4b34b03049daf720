import type { Clock } from '../mqtt/clock'

/** A clock whose time moves only when the test says so. */
export class ManualClock implements Clock {
  t = 0
  #timers = new Map<number, { at: number; fn: () => void }>()
  #next = 1
  now = () => this.t
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.#next++
    this.#timers.set(id, { at: this.t + ms, fn })
    return id
  }
  clearTimeout = (h: unknown) => {
    this.#timers.delete(h as number)
  }
  /** Advances time, running due timers in order (including ones they schedule). */
  advance(ms: number) {
    const end = this.t + ms
    for (let guard = 0; guard < 1_000_000; guard++) {
      let first: [number, { at: number; fn: () => void }] | undefined
      for (const e of this.#timers) if (!first || e[1].at < first[1].at) first = e
      if (!first || first[1].at > end) break
      this.#timers.delete(first[0])
      this.t = Math.max(this.t, first[1].at)
      first[1].fn()
    }
    this.t = end
  }
}
