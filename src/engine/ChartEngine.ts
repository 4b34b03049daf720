import type { ChartData, ChartView, HistoryEntries, SeriesData, SeriesSource } from '../wire/frame'
import {
  CHART_BACKFILL_POINTS,
  CHART_MAX_WIDTH_PX,
  CHART_POINTS_PER_PX,
  MAX_SERIES,
  SERIES_RING_CAPACITY,
} from './budgets'
import { chartRedrawMs } from './chartPace'
import { downsampleMinMax } from './downsample'
import {
  extractNumber,
  NOT_JSON,
  numericValue,
  parseJsonPayload,
  parsePath,
  valueAtKeys,
} from '../codecs/numeric'
import { DecodeOnce, decodedNumber, type DecodeOutcome } from '../codecs/decodedNumeric'
import { protoRefKey, type ProtoRef } from '../wire/protobuf'
import type { ScriptRef } from '../wire/scripts'
import { SeriesRing } from './SeriesRing'
import { topicMatches } from './topicFilter'

/** What the chart engine reads of the ingest engine at each rate tick. */
export interface RateSource {
  /** Messages received so far on the connection. */
  received(): number
  /** Messages so far on `topic` and below it, or undefined when the topic is unknown. */
  subtreeCount(topic: string): number | undefined
  /** Topic nodes created so far (ids 1..size). */
  topicCount(): number
  topicOf(id: number): string
  countOf(id: number): number
}

/**
 * A topic's kept messages, newest first (TopicHistory.entriesOf), or undefined for a topic with
 * none: what a new value series is backfilled from.
 */
export type HistorySource = (topic: string) => HistoryEntries | undefined

interface SeriesState {
  key: string
  source: SeriesSource
  ring: SeriesRing
  /** Derivative and rate series: the previous sample. */
  prevValue: number
  prevTs: number
  /** Filter rate series: topics known to match, and the next topic id to test. */
  matching: number[]
  scannedUpTo: number
  /** A JSON value series: its path split once (not per message). */
  keys: string[] | undefined
}

/** `#doc` before the current payload was parsed. */
const UNPARSED: unique symbol = Symbol('unparsed')

/** Decodes a payload with a user's decode script (mqtt/decodeScripts.ts, in the worker). */
export interface ScriptDecoder {
  decode(ref: ScriptRef, bytes: Uint8Array, topic: string): DecodeOutcome
}

/** Decodes a payload with a user's .proto message type (codecs/protobufRegistry.ts). */
export interface ProtoDecoder {
  decode(ref: ProtoRef, bytes: Uint8Array): DecodeOutcome
}

/**
 * The charts' data plane in the worker: one bounded ring per charted series, fed by the ingest
 * engine, and min/max downsampling to each chart's width at the pace of chartRedrawMs.
 * A chart never receives more than CHART_POINTS_PER_PX × its width (+1) points per series.
 */
export class ChartEngine {
  #series = new Map<string, SeriesState>()
  #byTopic = new Map<string, SeriesState[]>()
  #views: ChartView[] = []
  #changed = false
  #lastBuild = -Infinity
  /** Series asked for beyond MAX_SERIES (not charted, and said so). */
  refused = 0
  /** Decodes protobuf-charted payloads; several fields of one message cost one decode. */
  readonly #protobuf: ProtoDecoder | undefined
  readonly #scripts: ScriptDecoder | undefined
  readonly #once = new DecodeOnce()
  /**
   * The JSON document of the payload being fed, parsed once for all the series charting fields
   * of its topic (the bench's four series of one topic parsed each payload four times: garbage
   * and time in the worker per message). Set back to UNPARSED for each new payload.
   */
  #doc: unknown = UNPARSED

  constructor(protobuf?: ProtoDecoder, scripts?: ScriptDecoder) {
    this.#protobuf = protobuf
    this.#scripts = scripts
  }

  /** True when some message topics feed a series (the per-message check is one map lookup). */
  get hasValueSeries(): boolean {
    return this.#byTopic.size > 0
  }

  /**
   * Replaces the charts on screen; rings of series still shown are kept, others are freed. A new
   * value series starts with the last CHART_BACKFILL_POINTS messages of its topic's history.
   */
  setViews(views: ChartView[], now: number, rates: RateSource, history?: HistorySource): void {
    this.#views = views
    const wanted = new Map<string, SeriesSource>()
    for (const view of views) for (const s of view.series) wanted.set(s.key, s.source)
    for (const key of this.#series.keys()) if (!wanted.has(key)) this.#series.delete(key)
    this.refused = 0
    for (const [key, source] of wanted) {
      if (this.#series.has(key)) continue
      if (this.#series.size >= MAX_SERIES) {
        this.refused++
        continue
      }
      const state: SeriesState = {
        key,
        source,
        ring: new SeriesRing(SERIES_RING_CAPACITY),
        prevValue: NaN,
        prevTs: NaN,
        matching: [],
        scannedUpTo: 1,
        keys:
          source.kind === 'value' &&
          source.path &&
          !source.binary &&
          !source.protobuf &&
          !source.script
            ? parsePath(source.path)
            : undefined,
      }
      // Rate series start from the counts as they are now, so their first sample is a true rate.
      if (source.kind === 'rate') {
        state.prevTs = now
        state.prevValue = this.#rateCount(state, rates) ?? 0
      } else if (history) {
        const entries = history(source.topic)
        if (entries) this.#backfill(state, entries)
      }
      this.#series.set(key, state)
    }
    this.#byTopic.clear()
    for (const state of this.#series.values()) {
      if (state.source.kind !== 'value') continue
      const list = this.#byTopic.get(state.source.topic) ?? []
      list.push(state)
      this.#byTopic.set(state.source.topic, list)
    }
    this.#changed = true
  }

  /** Feeds one message to the series charting its topic. */
  onMessage(topic: string, payload: Uint8Array, now: number): void {
    const list = this.#byTopic.get(topic)
    if (!list) return
    this.#doc = UNPARSED
    for (const state of list) if (this.#feed(state, payload, now)) this.#changed = true
    this.#doc = UNPARSED
  }

  /** Adds the number in `payload` (if any) to a value series; true when a point was added. */
  #feed(state: SeriesState, payload: Uint8Array, now: number): boolean {
    const source = state.source
    if (source.kind !== 'value') return false
    const v = source.protobuf
      ? this.#decoded(source.protobuf, source.path, payload)
      : source.script
        ? this.#scripted(source.script, source.topic, source.path, payload)
        : state.keys
          ? this.#jsonNumber(payload, state.keys)
          : extractNumber(payload, source.path, source.binary)
    if (v === undefined) return false
    if (!source.derivative) {
      state.ring.push(now, v)
      return true
    }
    // A cumulative counter ($SYS/broker/messages/received): chart its change per second.
    const pushed = Number.isFinite(state.prevTs) && now > state.prevTs
    if (pushed) state.ring.push(now, ((v - state.prevValue) * 1000) / (now - state.prevTs))
    state.prevValue = v
    state.prevTs = now
    return pushed
  }

  /** The number at `keys` of the JSON in `payload`, parsed once per payload (see `#doc`). */
  #jsonNumber(payload: Uint8Array, keys: readonly string[]): number | undefined {
    if (this.#doc === UNPARSED) this.#doc = parseJsonPayload(payload)
    const doc = this.#doc
    return doc === NOT_JSON ? undefined : numericValue(valueAtKeys(doc, keys))
  }

  /** The number at `path` of the message `ref` decodes `payload` to (undefined when it fails). */
  #decoded(ref: ProtoRef, path: string | undefined, payload: Uint8Array): number | undefined {
    const protobuf = this.#protobuf
    if (!protobuf) return undefined
    const outcome = this.#once.get(protoRefKey(ref), payload, (bytes) =>
      protobuf.decode(ref, bytes),
    )
    return outcome.ok ? decodedNumber(outcome.value, path) : undefined
  }

  /** The number at `path` of what a decode script returns for `payload` (once for all series). */
  #scripted(
    ref: ScriptRef,
    topic: string,
    path: string | undefined,
    payload: Uint8Array,
  ): number | undefined {
    const scripts = this.#scripts
    if (!scripts) return undefined
    const outcome = this.#once.get(`js:${ref.scriptId}:${ref.sourceHash}`, payload, (bytes) =>
      scripts.decode(ref, bytes, topic),
    )
    return outcome.ok ? decodedNumber(outcome.value, path) : undefined
  }

  /**
   * Feeds a new series the last CHART_BACKFILL_POINTS kept messages of its topic, oldest first,
   * at the times they arrived. A payload the history cut (over HISTORY_ENTRY_BYTES) is skipped:
   * its first bytes could read as a different number.
   */
  #backfill(state: SeriesState, entries: HistoryEntries): void {
    const { ts, sizes, payloads } = entries
    for (let i = Math.min(ts.length, CHART_BACKFILL_POINTS) - 1; i >= 0; i--) {
      const from = payloads.offsets[i]!
      const to = payloads.offsets[i + 1]!
      if (to - from < sizes[i]!) continue
      this.#doc = UNPARSED
      this.#feed(state, payloads.bytes.subarray(from, to), ts[i]!)
    }
    this.#doc = UNPARSED
  }

  #rateCount(state: SeriesState, rates: RateSource): number | undefined {
    const source = state.source
    if (source.kind !== 'rate') return undefined
    switch (source.scope) {
      case 'connection':
        return rates.received()
      case 'subtree':
        return rates.subtreeCount(source.topic) ?? 0
      case 'filter': {
        for (const last = rates.topicCount(); state.scannedUpTo <= last; state.scannedUpTo++) {
          if (topicMatches(source.filter, rates.topicOf(state.scannedUpTo)))
            state.matching.push(state.scannedUpTo)
        }
        let sum = 0
        for (const id of state.matching) sum += rates.countOf(id)
        return sum
      }
    }
  }

  /** Samples the message-rate series (called once per rate period). */
  onRateTick(now: number, rates: RateSource): void {
    for (const state of this.#series.values()) {
      const count = this.#rateCount(state, rates)
      if (count === undefined) continue
      if (now > state.prevTs) {
        state.ring.push(now, ((count - state.prevValue) * 1000) / (now - state.prevTs))
        this.#changed = true
      }
      state.prevValue = count
      state.prevTs = now
    }
  }

  /**
   * The shortest redraw interval of the charts on screen (chartRedrawMs), in ms; undefined with
   * no chart. Frames come at least this often while charts are shown.
   */
  redrawMs(): number | undefined {
    let ms: number | undefined
    for (const v of this.#views) ms = Math.min(ms ?? Infinity, chartRedrawMs(v.windowMs, v.widthPx))
    return ms
  }

  /**
   * True when charts are on screen, a series got points (or the views changed), and the pace of
   * chartRedrawMs allows. A chart with no new point is never rebuilt: a live window ends at its
   * newest point, not at the clock (build), so nothing on it moves until data does.
   */
  due(now: number): boolean {
    const every = this.redrawMs()
    return every !== undefined && this.#changed && now - this.#lastBuild >= every
  }

  /**
   * Downsamples every series of every chart on screen. A live window is the last `windowMs` up to
   * the newest point of the chart's series (up to `now` while none has a point): it follows the
   * data, so a quiet chart stands still (an idle page lays out nothing, #12) and a topic that
   * sends every few minutes still shows its last points instead of an empty plot. A paused or
   * zoomed chart keeps its range.
   */
  build(now: number): ChartData[] {
    this.#lastBuild = now
    this.#changed = false
    return this.#views.map((view) => {
      const states: SeriesState[] = []
      for (const spec of view.series) {
        const state = this.#series.get(spec.key)
        if (state) states.push(state)
      }
      const [t0, t1] = view.range ?? liveWindow(states, view.windowMs, now)
      const px = Math.max(1, Math.min(CHART_MAX_WIDTH_PX, Math.round(view.widthPx)))
      const buckets = Math.max(1, Math.floor((px * CHART_POINTS_PER_PX) / 2))
      const series: SeriesData[] = []
      for (const state of states) {
        const ring = state.ring
        const d = downsampleMinMax(ring, t0, t1, buckets)
        // Live: the newest point. Paused or zoomed: the newest point of the frozen window, so
        // the legend stays with the view while data keeps arriving.
        const lastIndex = (view.range ? ring.upperBound(t1) : ring.length) - 1
        series.push({
          key: state.key,
          ...d,
          last: lastIndex >= 0 ? ring.v(lastIndex) : NaN,
          lastTs: lastIndex >= 0 ? ring.t(lastIndex) : NaN,
          evicted: ring.evicted,
        })
      }
      return { chartId: view.chartId, t0, t1, series }
    })
  }

  /** Every point of a series' ring (for CSV export), or empty arrays for an unknown key. */
  exportSeries(key: string): { ts: Float64Array; vs: Float64Array } {
    return (
      this.#series.get(key)?.ring.toArrays() ?? { ts: new Float64Array(0), vs: new Float64Array(0) }
    )
  }
}

/** A live chart's window: `windowMs` up to its series' newest point (`now` when none has one). */
function liveWindow(states: SeriesState[], windowMs: number, now: number): [number, number] {
  let newest = -Infinity
  for (const { ring } of states)
    if (ring.length > 0) newest = Math.max(newest, ring.t(ring.length - 1))
  const t1 = Number.isFinite(newest) ? newest : now
  return [t1 - windowMs, t1]
}
