import { afterEach, beforeEach } from 'vitest'
import { setFrameClock, type FrameClock } from '../lib/pacer'

/**
 * A frame clock driven by the test: `advance(ms)` moves time and fires due timers; `frame()` runs
 * the animation-frame callbacks queued so far, as the browser does once per frame.
 */
export class ManualFrameClock implements FrameClock {
  #now = 0
  #frames = new Map<number, () => void>()
  #timers = new Map<number, { at: number; fn: () => void }>()
  #next = 1
  /** Animation frames run so far. */
  framesRun = 0

  now(): number {
    return this.#now
  }

  frame(fn: () => void): () => void {
    const id = this.#next++
    this.#frames.set(id, fn)
    return () => this.#frames.delete(id)
  }

  timer(fn: () => void, ms: number): () => void {
    const id = this.#next++
    this.#timers.set(id, { at: this.#now + ms, fn })
    return () => this.#timers.delete(id)
  }

  /** Callbacks waiting for the next frame. */
  get queuedFrames(): number {
    return this.#frames.size
  }

  /** Moves time on by `ms`, firing the timers that fall due (in order). */
  advance(ms: number): void {
    const end = this.#now + ms
    for (;;) {
      let due: [number, { at: number; fn: () => void }] | undefined
      for (const entry of this.#timers)
        if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry
      if (!due) break
      this.#timers.delete(due[0])
      this.#now = Math.max(this.#now, due[1].at)
      due[1].fn()
    }
    this.#now = end
  }

  /** One browser frame: `advance(ms)`, then every animation-frame callback queued before it. */
  tick(ms = 16): void {
    this.advance(ms)
    const callbacks = [...this.#frames.values()]
    this.#frames.clear()
    this.framesRun++
    for (const fn of callbacks) fn()
  }
}

/**
 * A fresh ManualFrameClock as the pacers' clock for each test of the calling file (restored
 * after it): returns a getter for the current test's clock.
 */
export function manualFrameClockPerTest(): () => ManualFrameClock {
  let clock = new ManualFrameClock()
  let restore = (): void => {}
  beforeEach(() => {
    clock = new ManualFrameClock()
    restore = setFrameClock(clock)
  })
  afterEach(() => restore())
  return () => clock
}
