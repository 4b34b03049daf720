import type { ToWorker } from './protocol'
import type {
  RetainedBatchResult,
  RetainedFromWorker,
  RetainedMessage,
  RetainedPhase,
  RetainedScanResult,
} from './retainedProtocol'

/** Progress of a scan (`total` 0: not known yet), a clear or an undo. */
export interface RetainedProgress {
  phase: RetainedPhase
  done: number
  total: number
  bytes: number
}

export type RetainedProgressFn = (progress: RetainedProgress) => void

/** The retained-message calls of an MqttSession (see SessionBase). */
export interface RetainedSession {
  /** Lists the retained messages under `filter` with a client of the worker's own. */
  scanRetained(filter: string, onProgress?: RetainedProgressFn): Promise<RetainedScanResult>
  /** Publishes an empty retained message (QoS 1) to each topic. */
  clearRetained(topics: string[], onProgress?: RetainedProgressFn): Promise<RetainedBatchResult>
  /** Republishes a backup, retained, with each message's QoS, payload and properties. */
  restoreRetained(
    messages: RetainedMessage[],
    onProgress?: RetainedProgressFn,
  ): Promise<RetainedBatchResult>
}

/** A worker answer, or the session closing before the worker answered. */
type Answer = RetainedFromWorker | { type: 'closed'; reason: string }

interface Pending {
  onProgress: RetainedProgressFn | undefined
  resolve: (answer: Answer) => void
}

/** Why a job's promise settles without a worker answer (see RetainedRequests.cancelAll). */
export const RETAINED_CLOSED_REASON =
  'The connection was closed before the job finished; scan again to see what the broker holds.'

/**
 * The UI side of the retained calls: request ids, their progress listeners and their promises.
 * SessionBase owns one and hands it the retained messages from the worker.
 */
export class RetainedRequests implements RetainedSession {
  readonly #send: (message: ToWorker) => void
  readonly #nextId: () => number
  readonly #pending = new Map<number, Pending>()

  constructor(send: (message: ToWorker) => void, nextId: () => number) {
    this.#send = send
    this.#nextId = nextId
  }

  receive(message: RetainedFromWorker): void {
    const pending = this.#pending.get(message.reqId)
    if (!pending) return
    if (message.type === 'retainedProgress') {
      const { phase, done, total, bytes } = message
      pending.onProgress?.({ phase, done, total, bytes })
      return
    }
    this.#pending.delete(message.reqId)
    pending.resolve(message)
  }

  /**
   * Settles every job still waiting (the connection's session is going away), so no panel is
   * left busy for an answer that cannot come.
   */
  cancelAll(): void {
    const pending = [...this.#pending.values()]
    this.#pending.clear()
    for (const p of pending) p.resolve({ type: 'closed', reason: RETAINED_CLOSED_REASON })
  }

  scanRetained(filter: string, onProgress?: RetainedProgressFn): Promise<RetainedScanResult> {
    return this.#request(
      (reqId) => ({ type: 'retainedScan', reqId, filter }),
      onProgress,
      (m) =>
        m.type === 'retainedScanned'
          ? m.result
          : {
              ok: false,
              reason:
                m.type === 'closed' ? m.reason : 'The worker answered a scan with something else.',
            },
    )
  }

  clearRetained(topics: string[], onProgress?: RetainedProgressFn): Promise<RetainedBatchResult> {
    return this.#request(
      (reqId) => ({ type: 'retainedClear', reqId, topics }),
      onProgress,
      (m) => batchResult(m, topics),
    )
  }

  restoreRetained(
    messages: RetainedMessage[],
    onProgress?: RetainedProgressFn,
  ): Promise<RetainedBatchResult> {
    // Not transferred: the caller keeps the backup in case the undo fails part-way.
    return this.#request(
      (reqId) => ({ type: 'retainedRestore', reqId, messages }),
      onProgress,
      (m) =>
        batchResult(
          m,
          messages.map((x) => x.topic),
        ),
    )
  }

  #request<T>(
    make: (reqId: number) => ToWorker,
    onProgress: RetainedProgressFn | undefined,
    map: (answer: Answer) => T,
  ): Promise<T> {
    const reqId = this.#nextId()
    return new Promise<T>((resolve) => {
      this.#pending.set(reqId, { onProgress, resolve: (m) => resolve(map(m)) })
      this.#send(make(reqId))
    })
  }
}

function batchResult(answer: Answer, topics: string[]): RetainedBatchResult {
  if (answer.type === 'retainedPublished') return answer.result
  return {
    succeeded: 0,
    failed: topics.length,
    failedTopics: topics,
    error: answer.type === 'closed' ? answer.reason : 'The worker answered with something else.',
  }
}
