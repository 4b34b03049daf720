/**
 * The clock a Pacer runs on: animation frames and timers. The browser's by default; tests swap in
 * a manual one (src/test/frameClock.ts) to count renders frame by frame.
 */
export interface FrameClock {
  now(): number
  /** Runs `fn` at the next animation frame; returns its cancellation. */
  frame(fn: () => void): () => void
  /** Runs `fn` after `ms`; returns its cancellation. */
  timer(fn: () => void, ms: number): () => void
}

/** requestAnimationFrame and setTimeout; without rAF (jsdom, a worker) a 16 ms timer stands in. */
export const browserClock: FrameClock = {
  now: () => performance.now(),
  frame: (fn) => {
    if (typeof requestAnimationFrame === 'function') {
      const id = requestAnimationFrame(() => fn())
      return () => cancelAnimationFrame(id)
    }
    const id = setTimeout(fn, 16)
    return () => clearTimeout(id)
  },
  timer: (fn, ms) => {
    const id = setTimeout(fn, ms)
    return () => clearTimeout(id)
  },
}

let current: FrameClock = browserClock

/** The clock new pacers use. */
export function frameClock(): FrameClock {
  return current
}

/** Replaces the clock new pacers use (tests); returns the restore. */
export function setFrameClock(clock: FrameClock): () => void {
  const previous = current
  current = clock
  return () => {
    current = previous
  }
}

/**
 * Runs `run` at an animation frame after `mark()`, at most once every `everyMs`: any number of
 * marks in between coalesce into one run. Nothing is scheduled while nothing was marked, so an
 * idle page does no work. The run happens at a frame (not in a timer), so whatever it writes to
 * the DOM is laid out once, with the rest of that frame.
 */
export class Pacer {
  readonly everyMs: number
  readonly #run: () => void
  readonly #clock: FrameClock
  #last = -Infinity
  #cancel: (() => void) | undefined

  constructor(everyMs: number, run: () => void, clock: FrameClock = frameClock()) {
    this.everyMs = everyMs
    this.#run = run
    this.#clock = clock
  }

  /** True while a run is scheduled. */
  get pending(): boolean {
    return this.#cancel !== undefined
  }

  /** Something changed: run at the first frame at least `everyMs` after the last run. */
  mark(): void {
    if (this.#cancel) return
    const wait = this.#last + this.everyMs - this.#clock.now()
    if (wait <= 0) {
      this.#cancel = this.#clock.frame(this.#fire)
      return
    }
    this.#cancel = this.#clock.timer(() => {
      this.#cancel = this.#clock.frame(this.#fire)
    }, wait)
  }

  /** Cancels a scheduled run. */
  dispose(): void {
    this.#cancel?.()
    this.#cancel = undefined
  }

  readonly #fire = (): void => {
    this.#cancel = undefined
    this.#last = this.#clock.now()
    this.#run()
  }
}
