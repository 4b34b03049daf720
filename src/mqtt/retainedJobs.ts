import { RETAINED_PROGRESS_MS } from '../engine/budgets'
import { coded, type Coded } from '../lib/coded'
import type { ConnectOptions } from '../wire/mqtt'
import { retainedTransferables, type RetainedPhase } from '../wire/retained'
import type { CallContext } from './callContext'
import { clearMessages, publishBatch, restoreMessages } from './retainedClear'
import { scanRetained, type ScanConnectFn } from './retainedScan'
import type { PublishTransport } from './transport'

/** The user's live connection, as the retained jobs need it. */
export interface RetainedLink {
  options: ConnectOptions
  transport: PublishTransport
}

type RetainedCall = CallContext<'retainedScan' | 'retainedClear' | 'retainedRestore'>

/**
 * The worker's retained-message manager for one connection: scans (each on a client of its own)
 * and clears / undos (on the user's connection), with throttled progress. SessionCore hands it
 * the retained calls and cancels its jobs when the connection ends.
 */
export class RetainedJobs {
  readonly #connect: ScanConnectFn
  readonly #jobs = new Set<{ cancel(reason: Coded): void }>()

  constructor(connect: ScanConnectFn) {
    this.#connect = connect
  }

  scan(filter: string, link: RetainedLink | undefined, ctx: CallContext<'retainedScan'>): void {
    if (!link?.transport.connected) {
      ctx.reply({ ok: false, reason: coded('retained.scanNotConnected') })
      return
    }
    const progress = throttled(ctx, 'scan')
    const job = scanRetained(
      this.#connect,
      link.options,
      link.transport.protocolLevel,
      filter,
      (count, bytes) => progress(count, 0, bytes),
    )
    this.#track(job, ctx)
    void job.result.then((result) => {
      this.#jobs.delete(job)
      ctx.reply(result, result.ok ? retainedTransferables(result.messages) : [])
    })
  }

  /** A clear (`topics`) or an undo (`backup`), published on the user's connection. */
  publish(
    phase: Exclude<RetainedPhase, 'scan'>,
    topics: string[],
    link: RetainedLink | undefined,
    ctx: CallContext<'retainedClear' | 'retainedRestore'>,
    backup: Parameters<typeof restoreMessages>[0] = [],
  ): void {
    if (!link?.transport.connected) {
      ctx.reply({
        succeeded: 0,
        failed: topics.length,
        failedTopics: topics,
        error: coded('retained.publishNotConnected'),
      })
      return
    }
    const progress = throttled(ctx, phase)
    const messages =
      phase === 'clear'
        ? clearMessages(topics)
        : restoreMessages(backup, link.transport.protocolLevel)
    const job = publishBatch(link.transport, messages, (done, total) => progress(done, total, 0))
    this.#track(job, ctx)
    void job.result.then((result) => {
      this.#jobs.delete(job)
      ctx.reply(result)
    })
  }

  /** Stops every job (the connection ended); each replies with `reason`. */
  cancelAll(reason: Coded): void {
    for (const job of [...this.#jobs]) job.cancel(reason)
    this.#jobs.clear()
  }

  #track(job: { cancel(reason: Coded): void }, ctx: RetainedCall): void {
    this.#jobs.add(job)
    ctx.onCancel(() => job.cancel(coded('retained.cancelled')))
  }
}

/** A progress reporter that sends at most every RETAINED_PROGRESS_MS. */
function throttled(ctx: RetainedCall, phase: RetainedPhase) {
  let last = 0
  return (done: number, total: number, bytes: number) => {
    const now = Date.now()
    if (now - last < RETAINED_PROGRESS_MS) return
    last = now
    ctx.progress({ phase, done, total, bytes })
  }
}
