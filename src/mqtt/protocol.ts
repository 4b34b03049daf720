import type { BinaryNumber } from '../codecs/numeric'
import type { Downsampled } from '../engine/downsample'

/**
 * The one typed protocol between the UI thread and the session worker. Both sides handle these
 * unions with exhaustive switches; add a member here and the compiler shows every place to update.
 */

import type { PublishDraft } from './publishDraft'
import type { RetainedFromWorker, RetainedToWorker } from './retainedProtocol'

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
  /** MQTT 5 CONNECT properties. */
  properties?: ConnectProperties
  /** The pause doubles after each failed reconnect, up to this, in ms (default: no growth). */
  reconnectMaxMs?: number
  /** Reconnect attempts before giving up; 0 or absent: keep trying. */
  maxReconnectAttempts?: number
  /** Subscribe again after a reconnect when the broker kept no session (default true). */
  resubscribe?: boolean
  // Publish
  /** The Last Will the broker publishes when this connection ends without a normal DISCONNECT. */
  will?: WillOptions
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
  /** With `connected`: what the broker said in CONNACK. */
  connack?: ConnackInfo
  /** A line for the connection log (e.g. "resubscribed 2 filters", "attempt 3 of 10"). */
  event?: string
}

/** What a CONNACK told about the session and the broker (MQTT 5 properties when present). */
export interface ConnackInfo {
  sessionPresent: boolean
  assignedClientId?: string
  serverKeepAlive?: number
  maximumQoS?: number
  retainAvailable?: boolean
  maximumPacketSize?: number
  topicAliasMaximum?: number
  receiveMaximum?: number
  wildcardSubscriptionAvailable?: boolean
  sharedSubscriptionAvailable?: boolean
  subscriptionIdentifiersAvailable?: boolean
  sessionExpiryInterval?: number
  serverReference?: string
  responseInformation?: string
  reasonString?: string
}

/** MQTT 5 CONNECT properties the user can set (ignored with 3.1.1). */
export interface ConnectProperties {
  /** Seconds the broker keeps the session after the connection ends (0: until it ends). */
  sessionExpiryInterval?: number
  receiveMaximum?: number
  maximumPacketSize?: number
  topicAliasMaximum?: number
  requestResponseInformation?: boolean
  requestProblemInformation?: boolean
  userProperties?: UserProperty[]
}

/** A broker's answer to one subscription request. */
export type SubscribeResult = { ok: true; grantedQos: QoS } | { ok: false; reason: string }

// Publish

/** One MQTT 5 user property; a key may repeat. */
export interface UserProperty {
  key: string
  value: string
}

/** MQTT 5 PUBLISH properties (MQTT 3.1.1 carries none). */
export interface PublishProperties {
  contentType?: string
  /** True: the payload is UTF-8 text (payload format indicator 1). */
  payloadFormatIndicator?: boolean
  /** Seconds the broker keeps the message for subscribers that have not received it. */
  messageExpiryInterval?: number
  responseTopic?: string
  correlationData?: Uint8Array
  userProperties?: UserProperty[]
  topicAlias?: number
}

/** One message to publish, already expanded and encoded. */
export interface PublishMessage {
  topic: string
  payload: Uint8Array
  qos: QoS
  retain: boolean
  properties?: PublishProperties
}

/** MQTT 5 Will properties (MQTT 3.1.1 carries none). */
export interface WillProperties {
  /** Seconds the broker waits after the connection ended before publishing the Will. */
  willDelayInterval?: number
  messageExpiryInterval?: number
  contentType?: string
  payloadFormatIndicator?: boolean
  responseTopic?: string
  correlationData?: Uint8Array
  userProperties?: UserProperty[]
}

/** The Last Will of a connection. */
export interface WillOptions {
  topic: string
  payload: Uint8Array
  qos: QoS
  retain: boolean
  properties?: WillProperties
}

/**
 * The outcome of one publish: `ok` with the MQTT 5 reason code of PUBACK / PUBREC (0 for QoS 0 and
 * 3.1.1) in words, or the error.
 */
export type PublishResult =
  | { ok: true; qos: QoS; reasonCode: number; reason: string }
  | { ok: false; reason: string; reasonCode?: number }

/** Progress of a repeat, sent at most every REPEAT_PROGRESS_MS and once when it ends. */
export interface RepeatProgress {
  type: 'repeatProgress'
  repeatId: number
  /** Messages handed to the client so far. */
  published: number
  /** Sent (QoS 0) or acknowledged (QoS 1, 2). */
  succeeded: number
  failed: number
  done: boolean
  /** Why it ended early, or the last failure. */
  error?: string
}

export type PublishToWorker =
  | { type: 'publish'; reqId: number; message: PublishMessage }
  /** Publishes with a response topic and correlation data; the reply is paired in the worker. */
  | { type: 'request'; reqId: number; message: PublishMessage; timeoutMs: number }
  /** Publishes `draft` every `intervalMs`, `count` times (null: until stopped), expanding variables each time. */
  | {
      type: 'repeatStart'
      repeatId: number
      draft: PublishDraft
      intervalMs: number
      count: number | null
      counterStart: number
    }
  | { type: 'repeatStop'; repeatId: number }
  /** Ends the connection without a normal DISCONNECT, so the broker publishes the Will. */
  | { type: 'testWill'; reqId: number }

export type PublishFromWorker =
  | { type: 'published'; reqId: number; result: PublishResult }
  | {
      type: 'requestReply'
      reqId: number
      rttMs: number
      topic: string
      /** Up to REPLY_PREVIEW_BYTES of the reply. */
      payload: Uint8Array
      size: number
      /** The reply came after the request had timed out. */
      late: boolean
    }
  | { type: 'requestTimeout'; reqId: number; timeoutMs: number }
  | RepeatProgress
  | { type: 'willTested'; reqId: number; ok: boolean; reason: string; willDelaySeconds: number }

export type ToWorker =
  | PublishToWorker
  | RetainedToWorker
  | { type: 'connect'; options: ConnectOptions }
  | { type: 'disconnect' }
  | { type: 'subscribe'; reqId: number; filter: string; qos: QoS }
  | { type: 'unsubscribe'; reqId: number; filter: string }
  /** Which topic the details view shows; its full latest message rides in frames. */
  | { type: 'select'; topicId: number | undefined }
  // Charts
  /** The charts on screen: which series, which window and how many pixels wide. Replaces the last. */
  | { type: 'charts'; views: ChartView[] }
  /** Every point of a series' ring, for CSV export. */
  | { type: 'exportSeries'; reqId: number; key: string }
  // Payloads
  /** All the bytes the worker kept of a topic's last payload, for download. */
  | { type: 'fetchPayload'; reqId: number; topicId: number }
  // Message log
  /** Starts (on) or stops "Record": every arriving message goes to the UI as NDJSON chunks. */
  | { type: 'record'; on: boolean }

export type FromWorker =
  | PublishFromWorker
  | RetainedFromWorker
  | StatusMessage
  | { type: 'frame'; frame: Frame }
  | { type: 'subscribed'; reqId: number; result: SubscribeResult }
  | { type: 'unsubscribed'; reqId: number; error?: string }
  // Charts
  | { type: 'seriesExport'; reqId: number; ts: Float64Array; values: Float64Array }
  // Payloads
  /** `payload` is what was kept (empty if none); `size` the payload's real size. */
  | { type: 'payloadBytes'; reqId: number; payload: Uint8Array; size: number }
  // Message log
  | { type: 'recordChunk'; chunk: RecordChunk }

/** Part of a recording: NDJSON lines, one per message, and the running totals. */
export interface RecordChunk {
  /** UTF-8 NDJSON, whole lines (src/lib/messageRecords.ts). */
  data: Uint8Array
  /** Messages recorded so far, this chunk included. */
  messages: number
  /** Bytes of NDJSON produced so far, this chunk included. */
  bytes: number
  /** The last chunk: the recording stopped. */
  final: boolean
}

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
  /** Payload bytes per second over the last rate period (exact: summed sizes, not estimated). */
  byteRates: Float32Array
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

/**
 * The selected topic's latest message, up to PAYLOAD_KEPT_BYTES for display (`size` is the real
 * size; `fetchPayload` gets all the bytes the worker kept).
 */
export interface TopicDetail {
  topicId: number
  topic: string
  payload: Uint8Array
  size: number
  /** True when the worker kept the whole payload (see `cut` for why it did not). */
  keptWhole: boolean
  /** For a Sparkplug B topic: the BIRTH payloads that define its aliases (DBIRTH, then NBIRTH). */
  sparkplugBirths?: Uint8Array[]
  qos: QoS
  retain: boolean
  dup: boolean
  /** MQTT 5 properties of the latest message, when it had any. */
  properties?: MessageProperties
  /**
   * Why the worker kept only part of the payload: `limit` (larger than LARGE_PAYLOAD_MAX_BYTES)
   * or `budget` (LARGE_PAYLOADS_BUDGET_BYTES was full of newer large payloads). Absent when whole.
   */
  cut?: 'limit' | 'budget'
  /** The topic's last messages, newest first (the latest included). */
  history: HistoryEntries
  ts: number
  count: number
}

/**
 * The MQTT 5 PUBLISH properties of a received message, as MQTT.js parses them: a user property
 * key that repeats holds its values in an array, in wire order; several subscription
 * identifiers are an array too. Absent on MQTT 3.1.1 and when the message carried none.
 */
export interface MessageProperties {
  payloadFormatIndicator?: boolean
  messageExpiryInterval?: number
  topicAlias?: number
  responseTopic?: string
  /** A copy (the parser's buffer may be a view into a network chunk). */
  correlationData?: Uint8Array
  userProperties?: Record<string, string | string[]>
  subscriptionIdentifier?: number | number[]
  contentType?: string
}

/** A topic's last messages (TopicHistory), newest first; payloads up to HISTORY_ENTRY_BYTES each. */
export interface HistoryEntries {
  ts: Float64Array
  /** Each message's real size (its packed payload may be shorter). */
  sizes: Uint32Array
  flags: Uint8Array
  payloads: PackedBytes
  properties: (MessageProperties | undefined)[]
}

/** Connection-wide counters. All exact. */
export interface Totals {
  received: number
  bytes: number
  /** Messages that never reached the log because the UI did not take frames fast enough. */
  dropped: number
  /** Messages per second over RATE_WINDOW_MS. */
  rate: number
  /** Distinct topics that received at least one message (the levels between them not counted). */
  topics: number
  /** Tree nodes: the topics and every level above them. */
  nodes: number
  /** Messages on topics that got no tree node because TOPICS_HARD_CAP was reached. */
  untracked: number
  /**
   * Messages the broker says it dropped (all its clients) since this connection's first report
   * (Mosquitto's `$SYS/broker/publish/messages/dropped`); absent when the broker reports none.
   */
  brokerDropped?: number
  /**
   * Set while this tab looks at its ceiling: the broker kept dropping while the tab received a
   * steady `limitRate` msgs/s (see engine/tabLimit.ts).
   */
  limitRate?: number
}

/** Everything that changed on one connection since its last frame, coalesced. */
export interface Frame {
  seq: number
  /** The connection this part belongs to (set by the session host; absent in single-connection tests). */
  connId?: string
  /** The connection generation; frames of an older connection are ignored. */
  generation: number
  /** True for the first frame of a connection: the UI clears its data store first. */
  reset: boolean
  totals: Totals
  inserts: TreeInserts
  stats: TopicStatsDelta
  log: LogRows
  detail?: TopicDetail
  /** Downsampled chart data, at most CHART_MAX_HZ times a second; absent when nothing changed. */
  charts?: ChartData[]
}

// Charts

/** Where a series' numbers come from. */
export type SeriesSource =
  /** A number in each message on `topic`: the payload itself, a JSON path in it, or binary. */
  | { kind: 'value'; topic: string; path?: string; binary?: BinaryNumber; derivative?: boolean }
  /** Messages per second, sampled every second: the connection, a subscription filter, or a subtree. */
  | { kind: 'rate'; scope: 'connection' }
  | { kind: 'rate'; scope: 'filter'; filter: string }
  | { kind: 'rate'; scope: 'subtree'; topic: string }

/** A series as the UI asks for it; `key` identifies its ring (see `seriesKey`). */
export interface SeriesSpec {
  key: string
  source: SeriesSource
}

/** One chart on screen. `range` set: a fixed window (paused or zoomed) instead of the live one. */
export interface ChartView {
  chartId: string
  series: SeriesSpec[]
  windowMs: number
  widthPx: number
  range?: [number, number]
}

/** One series of a chart: ≤ 2 points per pixel, and stats over every point in the window. */
export interface SeriesData extends Downsampled {
  key: string
  /** The newest point of the series (NaN when it has none). */
  last: number
  lastTs: number
  /** Points pushed out of the series' ring (SERIES_RING_CAPACITY). */
  evicted: number
}

export interface ChartData {
  chartId: string
  t0: number
  t1: number
  series: SeriesData[]
}

/** The ring key of a series source: equal sources share one ring. */
export function seriesKey(source: SeriesSource): string {
  if (source.kind === 'rate')
    return source.scope === 'connection'
      ? 'rate:connection'
      : source.scope === 'filter'
        ? `rate:filter:${source.filter}`
        : `rate:subtree:${source.topic}`
  return `value:${source.topic}|${source.path ?? ''}|${source.binary ?? ''}|${source.derivative ? 'd' : ''}`
}

/**
 * What crosses to the worker: a message for one connection (created on first use), the UI's
 * credit for the last frame, or the end of a connection.
 */
export type WorkerRequest =
  | { type: 'conn'; connId: string; message: ToWorker }
  /** The UI applied and painted frame `seq`: the worker may send the next one. */
  | { type: 'credit'; seq: number }
  | { type: 'close'; connId: string }

/** One frame for all connections: a part per connection that changed. One credit covers it. */
export interface HubFrame {
  seq: number
  parts: Frame[]
}

/** What the worker sends: a connection's message, or the frame of every connection. */
export type WorkerEvent =
  { type: 'conn'; connId: string; message: FromWorker } | { type: 'frames'; frame: HubFrame }

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
    stats.byteRates.buffer,
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
  if (detail)
    list.push(
      detail.payload.buffer,
      detail.history.ts.buffer,
      detail.history.sizes.buffer,
      detail.history.flags.buffer,
      detail.history.payloads.bytes.buffer,
      detail.history.payloads.offsets.buffer,
    )
  for (const chart of frame.charts ?? [])
    for (const series of chart.series) list.push(series.xs.buffer, series.ys.buffer)
  return list.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer)
}
