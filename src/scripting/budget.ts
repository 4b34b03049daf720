/**
 * A script's time budget: at most `budgetMs` of running time per `windowMs` window. A call that
 * starts in a window already spent is refused (and counted) instead of run, so a script that is
 * merely slow on a busy topic takes a bounded share of the worker instead of all of it. Each
 * call is also stopped at its own deadline; this bounds the sum of many calls that each finish.
 *
 * A window is spent only once it has seen `minCalls` calls (the host passes budget ÷ call
 * deadline, 5): fewer calls cannot run longer than the budget on their own, since each is
 * stopped at its deadline, so time beyond it is the machine's, not the script's. The time is
 * wall-clock (a worker has no CPU clock): the first call into a fresh engine compiles
 * WebAssembly on the way (5–140 ms measured on this 2-core machine), and a busy machine can
 * preempt the worker mid-call. Without the floor, two such calls refused the third message of
 * a script that had run for microseconds (CI, 2026-12-03). Pure: the caller passes the clock.
 */
export class TimeBudget {
  readonly budgetMs: number
  readonly windowMs: number
  readonly minCalls: number
  #windowStart = -Infinity
  #used = 0
  #calls = 0

  constructor(budgetMs: number, windowMs: number, minCalls = 1) {
    this.budgetMs = budgetMs
    this.windowMs = windowMs
    this.minCalls = minCalls
  }

  #roll(now: number): void {
    if (now - this.#windowStart >= this.windowMs) {
      // Windows are aligned to the first call after a quiet spell, not to wall-clock seconds.
      this.#windowStart = now
      this.#used = 0
      this.#calls = 0
    }
  }

  /** True when a call may start at `now`. */
  allows(now: number): boolean {
    this.#roll(now)
    return this.#used < this.budgetMs || this.#calls < this.minCalls
  }

  /** Records `ms` of running time for a call that started at `startedAt`. */
  spend(startedAt: number, ms: number): void {
    this.#roll(startedAt)
    this.#used += ms
    this.#calls++
  }

  /** Time used in the current window (for tests and the status line). */
  used(now: number): number {
    this.#roll(now)
    return this.#used
  }
}
