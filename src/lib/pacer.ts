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
 * The beat every pacer's frames fall on, in ms: while anything is marked, the pacers of one clock
 * run only at frames on one grid of clock time, and a pacer of `everyMs` only at beats that are
 * whole multiples of `everyMs` (clock time). So the counters, charts, tree, log and tabs (250 ms),
 * the details (750 ms) and the once-a-second clock (the tree's ages, which write only when an age
 * steps) repaint together in one frame whatever the phase of the data: a page under steady
 * traffic lays out at most 1000 / (the fastest cadence) times a second, and an idle page not at
 * all.
 * (Pacers on timers of their own took 31 frames a second at 100 msgs/s; pacers on one grid but
 * each with its own phase still drew in 20.)
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

  /**
   * The clock time from which this pacer may run: the first whole multiple of its interval at
   * least an interval after its last run (half a beat of tolerance, since a frame comes a little
   * after its beat). A pacer that never ran, or ran long ago, is due at once.
   */
  dueAt(): number {
    const earliest = this.#lastBeat + this.everyMs - PACER_BEAT_MS / 2
    if (this.everyMs < PACER_BEAT_MS || !Number.isFinite(earliest)) return earliest
    return Math.ceil(earliest / this.everyMs) * this.everyMs
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
 * quiet spell the first mark runs at once.
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
   * Schedules the next beat at which a marked pacer is due, or a frame at once when one is due
   * and the last beat is a beat ago (no wait after a quiet spell). Beats at which no marked
   * pacer is due are skipped (no timer, no frame for nothing).
   */
  #schedule(): void {
    if (this.#marked.size === 0) return
    const now = this.#clock.now()
    let due = Infinity
    for (const pacer of this.#marked) due = Math.min(due, pacer.dueAt())
    const grid = this.#lastBeat + PACER_BEAT_MS
    if (due <= now && grid <= now) {
      this.#frameRequested = true
      this.#cancel = this.#clock.frame(() => this.#beat(now))
      return
    }
    // Due times are whole multiples of their pacers' intervals (see Pacer.dueAt), so the next
    // beat is on the shared grid; only the first run after a quiet spell is off it.
    const next = Math.max(due, grid)
    this.#cancel = this.#clock.timer(() => {
      this.#frameRequested = true
      this.#cancel = this.#clock.frame(() => this.#beat(next))
    }, next - now)
  }

  #beat(beat: number): void {
    this.#cancel = undefined
    this.#frameRequested = false
    this.#lastBeat = beat
    const due = [...this.#marked].filter((pacer) => pacer.dueAt() <= beat)
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

/**
 * Runs `run` at a frame every `everyMs` (on whole multiples of it in clock time, so in the frame
 * the other pacers draw in), until the returned function is called: a clock on screen (the
 * tree's ages) without a timer of its own.
 */
export function pacedClock(everyMs: number, run: () => void, clock = frameClock()): () => void {
  const pacer: Pacer = new Pacer(
    everyMs,
    () => {
      pacer.mark()
      run()
    },
    clock,
  )
  pacer.mark()
  return () => pacer.dispose()
}
