/**
 * Wire types of the data plane: the frame the worker sends when the UI holds no unreturned one,
 * and the chart views the UI asks for. Part of `src/wire`, the leaf both sides import.
 */
import type { BinaryNumber } from '../codecs/numeric'
import type { MessageProperties, QoS } from './mqtt'
import { protoRefKey, type ProtoRef } from './protobuf'
import type { ScriptRef } from './scripts'

/** Bits of the per-message flag byte used in stats and log rows. */
export const FLAG_RETAIN = 1
export const FLAG_DUP = 2
/** QoS lives in bits 2-3: `(flags >> QOS_SHIFT) & 3`. */
export const QOS_SHIFT = 2
/** In stats: this entry carries a new last value (preview bytes and size are meaningful). */
export const FLAG_HAS_VALUE = 16
/** The echo of this connection's own single publish ("sent by you", engine/ownEchoes.ts). */
export const FLAG_OWN = 32

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
   * steady `limitRate` msgs/s (see src/mqtt/brokerDrops.ts).
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
  /**
   * A number in each message on `topic`: the payload itself, a JSON path in it, or binary; with
   * `protobuf`, the path is a field of the message that type decodes the payload to.
   */
  | {
      kind: 'value'
      topic: string
      path?: string
      binary?: BinaryNumber
      derivative?: boolean
      protobuf?: ProtoRef
      /** A decode script (issue #16): the path is a field of the value it returns. */
      script?: ScriptRef
    }
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

/** One series of a chart: ≤ 2 points per pixel, and stats over every point in the window. */ /** Points of a series after downsampling, with stats over every point in the window. */
export interface Downsampled {
  xs: Float64Array
  ys: Float64Array
  /** Points of the ring inside the window (before downsampling). */
  count: number
  min: number
  max: number
  mean: number
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
  const decoded = source.protobuf
    ? `|${protoRefKey(source.protobuf)}`
    : source.script
      ? `|js:${source.script.scriptId}:${source.script.sourceHash}`
      : ''
  return `value:${source.topic}|${source.path ?? ''}|${source.binary ?? ''}|${source.derivative ? 'd' : ''}${decoded}`
}
/** One frame for all connections: a part per connection that changed. One credit covers it. */
export interface HubFrame {
  seq: number
  parts: Frame[]
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
