import { RETAINED_PROGRESS_MS } from '../engine/budgets'
import type { ConnectOptions } from './protocol'
import type { PublishTransport } from './publisher'
import { clearMessages, publishBatch, restoreMessages } from './retainedClear'
import {
  retainedTransferables,
  type RetainedFromWorker,
  type RetainedPhase,
  type RetainedToWorker,
} from './retainedProtocol'
import { scanRetained, type ScanConnectFn } from './retainedScan'

/** The user's live connection, as the retained jobs need it. */
export interface RetainedLink {
  options: ConnectOptions
  transport: PublishTransport
}

/**
 * The worker's retained-message manager for one connection: scans (each on a client of its own)
 * and clears / undos (on the user's connection), with throttled progress. SessionCore hands it
 * the retained messages of the protocol and cancels its jobs when the connection ends.
 */
export class RetainedJobs {
  readonly #post: (message: RetainedFromWorker, transfer: Transferable[]) => void
  readonly #connect: ScanConnectFn
  readonly #jobs = new Map<number, { cancel(reason: string): void }>()

  constructor(
    post: (message: RetainedFromWorker, transfer: Transferable[]) => void,
    connect: ScanConnectFn,
  ) {
    this.#post = post
    this.#connect = connect
  }

  handle(msg: RetainedToWorker, link: RetainedLink | undefined): void {
    const { reqId } = msg
    if (!link?.transport.connected) {
      const what = msg.type === 'retainedScan' ? 'scan' : 'clear or restore'
      const reason = `Not connected: connect first, then ${what} retained messages.`
      if (msg.type === 'retainedScan')
        this.#post({ type: 'retainedScanned', reqId, result: { ok: false, reason } }, [])
      else {
        const topics = msg.type === 'retainedClear' ? msg.topics : msg.messages.map((m) => m.topic)
        this.#post(
          {
            type: 'retainedPublished',
            reqId,
            result: { succeeded: 0, failed: topics.length, failedTopics: topics, error: reason },
          },
          [],
        )
      }
      return
    }
    switch (msg.type) {
      case 'retainedScan': {
        const progress = this.#progress(reqId, 'scan')
        const scan = scanRetained(
          this.#connect,
          link.options,
          link.transport.protocolLevel,
          msg.filter,
          (count, bytes) => progress(count, 0, bytes),
        )
        this.#jobs.set(reqId, scan)
        void scan.result.then((result) => {
          this.#jobs.delete(reqId)
          this.#post(
            { type: 'retainedScanned', reqId, result },
            result.ok ? retainedTransferables(result.messages) : [],
          )
        })
        break
      }
      case 'retainedClear':
      case 'retainedRestore': {
        const phase = msg.type === 'retainedClear' ? 'clear' : 'restore'
        const progress = this.#progress(reqId, phase)
        const messages =
          msg.type === 'retainedClear'
            ? clearMessages(msg.topics)
            : restoreMessages(msg.messages, link.transport.protocolLevel)
        const batch = publishBatch(link.transport, messages, (done, total) =>
          progress(done, total, 0),
        )
        this.#jobs.set(reqId, batch)
        void batch.result.then((result) => {
          this.#jobs.delete(reqId)
          this.#post({ type: 'retainedPublished', reqId, result }, [])
        })
        break
      }
    }
  }

  /** Stops every job (the connection ended); each reports `reason`. */
  cancelAll(reason: string): void {
    for (const job of [...this.#jobs.values()]) job.cancel(reason)
    this.#jobs.clear()
  }

  /** A progress reporter that posts at most every RETAINED_PROGRESS_MS. */
  #progress(reqId: number, phase: RetainedPhase) {
    let last = 0
    return (done: number, total: number, bytes: number) => {
      const now = Date.now()
      if (now - last < RETAINED_PROGRESS_MS) return
      last = now
      this.#post({ type: 'retainedProgress', reqId, phase, done, total, bytes }, [])
    }
  }
}
