/**
 * Wire types of the retained-message manager. A scan lists what the broker holds under a filter,
 * with whole payloads, so the UI can preview a clear and keep the backup that "Undo" republishes.
 * Part of `src/wire`, the leaf both sides of the worker boundary import.
 */
import type { Coded } from '../lib/coded'
import type { PublishProperties, QoS } from './mqtt'

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

/** Progress of a scan (`total` 0: not known yet), a clear or an undo. */
export interface RetainedProgress {
  phase: RetainedPhase
  done: number
  total: number
  bytes: number
}

/** What a scan found, or why there was none. */
export type RetainedScanResult =
  | {
      ok: true
      messages: RetainedMessage[]
      /** Sum of the payload sizes. */
      bytes: number
      /** Set when a budget stopped the scan early: the list is incomplete, and why. */
      cut?: Coded
    }
  | { ok: false; reason: Coded }

/** The outcome of a clear or an undo: how many publishes the broker took, and the first failure. */
export interface RetainedBatchResult {
  succeeded: number
  failed: number
  /** The topics that failed (cleared topics stay listed; undo can be tried again). */
  failedTopics: string[]
  /** The first failure, or why the batch did not start or stopped. */
  error?: Coded
}

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
