import { decode as cborDecode } from 'cborg'
import { decode as msgpackDecode } from '@msgpack/msgpack'
import { coded, type Coded } from '../lib/coded'
import { pageProtobuf } from './protobufRegistry'
import {
  decodeSparkplug,
  formatSparkplugValue,
  resolveAliases,
  SparkplugError,
  type SparkplugPayload,
} from './sparkplug'

/**
 * Payloads stay bytes; these functions make a view of them on demand. Nothing is cut silently:
 * when the bytes at hand are fewer than the payload's size, the result says so, as a code of the
 * `decode` area (codes/decode.json) that the view words.
 */

export const PAYLOAD_FORMATS = [
  'auto',
  'text',
  'json',
  'hex',
  'base64',
  'cbor',
  'msgpack',
  'sparkplug',
  'protobuf',
  'script',
  'image',
] as const
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number]

export const PAYLOAD_FORMAT_LABELS: Record<PayloadFormat, string> = {
  auto: 'Auto',
  text: 'Text',
  json: 'JSON',
  hex: 'Hex',
  base64: 'Base64',
  cbor: 'CBOR',
  msgpack: 'MessagePack',
  sparkplug: 'Sparkplug B',
  protobuf: 'Protobuf',
  script: 'Script',
  image: 'Image',
}

/** How a view was made: `hex` also when Auto found the payload is not printable UTF-8. */
export type DecodedKind =
  | 'empty'
  | 'text'
  | 'json'
  | 'hex'
  | 'base64'
  | 'cbor'
  | 'msgpack'
  | 'sparkplug'
  | 'protobuf'
  | 'image'

export interface DecodedPayload {
  kind: DecodedKind
  text: string
  /**
   * Set when the view is partial or the chosen format did not fit (`decode.invalidJson`…); two
   * notes travel as `decode.twoNotes` with both as values.
   */
  note?: Coded
  /**
   * The decoded value of a CBOR, MessagePack or Protobuf view, made JSON-safe (JSON views: parse
   * `text`).
   */
  value?: unknown
  /** The decoded Sparkplug B payload, aliases resolved where a BIRTH was given. */
  sparkplug?: SparkplugPayload
  /** The MIME type of an image view. */
  mime?: string
}

/** What a decoder may know besides the bytes. */
export interface DecodeContext {
  /** The message's topic: `spBv1.0/…` makes Auto pick Sparkplug B. */
  topic?: string
  /** Sparkplug BIRTH payloads whose aliases name the metrics (device's DBIRTH, then NBIRTH). */
  births?: readonly Uint8Array[]
  /**
   * Shows at most this many bytes as text, hex or base64 (the rest is named in the note); parsed
   * views (JSON, CBOR, MessagePack, Sparkplug B, images) still read every byte they have.
   */
  shownBytes?: number
}

/** The image type of PNG or JPEG magic bytes, else undefined. */
export function imageMime(bytes: Uint8Array): string | undefined {
  const b = bytes
  if (
    b.length >= 8 &&
    b[0] === 0x89 &&
    b[1] === 0x50 &&
    b[2] === 0x4e &&
    b[3] === 0x47 &&
    b[4] === 0x0d &&
    b[5] === 0x0a &&
    b[6] === 0x1a &&
    b[7] === 0x0a
  )
    return 'image/png'
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  return undefined
}

/**
 * A decoded CBOR/MessagePack value made JSON-safe for display: maps become objects (keys as
 * strings), byte strings "h'…'", big integers exact strings, undefined null.
 */
export function displayValue(value: unknown, depth = 0): unknown {
  if (depth > 64) return '…'
  if (value === undefined) return null
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString()
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
  if (value instanceof Uint8Array)
    return `h'${toHex(value.subarray(0, 64)).replace(/ /g, '')}${value.length > 64 ? '…' : ''}'`
  if (value instanceof Date) return value.toISOString()
  if (value instanceof Map) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of value)
      out[typeof k === 'string' ? k : JSON.stringify(displayValue(k, depth + 1))] = displayValue(
        v,
        depth + 1,
      )
    return out
  }
  if (Array.isArray(value)) return value.map((v) => displayValue(v, depth + 1))
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = displayValue(v, depth + 1)
    return out
  }
  return value
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** One line per metric: "name (Type) = value". */
function sparkplugText(p: SparkplugPayload, pretty: boolean): string {
  const lines = p.metrics.map(
    (m) =>
      `${m.name ?? (m.alias !== undefined ? `alias ${m.alias}` : '?')} (${m.datatypeName}) = ${formatSparkplugValue(m)}`,
  )
  const head = p.seq !== undefined ? `seq ${p.seq}: ` : ''
  return pretty ? lines.join('\n') : head + lines.join('; ')
}

// C0 control characters other than tab, line feed and carriage return mark binary data.
// eslint-disable-next-line no-control-regex
const BINARY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

/**
 * Strict UTF-8 decode; undefined when the bytes are not valid UTF-8 or contain control characters.
 * `partial` says the bytes are a prefix, so a multi-byte character cut at the end is not an error.
 */
export function strictText(bytes: Uint8Array, partial: boolean): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: partial })
    return BINARY_CONTROL.test(text) ? undefined : text
  } catch {
    return undefined
  }
}

/** "de ad be ef", wrapped into 16-byte lines when `lines` is set. */
export function toHex(bytes: Uint8Array, lines = false): string {
  const parts: string[] = []
  for (let i = 0; i < bytes.length; i++) {
    const sep = i === 0 ? '' : lines && i % 16 === 0 ? '\n' : ' '
    parts.push(sep + (bytes[i] ?? 0).toString(16).padStart(2, '0'))
  }
  return parts.join('')
}

/** Standard base64 of the bytes. */
export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  const CHUNK = 0x8000
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  }
  return btoa(binary)
}

function sizeNote(have: number, total: number): Coded | undefined {
  if (have >= total) return undefined
  const kb = (n: number) =>
    n < 1024
      ? `${n} B`
      : n < 1_048_576
        ? `${(n / 1024).toFixed(1)} KB`
        : `${(n / 1_048_576).toFixed(1)} MB`
  return coded('decode.showing', { have: kb(have), total: kb(total) })
}

/** The first note, and the second (the size of a partial view) when there is one. */
function joinNotes(first: Coded, second: Coded | undefined): Coded {
  return second ? coded('decode.twoNotes', { first, second }) : first
}

/**
 * A view of `bytes` in `format`. `totalSize` is the payload's full size (bytes may be a prefix).
 * `pretty` pretty-prints JSON and wraps hex into lines (the details view); off for one-line previews.
 */
export function decodePayload(
  bytes: Uint8Array,
  format: PayloadFormat,
  totalSize: number = bytes.length,
  pretty = false,
  context: DecodeContext = {},
): DecodedPayload {
  const partial = bytes.length < totalSize
  const cut = sizeNote(bytes.length, totalSize)
  if (totalSize === 0) return { kind: 'empty', text: '(empty)' }
  // What is shown as text, hex or base64: a prefix of at most `shownBytes`, with its own note.
  const limit = context.shownBytes ?? Infinity
  const view = bytes.length > limit ? bytes.subarray(0, limit) : bytes
  const viewCut = view === bytes ? cut : sizeNote(view.length, totalSize)
  const viewText = () =>
    new TextDecoder('utf-8').decode(view, { stream: partial || view !== bytes })
  switch (format) {
    case 'hex':
      return withNote({ kind: 'hex', text: toHex(view, pretty) }, viewCut)
    case 'base64':
      return withNote({ kind: 'base64', text: toBase64(view) }, viewCut)
    case 'text':
      // Lenient decode: invalid bytes become U+FFFD, so the user sees where they are.
      return withNote({ kind: 'text', text: viewText() }, viewCut)
    case 'json': {
      const text = strictText(bytes, partial)
      if (text === undefined)
        return withNote(
          { kind: 'hex', text: toHex(view, pretty) },
          joinNotes(coded('decode.notUtf8'), viewCut),
        )
      if (partial)
        return withNote(
          { kind: 'text', text: view === bytes ? text : viewText() },
          joinNotes(coded('decode.jsonCut'), viewCut),
        )
      try {
        const value: unknown = JSON.parse(text)
        return {
          kind: 'json',
          text: pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value),
        }
      } catch (err) {
        const note = coded('decode.invalidJson', { error: errorText(err) })
        if (view === bytes) return { kind: 'text', text, note }
        return { kind: 'text', text: viewText(), note: joinNotes(note, viewCut) }
      }
    }
    case 'cbor':
    case 'msgpack': {
      const cbor = format === 'cbor'
      if (partial)
        return asHex(
          view,
          pretty,
          joinNotes(cbor ? coded('decode.cborCut') : coded('decode.msgpackCut'), viewCut),
        )
      try {
        const raw: unknown = cbor
          ? cborDecode(bytes, { useMaps: true })
          : msgpackDecode(bytes, { useBigInt64: true })
        const value = displayValue(raw)
        return {
          kind: format,
          text: pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value),
          value,
        }
      } catch (err) {
        const error = errorText(err)
        return asHex(
          view,
          pretty,
          joinNotes(
            cbor
              ? coded('decode.invalidCbor', { error })
              : coded('decode.invalidMsgpack', { error }),
            viewCut,
          ),
        )
      }
    }
    case 'sparkplug': {
      if (partial) return asHex(view, pretty, joinNotes(coded('decode.sparkplugCut'), viewCut))
      try {
        let payload = decodeSparkplug(bytes)
        const births = (context.births ?? []).flatMap((b) => {
          try {
            return [decodeSparkplug(b)]
          } catch {
            return []
          }
        })
        if (births.length) payload = resolveAliases(payload, births)
        return { kind: 'sparkplug', text: sparkplugText(payload, pretty), sparkplug: payload }
      } catch (err) {
        // Our own checks say what is wrong as a code; protobufjs' reader throws English text.
        const error = err instanceof SparkplugError ? err.reason : errorText(err)
        return asHex(view, pretty, joinNotes(coded('decode.invalidSparkplug', { error }), viewCut))
      }
    }
    case 'protobuf': {
      // The message type bound to the topic (the user's own .proto, issue #16).
      const ref = context.topic === undefined ? undefined : pageProtobuf.refFor(context.topic)
      if (!ref) return asHex(view, pretty, joinNotes(coded('protobuf.notBound'), viewCut))
      const result = pageProtobuf.registry.decode(ref, bytes, totalSize)
      if (!result.ok) return asHex(view, pretty, joinNotes(result.error, viewCut))
      return {
        kind: 'protobuf',
        text: pretty ? JSON.stringify(result.value, null, 2) : JSON.stringify(result.value),
        value: result.value,
      }
    }
    case 'script':
      // A decode script runs in the worker, never on the page (it may loop until its deadline):
      // the topic details ask the worker for its value; a row shows the bytes and says so.
      return asHex(view, pretty, joinNotes(coded('script.decodedInDetails'), viewCut))
    case 'image': {
      const mime = imageMime(bytes)
      if (!mime) return asHex(view, pretty, joinNotes(coded('decode.notImage'), viewCut))
      return withNote(
        { kind: 'image', text: `${mime === 'image/png' ? 'PNG' : 'JPEG'} image`, mime },
        cut,
      )
    }
    case 'auto': {
      if (context.topic?.startsWith('spBv1.0/'))
        return decodePayload(bytes, 'sparkplug', totalSize, pretty, context)
      if (imageMime(bytes)) return decodePayload(bytes, 'image', totalSize, pretty, context)
      const text = strictText(bytes, partial)
      if (text === undefined)
        return withNote(
          { kind: 'hex', text: toHex(view, pretty) },
          joinNotes(coded('decode.binary'), viewCut),
        )
      if (pretty && !partial && /^\s*[[{]/.test(text)) {
        try {
          return { kind: 'json', text: JSON.stringify(JSON.parse(text) as unknown, null, 2) }
        } catch {
          // Not JSON after all: show the text as it is.
        }
      }
      return withNote({ kind: 'text', text: view === bytes ? text : viewText() }, viewCut)
    }
  }
}

function asHex(bytes: Uint8Array, pretty: boolean, note: Coded | undefined): DecodedPayload {
  return withNote({ kind: 'hex', text: toHex(bytes, pretty) }, note)
}

function withNote(decoded: DecodedPayload, note: Coded | undefined): DecodedPayload {
  return note ? { ...decoded, note } : decoded
}

/** One line for a list row: line breaks shown as ⏎, long text left to CSS ellipsis. */
export function oneLine(text: string): string {
  return text.replace(/\r?\n/g, ' \u23ce ')
}

/**
 * The one-line view of a preview (the first bytes of a payload of `size` bytes) that the tree and
 * the log show, in `format` (Auto detects Sparkplug B by its topic). Undefined for a Sparkplug B
 * payload longer than its preview: protobuf cannot be decoded from its first bytes, so the caller
 * says what it is instead of showing a fragment as hex.
 */
export function previewLine(
  preview: Uint8Array,
  size: number,
  format: PayloadFormat,
  topic: string,
): { text: string; kind: DecodedKind } | undefined {
  const sparkplug = format === 'sparkplug' || (format === 'auto' && topic.startsWith('spBv1.0/'))
  if (sparkplug && preview.length < size) return undefined
  const { text, kind } = decodePayload(preview, format, size, false, { topic })
  return { text: oneLine(text), kind }
}
