/**
 * A script's time budget: at most `budgetMs` of running time per `windowMs` window. A call that
 * starts in a window already spent is refused (and counted) instead of run, so a script that is
 * merely slow on a busy topic takes a bounded share of the worker instead of all of it. Each
 * call is also stopped at its own deadline; this bounds the sum of many calls that each finish.
 * Pure: the caller passes the clock.
 */
export class TimeBudget {
  readonly budgetMs: number
  readonly windowMs: number
  #windowStart = -Infinity
  #used = 0

  constructor(budgetMs: number, windowMs: number) {
    this.budgetMs = budgetMs
    this.windowMs = windowMs
  }

  #roll(now: number): void {
    if (now - this.#windowStart >= this.windowMs) {
      // Windows are aligned to the first call after a quiet spell, not to wall-clock seconds.
      this.#windowStart = now
      this.#used = 0
    }
  }

  /** True when a call may start at `now`. */
  allows(now: number): boolean {
    this.#roll(now)
    return this.#used < this.budgetMs
  }

  /** Records `ms` of running time for a call that started at `startedAt`. */
  spend(startedAt: number, ms: number): void {
    this.#roll(startedAt)
    this.#used += ms
  }

  /** Time used in the current window (for tests and the status line). */
  used(now: number): number {
    this.#roll(now)
    return this.#used
  }
}
