import type { PublishProperties, QoS } from './protocol'

/**
 * The retained-message manager's part of the worker protocol (joined into ToWorker / FromWorker
 * in protocol.ts). A scan lists what the broker holds under a filter, with whole payloads, so the
 * UI can preview a clear and keep the backup that "Undo" republishes.
 */

/** One retained message as the broker delivered it to the scan. */
export interface RetainedMessage {
  topic: string
  /** The whole payload (a copy the worker made; transferred to the UI). */
  payload: Uint8Array
  /** The QoS it was published with (the scan subscribes at QoS 2, so nothing is downgraded). */
  qos: QoS
  /** MQTT 5 properties it carries (none with MQTT 3.1.1). */
  properties?: PublishProperties
}

export type RetainedPhase = 'scan' | 'clear' | 'restore'

/** What a scan found, or why there was none. */
export type RetainedScanResult =
  | {
      ok: true
      messages: RetainedMessage[]
      /** Sum of the payload sizes. */
      bytes: number
      /** Set when a budget stopped the scan early: the list is incomplete, and why. */
      cut?: string
    }
  | { ok: false; reason: string }

/** The outcome of a clear or an undo: how many publishes the broker took, and the first failure. */
export interface RetainedBatchResult {
  succeeded: number
  failed: number
  /** The topics that failed (cleared topics stay listed; undo can be tried again). */
  failedTopics: string[]
  /** The first failure, or why the batch did not start or stopped, in words. */
  error?: string
}

export type RetainedToWorker =
  /** Opens a separate client, subscribes to `filter` and collects its retained messages. */
  | { type: 'retainedScan'; reqId: number; filter: string }
  /** Publishes an empty retained message (QoS 1) to each topic on the user's connection. */
  | { type: 'retainedClear'; reqId: number; topics: string[] }
  /** Republishes a backup retained, with each message's QoS, payload and properties. */
  | { type: 'retainedRestore'; reqId: number; messages: RetainedMessage[] }

export type RetainedFromWorker =
  /** At most every RETAINED_PROGRESS_MS while a job runs; `total` is 0 while a scan runs. */
  | {
      type: 'retainedProgress'
      reqId: number
      phase: RetainedPhase
      done: number
      total: number
      bytes: number
    }
  | { type: 'retainedScanned'; reqId: number; result: RetainedScanResult }
  | { type: 'retainedPublished'; reqId: number; result: RetainedBatchResult }

/** The payload buffers of a list of messages, to transfer instead of copy. */
export function retainedTransferables(messages: readonly RetainedMessage[]): Transferable[] {
  const list: ArrayBuffer[] = []
  const seen = new Set<ArrayBufferLike>()
  for (const m of messages) {
    const buffer = m.payload.buffer
    // A buffer listed twice makes postMessage throw; a shared one cannot be transferred at all.
    if (buffer instanceof ArrayBuffer && !seen.has(buffer)) {
      seen.add(buffer)
      list.push(buffer)
    }
  }
  return list
}
