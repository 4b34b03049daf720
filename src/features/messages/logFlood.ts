import { LOG_FLOOD_EVERY_MS, LOG_FLOOD_SCREENS_PER_S } from '../../engine/budgets'

/**
 * Whether the message log is flooded: its new rows turn the screen over more than
 * LOG_FLOOD_SCREENS_PER_S times a second (LOG_FLOOD_EVERY_MS says what the log does then). Judged
 * from the log's running total at most once every LOG_FLOOD_EVERY_MS, over the time since the
 * last judgement; it stops being flooded below half the rate it took to start (no flip-flop).
 */
export class LogFlood {
  #at = NaN
  #total = 0
  #source: unknown
  #flooded = false
  #shown = 1

  /** Rows that fit on the log's screen (from its last render). */
  setShown(rows: number): void {
    this.#shown = Math.max(1, rows)
  }

  get flooded(): boolean {
    return this.#flooded
  }

  /**
   * Judges again if a judgement's time has passed: `now` in ms (the frame clock), `total` the
   * rows ever appended to `source` (the log ring shown). Returns whether the log is flooded.
   */
  update(now: number, total: number, source?: unknown): boolean {
    // The first look, or another log (Clear data, another connection): count from here.
    if (Number.isNaN(this.#at) || source !== this.#source || total < this.#total) {
      this.#source = source
      this.#at = now
      this.#total = total
      return this.#flooded
    }
    const elapsed = now - this.#at
    if (elapsed < LOG_FLOOD_EVERY_MS) return this.#flooded
    const screensPerSecond = ((total - this.#total) / this.#shown) * (1000 / elapsed)
    this.#flooded = this.#flooded
      ? screensPerSecond >= LOG_FLOOD_SCREENS_PER_S / 2
      : screensPerSecond > LOG_FLOOD_SCREENS_PER_S
    this.#at = now
    this.#total = total
    return this.#flooded
  }
}
