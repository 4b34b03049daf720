/**
 * Repeats on one connection, timed in the worker because a dedicated worker's timers are not
 * throttled in a background tab (the main thread's are, to ≥ 1 s). A repeat is a long-running
 * call: progress at most every REPEAT_PROGRESS_MS, and one final progress as its reply.
 */
import type { ProtoRegistry } from '../codecs/protobufRegistry'
import { REPEAT_MAX_IN_FLIGHT, REPEAT_MIN_INTERVAL_MS, REPEAT_PROGRESS_MS } from '../engine/budgets'
import { coded, type Coded } from '../lib/coded'
import type { ArgsOf } from '../wire/channel'
import type { RepeatProgress } from '../wire/mqtt'
import { realClock, type Clock } from './clock'
import type { Outbox } from './outbox'
import { buildPublish } from './publishDraft'
import { liveContext } from './templateVars'

type RepeatArgs = ArgsOf<'repeat'>

interface Repeat extends RepeatArgs {
  id: number
  startedAt: number
  /** Ticks run so far (published or skipped). */
  ticks: number
  published: number
  succeeded: number
  failed: number
  inFlight: number
  error?: Coded
  timer: unknown
  progressTimer: unknown
  stopped: boolean
  progress: (p: RepeatProgress) => void
  done: (p: RepeatProgress) => void
}

export class Repeats {
  readonly #outbox: Outbox
  readonly #clock: Clock
  readonly #repeats = new Map<number, Repeat>()

  /** Encodes a protobuf repeat with the type its draft names (SessionCore's schema sets). */
  protobuf: ProtoRegistry | undefined

  constructor(outbox: Outbox, clock: Clock = realClock) {
    this.#outbox = outbox
    this.#clock = clock
  }

  start(
    id: number,
    args: RepeatArgs,
    progress: (p: RepeatProgress) => void,
    done: (p: RepeatProgress) => void,
  ): void {
    const repeat: Repeat = {
      ...args,
      id,
      intervalMs: Math.max(REPEAT_MIN_INTERVAL_MS, args.intervalMs),
      startedAt: this.#clock.now(),
      ticks: 0,
      published: 0,
      succeeded: 0,
      failed: 0,
      inFlight: 0,
      timer: undefined,
      progressTimer: undefined,
      stopped: false,
      progress,
      done,
    }
    this.#repeats.set(id, repeat)
    if (!this.#outbox.transport?.connected) {
      this.#end(repeat, coded('publish.notConnected'))
      return
    }
    this.#tick(repeat)
  }

  /** Stops a repeat (the user pressed Stop); it replies with what it did. */
  stop(id: number): void {
    const repeat = this.#repeats.get(id)
    if (repeat) this.#end(repeat)
  }

  /** Stops every repeat (the connection went away), each saying why. */
  stopAll(): void {
    for (const repeat of [...this.#repeats.values()])
      this.#end(repeat, coded('repeat.disconnected', { count: repeat.published }))
  }

  /**
   * One step. The next is aimed at `startedAt + ticks × interval`, not "interval after this one",
   * so the rate stays steady; after a stall it resumes from now instead of bursting.
   */
  #tick(repeat: Repeat): void {
    repeat.timer = undefined
    if (repeat.stopped) return
    const transport = this.#outbox.transport
    if (!transport?.connected) {
      this.#end(repeat, coded('repeat.connectionLost', { count: repeat.published }))
      return
    }
    if (repeat.inFlight < REPEAT_MAX_IN_FLIGHT) {
      const counter = repeat.counterStart + repeat.published
      const ref = repeat.draft.protobuf
      const protobuf = this.protobuf
      const built = buildPublish(
        repeat.draft,
        liveContext(counter),
        transport.protocolLevel,
        ref && protobuf ? () => protobuf.codec(ref) : undefined,
      )
      if (!built.ok) {
        this.#end(
          repeat,
          coded('repeat.buildFailed', { count: repeat.published, reason: built.error }),
        )
        return
      }
      repeat.published++
      repeat.inFlight++
      this.#outbox.publish(built.message, (result) => {
        repeat.inFlight--
        if (result.ok) repeat.succeeded++
        else {
          repeat.failed++
          repeat.error = result.reason
        }
        this.#scheduleProgress(repeat)
      })
    }
    repeat.ticks++
    if (repeat.count !== null && repeat.published >= repeat.count) {
      this.#finishWhenSettled(repeat)
      return
    }
    const now = this.#clock.now()
    let due = repeat.startedAt + repeat.ticks * repeat.intervalMs
    if (due < now - repeat.intervalMs) {
      // More than a step behind (a stalled thread): resume the grid from now.
      repeat.startedAt = now - (repeat.ticks - 1) * repeat.intervalMs
      due = now
    }
    repeat.timer = this.#clock.setTimeout(() => this.#tick(repeat), Math.max(0, due - now))
  }

  #finishWhenSettled(repeat: Repeat): void {
    if (repeat.stopped) return
    if (repeat.inFlight === 0) {
      this.#end(repeat)
      return
    }
    repeat.timer = this.#clock.setTimeout(() => this.#finishWhenSettled(repeat), 20)
  }

  #scheduleProgress(repeat: Repeat): void {
    if (repeat.stopped || repeat.progressTimer !== undefined) return
    repeat.progressTimer = this.#clock.setTimeout(() => {
      repeat.progressTimer = undefined
      if (!repeat.stopped) repeat.progress(snapshot(repeat, false))
    }, REPEAT_PROGRESS_MS)
  }

  #end(repeat: Repeat, error?: Coded): void {
    if (repeat.stopped) return
    repeat.stopped = true
    if (error !== undefined) repeat.error = error
    if (repeat.timer !== undefined) this.#clock.clearTimeout(repeat.timer)
    if (repeat.progressTimer !== undefined) this.#clock.clearTimeout(repeat.progressTimer)
    this.#repeats.delete(repeat.id)
    repeat.done(snapshot(repeat, true))
  }
}

function snapshot(repeat: Repeat, done: boolean): RepeatProgress {
  return {
    repeatId: repeat.id,
    published: repeat.published,
    succeeded: repeat.succeeded,
    failed: repeat.failed,
    done,
    ...(repeat.error !== undefined ? { error: repeat.error } : {}),
  }
}
