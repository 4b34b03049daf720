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
 * The beat every pacer's frames fall on, in ms (20 Hz, the fastest panel cadence): while anything
 * is marked, the pacers of one clock run only at frames on one 50 ms grid, so the counters and
 * charts (50 ms), the tree and the log (100 ms) and the details (200 ms) repaint together in one
 * frame, and a page under steady traffic lays out at most 20 times a second whatever the phase
 * of the data (pacers on timers of their own took 31 frames a second at 100 msgs/s).
 */
export const PACER_BEAT_MS = 50

/**
 * Runs `run` at an animation frame after `mark()`, at most once every `everyMs`: any number of
 * marks in between coalesce into one run. Nothing is scheduled while nothing was marked, so an
 * idle page does no work. The run happens at a frame (not in a timer), so whatever it writes to
 * the DOM is laid out once, with the rest of that frame. Intervals are counted in beats
 * (`PACER_BEAT_MS`); the runs of all pacers on one clock share their frames (`FrameBatch`).
 */
export class Pacer {
  readonly everyMs: number
  readonly #run: () => void
  readonly #batch: FrameBatch
  /** The beat this pacer last ran on (clock time). */
  #lastBeat = -Infinity
  #marked = false

  constructor(everyMs: number, run: () => void, clock: FrameClock = frameClock()) {
    this.everyMs = everyMs
    this.#run = run
    this.#batch = FrameBatch.of(clock)
  }

  /** True while a run is scheduled. */
  get pending(): boolean {
    return this.#marked
  }

  /** The clock time from which this pacer may run. */
  get dueFrom(): number {
    // Half a beat of tolerance: beats are whole multiples of PACER_BEAT_MS apart.
    return this.#lastBeat + this.everyMs - PACER_BEAT_MS / 2
  }

  /** Something changed: run at the first beat at least `everyMs` after the last run. */
  mark(): void {
    if (this.#marked) return
    this.#marked = true
    this.#batch.add(this)
  }

  /** Cancels a scheduled run. */
  dispose(): void {
    if (!this.#marked) return
    this.#marked = false
    this.#batch.remove(this)
  }

  /** Called by the batch at the frame of beat `beat`, once this pacer is due. */
  fire(beat: number): void {
    this.#marked = false
    this.#lastBeat = beat
    this.#run()
  }
}

/**
 * The marked pacers of one clock and the beat they wait for. A beat is a timer to the beat's
 * time, then an animation frame that runs every marked pacer due at that beat, in the order they
 * were marked. Beats follow one another PACER_BEAT_MS apart while anything stays marked; after a
 * quiet spell the first mark starts a new grid at once (no wait for an old grid's next beat).
 */
class FrameBatch {
  static readonly #byClock = new WeakMap<FrameClock, FrameBatch>()

  static of(clock: FrameClock): FrameBatch {
    let batch = FrameBatch.#byClock.get(clock)
    if (!batch) {
      batch = new FrameBatch(clock)
      FrameBatch.#byClock.set(clock, batch)
    }
    return batch
  }

  readonly #clock: FrameClock
  readonly #marked = new Set<Pacer>()
  #cancel: (() => void) | undefined
  /** True from a frame's request to its run (a timer may be pending otherwise). */
  #frameRequested = false
  /** The clock time of the last beat run. */
  #lastBeat = -Infinity
  #inFrame = false

  private constructor(clock: FrameClock) {
    this.#clock = clock
  }

  add(pacer: Pacer): void {
    this.#marked.add(pacer)
    if (this.#inFrame || this.#frameRequested) return
    // A timer set for a later beat (for a slower pacer) may be too late for this one.
    this.#cancel?.()
    this.#cancel = undefined
    this.#schedule()
  }

  remove(pacer: Pacer): void {
    this.#marked.delete(pacer)
    if (this.#marked.size === 0) {
      this.#cancel?.()
      this.#cancel = undefined
      this.#frameRequested = false
    }
  }

  /**
   * Schedules the next beat at which a marked pacer is due: on the grid of the last beat, or at
   * once when the grid has gone quiet (no wait for an old grid's next beat). Beats at which no
   * marked pacer is due are skipped (no timer, no frame for nothing).
   */
  #schedule(): void {
    if (this.#marked.size === 0) return
    const now = this.#clock.now()
    let due = Infinity
    for (const pacer of this.#marked) due = Math.min(due, pacer.dueFrom)
    const grid = this.#lastBeat + PACER_BEAT_MS
    if (due <= now && grid <= now) {
      this.#frameRequested = true
      this.#cancel = this.#clock.frame(() => this.#beat(now))
      return
    }
    const next =
      due <= grid
        ? grid
        : this.#lastBeat + PACER_BEAT_MS * Math.ceil((due - this.#lastBeat) / PACER_BEAT_MS)
    this.#cancel = this.#clock.timer(() => {
      this.#frameRequested = true
      this.#cancel = this.#clock.frame(() => this.#beat(next))
    }, next - now)
  }

  #beat(beat: number): void {
    this.#cancel = undefined
    this.#frameRequested = false
    this.#lastBeat = beat
    const due = [...this.#marked].filter((pacer) => pacer.dueFrom <= beat)
    for (const pacer of due) this.#marked.delete(pacer)
    this.#inFrame = true
    try {
      for (const pacer of due) pacer.fire(beat)
    } finally {
      this.#inFrame = false
      this.#schedule()
    }
  }
}
