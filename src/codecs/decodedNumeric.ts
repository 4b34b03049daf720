/**
 * Numbers out of decoded payloads (a protobuf message or a decode script's value), for charts.
 * A decoded value is a plain JSON value, so a field is addressed with the same paths as a JSON
 * payload (`channels[0].quantity.value`, numeric.ts) and read with the same rules (numbers,
 * decimal strings such as protobuf's int64, booleans as 1/0; enum names and other text are not
 * numbers).
 *
 * Proposed series source for src/mqtt/protocol.ts (the wiring phase adds it to `SeriesSource`):
 *
 *   { kind: 'decoded'; topic: string; decoder: DecoderRef; path?: string; derivative?: boolean }
 *
 * The series names its decoder itself (a schema set's content id and message type, or a script's
 * id and source hash), not "the binding of filter F": a binding can be changed or removed while
 * its chart lives, and a ring keyed by what actually decoded its points never mixes two meanings.
 * The worker resolves the ref in its decoder registry; an unknown ref charts nothing and says so.
 */
import { numericLeaves, numericValue, valueAtPath, type NumericLeaf } from './numeric'

/** What decodes the payload: a compiled schema set's message type, or a decode script. */
export type DecoderRef =
  | { kind: 'protobuf'; schemaId: string; type: string }
  | { kind: 'script'; scriptId: string; sourceHash: string }

/** A chart series fed by a decoded field of each message on `topic`. */
export interface DecodedSeriesSource {
  kind: 'decoded'
  topic: string
  decoder: DecoderRef
  /** Path of the field in the decoded value; none: the decoded value itself is the number. */
  path?: string
  /** Chart the change per second (a cumulative counter). */
  derivative?: boolean
}

/** A stable key of a decoder: equal decoders share decoded values and series rings. */
export function decoderKey(ref: DecoderRef): string {
  return ref.kind === 'protobuf'
    ? `pb:${ref.schemaId}:${ref.type}`
    : `js:${ref.scriptId}:${ref.sourceHash}`
}

/** The ring key of a decoded series, in the style of protocol.ts's `seriesKey`. */
export function decodedSeriesKey(source: DecodedSeriesSource): string {
  return `decoded:${source.topic}|${decoderKey(source.decoder)}|${source.path ?? ''}|${source.derivative ? 'd' : ''}`
}

/** The plottable number at `path` of a decoded value (the value itself without a path). */
export function decodedNumber(value: unknown, path?: string): number | undefined {
  return numericValue(path ? valueAtPath(value, path) : value)
}

/** The numeric fields of a decoded value, for the details view's "chart this field" list. */
export function decodedNumericLeaves(value: unknown, limit: number): NumericLeaf[] {
  return numericLeaves(value, limit)
}

/** What a decoder gives for one payload (protobuf codecs and scripts both have this shape). */
export type DecodeOutcome = { ok: true; value: unknown } | { ok: false }

/**
 * Decodes each message once for all series that chart fields of it: several fields of one
 * protobuf message (or one script's value) are charted at the cost of one decode. Remembers only
 * the last payload per decoder, which is exactly the message the chart engine is feeding.
 */
export class DecodeOnce {
  #last = new Map<string, { payload: Uint8Array; outcome: DecodeOutcome }>()

  get(
    key: string,
    payload: Uint8Array,
    decode: (payload: Uint8Array) => DecodeOutcome,
  ): DecodeOutcome {
    const last = this.#last.get(key)
    if (last && last.payload === payload) return last.outcome
    const outcome = decode(payload)
    this.#last.set(key, { payload, outcome })
    return outcome
  }

  /** Forgets decoders no longer charted. */
  retain(keys: ReadonlySet<string>): void {
    for (const key of this.#last.keys()) if (!keys.has(key)) this.#last.delete(key)
  }
}

/**
 * The number a decoded series takes from one message, or undefined (decode failed, no such
 * field, not a number). `decode` is the series' decoder; `once` shares its work between series.
 */
export function extractDecodedNumber(
  source: DecodedSeriesSource,
  payload: Uint8Array,
  decode: (payload: Uint8Array) => DecodeOutcome,
  once?: DecodeOnce,
): number | undefined {
  const outcome = once ? once.get(decoderKey(source.decoder), payload, decode) : decode(payload)
  return outcome.ok ? decodedNumber(outcome.value, source.path) : undefined
}
