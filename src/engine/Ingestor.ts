// Over 400 lines on purpose: the per-message hot path and the frame packing share one class's
// private typed arrays; split apart, every message would pay an indirection or expose the arrays.
import { type MessageProperties, type QoS } from '../wire/mqtt'
import {
  FLAG_DUP,
  FLAG_HAS_VALUE,
  FLAG_OWN,
  FLAG_RETAIN,
  QOS_SHIFT,
  type Frame,
  type LogRows,
  type PackedBytes,
  type TopicDetail,
  type ChartView,
  type TopicStatsDelta,
  type TreeInserts,
} from '../wire/frame'
import {
  HISTORY_ENTRY_BYTES,
  HISTORY_MAX_BYTES,
  HISTORY_MAX_ENTRIES,
  HISTORY_PER_TOPIC,
  HISTORY_TOPIC_BYTES,
  LARGE_PAYLOAD_MAX_BYTES,
  LARGE_PAYLOADS_BUDGET_BYTES,
  DETAIL_EVERY_MS,
  FRAME_MIN_INTERVAL_MS,
  LOG_PENDING_ROWS,
  PAYLOAD_KEPT_BYTES,
  PREVIEW_BYTES,
  RATE_BUCKET_MS,
  RATE_WINDOW_MS,
  SPARKPLUG_BIRTHS_KEPT,
  TOPIC_RATE_PERIOD_MS,
  TOPICS_HARD_CAP,
} from './budgets'
import { SparkplugBirths } from '../codecs/sparkplug'
import { ChartEngine, type ProtoDecoder, type RateSource, type ScriptDecoder } from './ChartEngine'
import { ensureCapacity } from './GrowableArrays'
import { RateWindow } from './RateWindow'
import { TopicHistory } from './TopicHistory'
import { TopicTrie } from './TopicTrie'

/** What the ingest engine needs of one received PUBLISH. */
export interface InboundMessage {
  topic: string
  payload: Uint8Array
  qos: QoS
  retain: boolean
  dup: boolean
  /** MQTT 5 PUBLISH properties, when the message had any. */
  properties?: MessageProperties
  /** The echo of this connection's own publish (see ownEchoes.ts). */
  own?: boolean
}

/** Why a last value was cut (TopicDetail.cut): 0 kept whole. */
const CUT_LIMIT = 1
const CUT_BUDGET = 2

const EMPTY = new Uint8Array(0)

/**
 * The worker's data plane for one connection. `ingest` does O(topic depth) work per message and
 * allocates nothing once a topic's buffers exist (the payload is copied into the topic's reused
 * value buffer and the pending log's preview ring); `buildFrame` packs everything that changed
 * since the last frame into typed arrays. Between two frames the log keeps at most LOG_PENDING_ROWS rows: older
 * ones are dropped and counted, while counters and last values stay exact.
 */
export class Ingestor {
  #trie = new TopicTrie(TOPICS_HARD_CAP)
  #counts = new Float64Array(1024)
  #subtree = new Float64Array(1024)
  #lastTs = new Float64Array(1024)
  #rates = new Float32Array(1024)
  #countAtRateTick = new Float64Array(1024)
  /** Payload bytes received per topic, for exact bytes/s (see tickRates). */
  #topicBytes = new Float64Array(1024)
  #bytesAtRateTick = new Float64Array(1024)
  #byteRates = new Float32Array(1024)
  #flags = new Uint8Array(1024)
  /** Full size of each topic's last payload (the kept copy may be cut at PAYLOAD_KEPT_BYTES). */
  #sizes = new Uint32Array(1024)
  /**
   * Each topic's last payload: a buffer per topic, reused while it fits (`#valueLen` bytes of it
   * are the value), so a message allocates nothing for its last value. A fresh array per message
   * made a third of the garbage that was ours in the worker at 12 k msgs/s (sampled heap profile),
   * and garbage is what keeps the worker's heap large under load.
   */
  #valueBuf: (Uint8Array | undefined)[] = []
  #valueLen = new Uint32Array(1024)
  #props: (MessageProperties | undefined)[] = []
  /** Per topic: why its last value is not whole (CUT_LIMIT, CUT_BUDGET), 0 when it is. */
  #cut = new Uint8Array(1024)
  /**
   * Topics whose last value is larger than PAYLOAD_KEPT_BYTES and kept whole, oldest first, with
   * their bytes; together at most LARGE_PAYLOADS_BUDGET_BYTES.
   */
  #large = new Map<number, number>()
  #largeBytes = 0
  #history = new TopicHistory({
    perTopic: HISTORY_PER_TOPIC,
    topicBytes: HISTORY_TOPIC_BYTES,
    entryBytes: HISTORY_ENTRY_BYTES,
    maxEntries: HISTORY_MAX_ENTRIES,
    maxBytes: HISTORY_MAX_BYTES,
  })

  // Nodes whose stats changed since the last frame; `#dirtyMark` bit 1 = stats, bit 2 = new value.
  #dirtyMark = new Uint8Array(1024)
  #dirty: number[] = []
  // Topics that received messages since the last rate tick, and topics whose rate is non-zero.
  #touchedMark = new Uint8Array(1024)
  #touched: number[] = []
  #active = new Set<number>()
  #lastRateTick: number

  // Pending log rows: a ring of LOG_PENDING_ROWS; `#logStart` is the oldest row's slot.
  #logTopic = new Int32Array(LOG_PENDING_ROWS)
  #logTs = new Float64Array(LOG_PENDING_ROWS)
  #logSize = new Uint32Array(LOG_PENDING_ROWS)
  #logFlags = new Uint8Array(LOG_PENDING_ROWS)
  /** Each pending row's preview (≤ PREVIEW_BYTES) at slot × PREVIEW_BYTES: no array per row. */
  #logPreview = new Uint8Array(LOG_PENDING_ROWS * PREVIEW_BYTES)
  #logPreviewLen = new Uint16Array(LOG_PENDING_ROWS)
  #logStart = 0
  #logLength = 0

  #received = 0
  #bytes = 0
  #dropped = 0
  #untracked = 0
  /** Topics with at least one message (the "Topics" counter; levels are `#trie.size`). */
  #topics = 0
  #lastFrameAt = -Infinity
  /** When the last detail went out; a busy selected topic's detail waits DETAIL_EVERY_MS. */
  #lastDetailAt = -Infinity
  /** The selection changed: its detail goes out in the next frame, without waiting. */
  #detailUrgent = false
  #broker: { dropped: number; limitRate?: number; limitUntil: number } | undefined
  #brokerChanged = false
  #rate = new RateWindow(RATE_WINDOW_MS, RATE_BUCKET_MS)
  #lastSentRate = -1
  #lastSentReceived = -1
  #reset = true
  #selected: number | undefined
  #detailDue = false
  readonly #charts: ChartEngine
  #births = new SparkplugBirths(SPARKPLUG_BIRTHS_KEPT)
  /** What the chart engine reads at each rate tick (kept as one object: no per-tick allocation). */
  readonly #rateSource: RateSource = {
    received: () => this.#received,
    topicCount: () => this.#trie.size,
    subtreeCount: (topic) => {
      const id = this.#trie.find(topic)
      return id === undefined ? undefined : this.#subtree[id]
    },
    topicOf: (id) => this.#trie.topicOf(id),
    countOf: (id) => this.#counts[id] ?? 0,
  }

  /** The connection generation this engine counts for. */
  readonly generation: number

  /** `protobuf` decodes the fields of charted protobuf topics (the user's .proto schemas). */
  constructor(generation: number, now: number, protobuf?: ProtoDecoder, scripts?: ScriptDecoder) {
    this.generation = generation
    this.#charts = new ChartEngine(protobuf, scripts)
    this.#lastRateTick = now
  }

  /** Total messages received so far on this connection. */
  get received(): number {
    return this.#received
  }

  /** Records one message. */
  ingest(msg: InboundMessage, now: number): void {
    const size = msg.payload.byteLength
    this.#received++
    this.#bytes += size
    this.#rate.add(now)
    if (this.#charts.hasValueSeries) this.#charts.onMessage(msg.topic, msg.payload, now)
    const id = this.#trie.idOf(msg.topic)
    if (id < 0) {
      this.#untracked++
      return
    }
    this.#grow(id)
    if (this.#counts[id] === 0) this.#topics++
    const flags =
      (msg.retain ? FLAG_RETAIN : 0) |
      (msg.dup ? FLAG_DUP : 0) |
      (msg.qos << QOS_SHIFT) |
      (msg.own ? FLAG_OWN : 0) |
      FLAG_HAS_VALUE
    // Copies only: the parser's buffer may be a view into a larger network chunk that we must
    // not pin. (Not `payload.slice()`: on a Buffer, Node's and the browser polyfill's, slice is a
    // view.) A payload over PAYLOAD_KEPT_BYTES is kept whole while the large-payload budget
    // allows, so that it can be downloaded even if it arrived before its topic was selected.
    // `kept` is what the history copies from: the payload itself, or the copy kept of a large one.
    let kept = msg.payload
    if (size > PAYLOAD_KEPT_BYTES) {
      kept = this.#keepLarge(id, msg.payload)
      this.#valueBuf[id] = kept
      this.#valueLen[id] = kept.byteLength
    } else {
      if (this.#large.size > 0) this.#releaseLarge(id)
      this.#cut[id] = 0
      this.#keepValue(id, msg.payload)
    }
    if (msg.topic.startsWith('spBv1.0/')) this.#births.observe(msg.topic, new Uint8Array(kept))
    this.#counts[id]!++
    this.#topicBytes[id]! += size
    this.#lastTs[id] = now
    this.#flags[id] = flags
    this.#sizes[id] = size
    this.#props[id] = msg.properties
    this.#history.add(id, now, flags, kept, msg.properties)
    if (this.#selected === id) this.#detailDue = true
    if (this.#touchedMark[id] === 0) {
      this.#touchedMark[id] = 1
      this.#touched.push(id)
    }
    this.#markDirty(id, 3)
    for (let n = id; n > 0; n = this.#trie.parentOf(n)) {
      this.#subtree[n]!++
      if (n !== id) this.#markDirty(n, 1)
    }
    // A pending log row needs only its preview, copied into the pending ring's preview bytes.
    this.#pushLog(id, now, size, flags, msg.payload)
  }

  /** Copies a payload of at most PAYLOAD_KEPT_BYTES into the topic's value buffer. */
  #keepValue(id: number, payload: Uint8Array): void {
    const size = payload.byteLength
    let buf = this.#valueBuf[id]
    // A new buffer when it does not fit, or when it is much larger than needed (a topic whose
    // payloads shrank for good should not hold its largest one); room for a little growth, as
    // a JSON reading's length moves by a few bytes from message to message (an eighth more,
    // rounded up to 8 bytes: a 40-byte reading gets 48, so a million topics cost 8 MB more).
    const oversized = buf !== undefined && buf.byteLength > 256 && buf.byteLength > 4 * size
    if (buf === undefined || buf.byteLength < size || oversized) {
      buf = size === 0 ? EMPTY : new Uint8Array((size + (size >> 3) + 7) & ~7)
      this.#valueBuf[id] = buf
    }
    buf.set(payload)
    this.#valueLen[id] = size
  }

  /** The kept bytes of a topic's last value, as a view (for frames: per frame, not per message). */
  #value(id: number): Uint8Array | undefined {
    const buf = this.#valueBuf[id]
    return buf === undefined ? undefined : buf.subarray(0, this.#valueLen[id])
  }

  #markDirty(id: number, bits: number): void {
    const mark = this.#dirtyMark[id]!
    if (mark === 0) this.#dirty.push(id)
    this.#dirtyMark[id] = mark | bits
  }

  #pushLog(id: number, now: number, size: number, flags: number, payload: Uint8Array): void {
    let slot: number
    if (this.#logLength === LOG_PENDING_ROWS) {
      // The UI has not taken a frame for a whole pending ring: drop the oldest row, and count it.
      slot = this.#logStart
      this.#logStart = (this.#logStart + 1) % LOG_PENDING_ROWS
      this.#dropped++
    } else {
      slot = (this.#logStart + this.#logLength) % LOG_PENDING_ROWS
      this.#logLength++
    }
    this.#logTopic[slot] = id
    this.#logTs[slot] = now
    this.#logSize[slot] = size
    this.#logFlags[slot] = flags
    const n = Math.min(size, PREVIEW_BYTES)
    const at = slot * PREVIEW_BYTES
    const previews = this.#logPreview
    previews.set(n === size ? payload : payload.subarray(0, n), at)
    this.#logPreviewLen[slot] = n
  }

  #grow(id: number): void {
    if (id < this.#counts.length) return
    const f64 = (n: number) => new Float64Array(n)
    this.#counts = ensureCapacity(this.#counts, id, f64)
    this.#subtree = ensureCapacity(this.#subtree, id, f64)
    this.#lastTs = ensureCapacity(this.#lastTs, id, f64)
    this.#countAtRateTick = ensureCapacity(this.#countAtRateTick, id, f64)
    this.#topicBytes = ensureCapacity(this.#topicBytes, id, f64)
    this.#bytesAtRateTick = ensureCapacity(this.#bytesAtRateTick, id, f64)
    this.#byteRates = ensureCapacity(this.#byteRates, id, (n) => new Float32Array(n))
    this.#rates = ensureCapacity(this.#rates, id, (n) => new Float32Array(n))
    this.#sizes = ensureCapacity(this.#sizes, id, (n) => new Uint32Array(n))
    this.#valueLen = ensureCapacity(this.#valueLen, id, (n) => new Uint32Array(n))
    const u8 = (n: number) => new Uint8Array(n)
    this.#flags = ensureCapacity(this.#flags, id, u8)
    this.#cut = ensureCapacity(this.#cut, id, u8)
    this.#dirtyMark = ensureCapacity(this.#dirtyMark, id, u8)
    this.#touchedMark = ensureCapacity(this.#touchedMark, id, u8)
  }

  /**
   * The copy to keep of a payload over PAYLOAD_KEPT_BYTES: whole when it is at most
   * LARGE_PAYLOAD_MAX_BYTES and fits LARGE_PAYLOADS_BUDGET_BYTES after cutting the oldest other
   * large values (never the selected topic's) to PAYLOAD_KEPT_BYTES; else its first
   * PAYLOAD_KEPT_BYTES, with the reason in `#cut`. Large payloads are rare: this may allocate.
   */
  #keepLarge(id: number, payload: Uint8Array): Uint8Array {
    this.#releaseLarge(id)
    const size = payload.byteLength
    const first = () => new Uint8Array(payload.subarray(0, PAYLOAD_KEPT_BYTES))
    if (size > LARGE_PAYLOAD_MAX_BYTES) {
      this.#cut[id] = CUT_LIMIT
      return first()
    }
    for (const [other, bytes] of this.#large) {
      if (this.#largeBytes + size <= LARGE_PAYLOADS_BUDGET_BYTES) break
      if (other === this.#selected) continue
      this.#large.delete(other)
      this.#largeBytes -= bytes
      this.#valueBuf[other] = this.#valueBuf[other]!.slice(0, PAYLOAD_KEPT_BYTES)
      this.#valueLen[other] = PAYLOAD_KEPT_BYTES
      this.#cut[other] = CUT_BUDGET
    }
    if (this.#largeBytes + size > LARGE_PAYLOADS_BUDGET_BYTES) {
      this.#cut[id] = CUT_BUDGET
      return first()
    }
    this.#large.set(id, size)
    this.#largeBytes += size
    this.#cut[id] = 0
    return new Uint8Array(payload)
  }

  /** Gives back the large-payload budget a topic's previous last value held. */
  #releaseLarge(id: number): void {
    const bytes = this.#large.get(id)
    if (bytes === undefined) return
    this.#large.delete(id)
    this.#largeBytes -= bytes
  }

  /** Chooses the topic whose full latest message goes into frames (undefined: none). */
  select(topicId: number | undefined): void {
    this.#selected = topicId
    this.#detailDue = topicId !== undefined && this.#valueBuf[topicId] !== undefined
    this.#detailUrgent = this.#detailDue
  }

  /**
   * What the broker says about its drops (src/mqtt/brokerDrops.ts): the count since this
   * connection's first report and, while this tab looks at its ceiling, its rate and how long
   * the signal holds (ms since epoch, on the `now` clock).
   */
  setBrokerFigures(figures: { dropped: number; limitRate?: number; limitUntil: number }): void {
    this.#broker = figures
    this.#brokerChanged = true
  }

  /**
   * All the bytes kept of a topic's last payload (whole unless `TopicDetail.cut` says why not)
   * and the payload's real size.
   */
  payloadOf(topicId: number): { payload: Uint8Array; size: number } {
    const value = this.#value(topicId)
    // A fresh array each time: the caller may transfer its buffer (a shared one would be
    // detached for every later caller).
    if (value === undefined) return { payload: new Uint8Array(0), size: 0 }
    return { payload: value.slice(), size: this.#sizes[topicId]! }
  }

  /** Replaces the charts on screen (see ChartEngine.setViews). */
  setChartViews(views: ChartView[], now: number): void {
    // A new value series is backfilled from its topic's history (ChartEngine.setViews).
    this.#charts.setViews(views, now, this.#rateSource, (topic) => {
      const id = this.#trie.find(topic)
      return id === undefined ? undefined : this.#history.entriesOf(id)
    })
  }

  /** Every point of a charted series, for export. */
  exportSeries(key: string): { ts: Float64Array; vs: Float64Array } {
    return this.#charts.exportSeries(key)
  }

  /** Recomputes per-topic rates when a rate period has passed; marks changed topics dirty. */
  tickRates(now: number): void {
    const dt = now - this.#lastRateTick
    if (dt < TOPIC_RATE_PERIOD_MS) return
    this.#lastRateTick = now
    for (const id of this.#active) {
      if (this.#touchedMark[id] === 0) {
        this.#rates[id] = 0
        this.#byteRates[id] = 0
        this.#active.delete(id)
        this.#markDirty(id, 1)
      }
    }
    for (const id of this.#touched) {
      this.#touchedMark[id] = 0
      const rate = ((this.#counts[id]! - this.#countAtRateTick[id]!) * 1000) / dt
      this.#countAtRateTick[id] = this.#counts[id]!
      this.#byteRates[id] = ((this.#topicBytes[id]! - this.#bytesAtRateTick[id]!) * 1000) / dt
      this.#bytesAtRateTick[id] = this.#topicBytes[id]!
      if (rate !== this.#rates[id]) this.#markDirty(id, 1)
      this.#rates[id] = rate
      this.#active.add(id)
    }
    this.#touched = []
    this.#charts.onRateTick(now, this.#rateSource)
  }

  /**
   * True when a frame built now would tell the UI something new. Frames are at least
   * FRAME_MIN_INTERVAL_MS apart, or a fast chart's redraw interval (chartRedrawMs) while it is on
   * screen (a connection's first frame and a new selection excepted): what
   * arrives meanwhile joins the next one, exact as ever.
   */
  hasChanges(now: number): boolean {
    if (this.#reset || this.#detailUrgent) return true
    const every = Math.min(FRAME_MIN_INTERVAL_MS, this.#charts.redrawMs() ?? Infinity)
    if (now - this.#lastFrameAt < every) return false
    return (
      this.#dirty.length > 0 ||
      this.#logLength > 0 ||
      this.#detailReady(now) ||
      this.#brokerChanged ||
      this.#limitExpired(now) ||
      this.#received !== this.#lastSentReceived ||
      this.#rate.rate(now) !== this.#lastSentRate ||
      this.#charts.due(now)
    )
  }

  #detailReady(now: number): boolean {
    return this.#detailDue && (this.#detailUrgent || now - this.#lastDetailAt >= DETAIL_EVERY_MS)
  }

  /** The "at its limit" signal is shown and its time ran out: a frame must take it away. */
  #limitExpired(now: number): boolean {
    const b = this.#broker
    return b?.limitRate !== undefined && now >= b.limitUntil
  }

  /** Packs everything that changed since the previous frame and clears the change sets. */
  buildFrame(now: number, seq: number): Frame {
    this.tickRates(now)
    const rate = this.#rate.rate(now)
    this.#lastSentRate = rate
    this.#lastSentReceived = this.#received
    this.#lastFrameAt = now
    const frame: Frame = {
      seq,
      generation: this.generation,
      reset: this.#reset,
      totals: {
        received: this.#received,
        bytes: this.#bytes,
        dropped: this.#dropped,
        rate,
        topics: this.#topics,
        nodes: this.#trie.size,
        untracked: this.#untracked,
      },
      inserts: this.#packInserts(),
      stats: this.#packStats(),
      log: this.#packLog(),
    }
    const broker = this.#broker
    if (broker) {
      this.#brokerChanged = false
      frame.totals.brokerDropped = broker.dropped
      if (broker.limitRate !== undefined) {
        if (now < broker.limitUntil) frame.totals.limitRate = broker.limitRate
        else delete broker.limitRate
      }
    }
    const detail = this.#detailReady(now) ? this.#packDetail() : undefined
    if (detail) {
      frame.detail = detail
      this.#lastDetailAt = now
    }
    this.#detailUrgent = false
    if (this.#charts.due(now)) frame.charts = this.#charts.build(now)
    this.#reset = false
    return frame
  }

  #packInserts(): TreeInserts {
    const ids = this.#trie.drainInserted()
    return {
      ids: Int32Array.from(ids),
      parents: Int32Array.from(ids, (id) => this.#trie.parentOf(id)),
      names: ids.map((id) => this.#trie.nameOf(id)),
    }
  }

  #packStats(): TopicStatsDelta {
    const ids = this.#dirty
    const n = ids.length
    const out: TopicStatsDelta = {
      ids: new Int32Array(n),
      counts: new Float64Array(n),
      subtree: new Float64Array(n),
      lastTs: new Float64Array(n),
      rates: new Float32Array(n),
      byteRates: new Float32Array(n),
      sizes: new Uint32Array(n),
      flags: new Uint8Array(n),
      previews: { bytes: EMPTY, offsets: EMPTY32 },
    }
    const previews: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(n)
    for (let i = 0; i < n; i++) {
      const id = ids[i]!
      const hasNewValue = (this.#dirtyMark[id]! & 2) !== 0
      this.#dirtyMark[id] = 0
      out.ids[i] = id
      out.counts[i] = this.#counts[id]!
      out.subtree[i] = this.#subtree[id]!
      out.lastTs[i] = this.#lastTs[id]!
      out.rates[i] = this.#rates[id]!
      out.byteRates[i] = this.#byteRates[id]!
      const value = hasNewValue ? this.#value(id) : undefined
      out.flags[i] = hasNewValue ? this.#flags[id]! : this.#flags[id]! & ~FLAG_HAS_VALUE
      out.sizes[i] = this.#sizes[id]!
      previews[i] = value
    }
    out.previews = packPreviews(previews)
    this.#dirty = []
    return out
  }

  #packLog(): LogRows {
    const n = this.#logLength
    const rows: LogRows = {
      topicIds: new Int32Array(n),
      ts: new Float64Array(n),
      sizes: new Uint32Array(n),
      flags: new Uint8Array(n),
      previews: { bytes: EMPTY, offsets: EMPTY32 },
    }
    const offsets = new Uint32Array(n + 1)
    for (let i = 0; i < n; i++) {
      const slot = (this.#logStart + i) % LOG_PENDING_ROWS
      rows.topicIds[i] = this.#logTopic[slot]!
      rows.ts[i] = this.#logTs[slot]!
      rows.sizes[i] = this.#logSize[slot]!
      rows.flags[i] = this.#logFlags[slot]!
      offsets[i + 1] = offsets[i]! + this.#logPreviewLen[slot]!
    }
    const bytes = new Uint8Array(offsets[n]!)
    const ring = this.#logPreview
    for (let i = 0; i < n; i++) {
      const from = ((this.#logStart + i) % LOG_PENDING_ROWS) * PREVIEW_BYTES
      const at = offsets[i]!
      bytes.set(ring.subarray(from, from + offsets[i + 1]! - at), at)
    }
    rows.previews = { bytes, offsets }
    this.#logStart = 0
    this.#logLength = 0
    return rows
  }

  #packDetail(): TopicDetail | undefined {
    const id = this.#selected
    if (!this.#detailDue || id === undefined) return undefined
    this.#detailDue = false
    const value = this.#value(id)
    if (value === undefined) return undefined
    const flags = this.#flags[id]!
    const topic = this.#trie.topicOf(id)
    const size = this.#sizes[id]!
    const detail: TopicDetail = {
      topicId: id,
      topic,
      payload: value.slice(0, PAYLOAD_KEPT_BYTES),
      size,
      keptWhole: value.byteLength >= size,
      qos: ((flags >> QOS_SHIFT) & 3) as QoS,
      retain: (flags & FLAG_RETAIN) !== 0,
      dup: (flags & FLAG_DUP) !== 0,
      history: this.#history.entriesOf(id),
      ts: this.#lastTs[id]!,
      count: this.#counts[id]!,
    }
    const props = this.#props[id]
    if (props) detail.properties = props
    const cut = this.#cut[id]
    if (cut === CUT_LIMIT) detail.cut = 'limit'
    else if (cut === CUT_BUDGET) detail.cut = 'budget'
    if (topic.startsWith('spBv1.0/')) {
      const births = this.#births.birthsFor(topic).map((b) => b.slice())
      if (births.length) detail.sparkplugBirths = births
    }
    return detail
  }
}

const EMPTY32 = new Uint32Array(1)

/** Packs up to PREVIEW_BYTES of each payload into one buffer with offsets. */
export function packPreviews(values: readonly (Uint8Array | undefined)[]): PackedBytes {
  const offsets = new Uint32Array(values.length + 1)
  let total = 0
  for (let i = 0; i < values.length; i++) {
    total += Math.min(values[i]?.byteLength ?? 0, PREVIEW_BYTES)
    offsets[i + 1] = total
  }
  const bytes = new Uint8Array(total)
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v && v.byteLength > 0) bytes.set(v.subarray(0, PREVIEW_BYTES), offsets[i])
  }
  return { bytes, offsets }
}
