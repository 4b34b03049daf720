/**
 * Numbers out of payloads, for charts. A payload is charted as: its text as a number ("21.5"),
 * a boolean (true/false → 1/0), a numeric leaf of a JSON document at a path ("air.co2",
 * "values[2]"), or a binary number of a chosen type. NaN and ±Infinity are not plottable and
 * count as "no value".
 */

/** How to read a binary payload as one number. */
export type BinaryNumber =
  | 'int8'
  | 'uint8'
  | 'int16le'
  | 'int16be'
  | 'uint16le'
  | 'uint16be'
  | 'int32le'
  | 'int32be'
  | 'uint32le'
  | 'uint32be'
  | 'float32le'
  | 'float32be'
  | 'float64le'
  | 'float64be'

export const BINARY_NUMBERS: readonly BinaryNumber[] = [
  'int8',
  'uint8',
  'int16le',
  'int16be',
  'uint16le',
  'uint16be',
  'int32le',
  'int32be',
  'uint32le',
  'uint32be',
  'float32le',
  'float32be',
  'float64le',
  'float64be',
]

// Decimal numbers only: "0x1F", "1_000", "12abc" or " " are not numbers to a person reading them.
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i

/** A finite number from text: decimal notation, or true/false as 1/0; undefined otherwise. */
export function parseNumericText(raw: string): number | undefined {
  const text = raw.trim()
  if (text === 'true') return 1
  if (text === 'false') return 0
  if (!DECIMAL.test(text)) return undefined
  const n = Number(text)
  return Number.isFinite(n) ? n : undefined
}

/** A plottable number from a decoded JSON value (numbers, numeric strings, booleans). */
export function numericValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'string') return parseNumericText(value)
  return undefined
}

/** Splits "a.b[0].c" or "a.b.0.c" into keys. */
export function parsePath(path: string): string[] {
  const keys: string[] = []
  for (const part of path.split('.')) {
    const re = /([^[\]]+)|\[(\d+)\]/g
    let m: RegExpExecArray | null
    while ((m = re.exec(part)) !== null) keys.push(m[1] ?? m[2] ?? '')
  }
  return keys
}

/** The value at `path` inside a decoded JSON document, or undefined. */
export function valueAtPath(doc: unknown, path: string): unknown {
  return valueAtKeys(doc, parsePath(path))
}

/** The value at a path already split by parsePath (a chart series splits its path once). */
export function valueAtKeys(doc: unknown, keys: readonly string[]): unknown {
  let current: unknown = doc
  for (const key of keys) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

/** Reads a binary payload as one number of type `kind`; undefined if too short or not finite. */
export function readBinaryNumber(bytes: Uint8Array, kind: BinaryNumber): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const le = kind.endsWith('le')
  try {
    let n: number
    switch (kind) {
      case 'int8':
        n = view.getInt8(0)
        break
      case 'uint8':
        n = view.getUint8(0)
        break
      case 'int16le':
      case 'int16be':
        n = view.getInt16(0, le)
        break
      case 'uint16le':
      case 'uint16be':
        n = view.getUint16(0, le)
        break
      case 'int32le':
      case 'int32be':
        n = view.getInt32(0, le)
        break
      case 'uint32le':
      case 'uint32be':
        n = view.getUint32(0, le)
        break
      case 'float32le':
      case 'float32be':
        n = view.getFloat32(0, le)
        break
      case 'float64le':
      case 'float64be':
        n = view.getFloat64(0, le)
        break
    }
    return Number.isFinite(n) ? n : undefined
  } catch {
    return undefined // RangeError: the payload is shorter than the type
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false })

/**
 * The number a payload carries for a series: binary when `binary` is set; else at `path` inside
 * JSON when `path` is set; else the whole payload as a number (text, or a JSON number/boolean).
 */
export function extractNumber(
  payload: Uint8Array,
  path?: string,
  binary?: BinaryNumber,
): number | undefined {
  if (binary) return readBinaryNumber(payload, binary)
  if (!path) return parseNumericText(utf8.decode(payload))
  const doc = parseJsonPayload(payload)
  return doc === NOT_JSON ? undefined : numericValue(valueAtPath(doc, path))
}

/** What parseJsonPayload returns for a payload that is not JSON. */
export const NOT_JSON: unique symbol = Symbol('not JSON')

/** A payload's UTF-8 text parsed as JSON, or NOT_JSON. */
export function parseJsonPayload(payload: Uint8Array): unknown {
  try {
    return JSON.parse(utf8.decode(payload)) as unknown
  } catch {
    return NOT_JSON
  }
}

/** A numeric leaf of a JSON document: its path and value. */
export interface NumericLeaf {
  path: string
  value: number
}

/** Every numeric leaf (numbers, numeric strings, booleans) of `doc`, depth first, at most `limit`. */
export function numericLeaves(doc: unknown, limit: number): NumericLeaf[] {
  const out: NumericLeaf[] = []
  const walk = (value: unknown, path: string) => {
    if (out.length >= limit) return
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`))
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>))
        walk(v, path ? `${path}.${k}` : k)
    } else if (path) {
      const n = numericValue(value)
      if (n !== undefined) out.push({ path, value: n })
    }
  }
  walk(doc, '')
  return out
}
