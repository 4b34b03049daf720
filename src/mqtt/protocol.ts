/**
 * The one typed protocol between the UI thread and the session worker. Both sides handle these
 * unions with exhaustive switches; add a member here and the compiler shows every place to update.
 */

export type QoS = 0 | 1 | 2
/** MQTT protocol level on the wire: 4 is MQTT 3.1.1, 5 is MQTT 5. */
export type ProtocolLevel = 4 | 5

/** Everything needed to open a connection. Passwords cross the thread boundary, never a URL. */
export interface ConnectOptions {
  url: string
  clientId: string
  username?: string
  password?: string
  protocolLevel: ProtocolLevel
  /** Seconds; 0 turns keep-alive off. */
  keepalive: number
  /** Clean start (MQTT 5) / clean session (3.1.1). */
  clean: boolean
  /** How long to wait for CONNACK after the socket opened, in ms. */
  connectTimeoutMs: number
  /** Pause between reconnect attempts after a connection that had succeeded was lost, in ms. */
  reconnectPeriodMs: number
  /** When the broker refuses MQTT 5 (as Aedes and RabbitMQ do), retry once with 3.1.1. */
  fallbackTo311: boolean
}

export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting'

/** Connection status, sent whenever it changes (not gated by frames). */
export interface StatusMessage {
  type: 'status'
  state: ConnectionState
  /** Why the connection failed or was lost, in words a user can act on. */
  reason?: string
  /** Something worth saying that is not a failure, e.g. the fall-back to 3.1.1. */
  note?: string
  /** The protocol level actually in use once connected. */
  protocolLevel?: ProtocolLevel
}

/** A broker's answer to one subscription request. */
export type SubscribeResult = { ok: true; grantedQos: QoS } | { ok: false; reason: string }

export type ToWorker =
  | { type: 'connect'; options: ConnectOptions }
  | { type: 'disconnect' }
  | { type: 'subscribe'; reqId: number; filter: string; qos: QoS }
  | { type: 'unsubscribe'; reqId: number; filter: string }
  /** Which topic the details view shows; its full latest message rides in frames. */
  | { type: 'select'; topicId: number | undefined }
  /** The UI applied and painted frame `seq`: the worker may send the next one. */
  | { type: 'credit'; seq: number }

export type FromWorker =
  | StatusMessage
  | { type: 'frame'; frame: Frame }
  | { type: 'subscribed'; reqId: number; result: SubscribeResult }
  | { type: 'unsubscribed'; reqId: number; error?: string }

/** Bits of the per-message flag byte used in stats and log rows. */
export const FLAG_RETAIN = 1
export const FLAG_DUP = 2
/** QoS lives in bits 2-3: `(flags >> QOS_SHIFT) & 3`. */
export const QOS_SHIFT = 2
/** In stats: this entry carries a new last value (preview bytes and size are meaningful). */
export const FLAG_HAS_VALUE = 16

/**
 * Variable-length byte strings packed into one buffer: item i is
 * `bytes.subarray(offsets[i], offsets[i + 1])`. One transferable buffer instead of many objects.
 */
export interface PackedBytes {
  bytes: Uint8Array
  offsets: Uint32Array
}

/** Topics created since the previous frame, parents before children. */
export interface TreeInserts {
  ids: Int32Array
  parents: Int32Array
  names: string[]
}

/** Per-topic counters that changed since the previous frame (own topics and their ancestors). */
export interface TopicStatsDelta {
  ids: Int32Array
  /** Messages on this exact topic. */
  counts: Float64Array
  /** Messages on this topic and every topic below it. */
  subtree: Float64Array
  /** Arrival time (ms since epoch) of the last message on this topic. */
  lastTs: Float64Array
  /** Messages per second over the last rate period. */
  rates: Float32Array
  /** Full size in bytes of the last payload. */
  sizes: Uint32Array
  flags: Uint8Array
  /** Up to PREVIEW_BYTES of each last payload (empty unless FLAG_HAS_VALUE). */
  previews: PackedBytes
}

/** Messages for the log since the previous frame, oldest first. */
export interface LogRows {
  topicIds: Int32Array
  ts: Float64Array
  sizes: Uint32Array
  flags: Uint8Array
  previews: PackedBytes
}

/** The selected topic's latest message, in full up to PAYLOAD_KEPT_BYTES. */
export interface TopicDetail {
  topicId: number
  topic: string
  payload: Uint8Array
  size: number
  qos: QoS
  retain: boolean
  ts: number
  count: number
}

/** Connection-wide counters. All exact. */
export interface Totals {
  received: number
  bytes: number
  /** Messages that never reached the log because the UI did not take frames fast enough. */
  dropped: number
  /** Messages per second over RATE_WINDOW_MS. */
  rate: number
  topics: number
  /** Messages on topics that got no tree node because TOPICS_HARD_CAP was reached. */
  untracked: number
}

/** Everything that changed since the last frame, coalesced. */
export interface Frame {
  seq: number
  /** The connection generation; frames of an older connection are ignored. */
  generation: number
  /** True for the first frame of a connection: the UI clears its data store first. */
  reset: boolean
  totals: Totals
  inserts: TreeInserts
  stats: TopicStatsDelta
  log: LogRows
  detail?: TopicDetail
}

/** The buffers of a frame that can be transferred instead of copied. */
export function frameTransferables(frame: Frame): Transferable[] {
  const { inserts, stats, log, detail } = frame
  const list: ArrayBufferLike[] = [
    inserts.ids.buffer,
    inserts.parents.buffer,
    stats.ids.buffer,
    stats.counts.buffer,
    stats.subtree.buffer,
    stats.lastTs.buffer,
    stats.rates.buffer,
    stats.sizes.buffer,
    stats.flags.buffer,
    stats.previews.bytes.buffer,
    stats.previews.offsets.buffer,
    log.topicIds.buffer,
    log.ts.buffer,
    log.sizes.buffer,
    log.flags.buffer,
    log.previews.bytes.buffer,
    log.previews.offsets.buffer,
  ]
  if (detail) list.push(detail.payload.buffer)
  return list.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer)
}
