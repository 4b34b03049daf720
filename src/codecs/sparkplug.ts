/**
 * Sparkplug B payloads (Eclipse Sparkplug 3.0, `org.eclipse.tahu.protobuf.Payload`), decoded with
 * protobufjs' minimal Reader. The minimal build has no reflection and no code generation, so it
 * needs no `eval` and runs under a strict Content-Security-Policy; the schema is small enough to
 * walk by hand here. Pure functions: the worker and the UI can both use them.
 */
import { Reader } from 'protobufjs/minimal.js'
import { coded, type Coded } from '../lib/coded'

/**
 * What `decodeSparkplug` throws when the bytes break Sparkplug's own rules; `reason` is a code
 * of the `decode` area. (Bytes that are not protobuf at all fail in protobufjs' reader instead,
 * with its own English message.)
 */
export class SparkplugError extends Error {
  readonly reason: Coded

  constructor(reason: Coded) {
    super(reason.code)
    this.name = 'SparkplugError'
    this.reason = reason
  }
}

/** Sparkplug B data type numbers (spec table 6.4.16) to their names. */
export const SPARKPLUG_DATATYPES: Record<number, string> = {
  0: 'Unknown',
  1: 'Int8',
  2: 'Int16',
  3: 'Int32',
  4: 'Int64',
  5: 'UInt8',
  6: 'UInt16',
  7: 'UInt32',
  8: 'UInt64',
  9: 'Float',
  10: 'Double',
  11: 'Boolean',
  12: 'String',
  13: 'DateTime',
  14: 'Text',
  15: 'UUID',
  16: 'DataSet',
  17: 'Bytes',
  18: 'File',
  19: 'Template',
  20: 'PropertySet',
  21: 'PropertySetList',
  22: 'Int8Array',
  23: 'Int16Array',
  24: 'Int32Array',
  25: 'Int64Array',
  26: 'UInt8Array',
  27: 'UInt16Array',
  28: 'UInt32Array',
  29: 'UInt64Array',
  30: 'FloatArray',
  31: 'DoubleArray',
  32: 'BooleanArray',
  33: 'StringArray',
  34: 'DateTimeArray',
}

export type SparkplugValue = number | bigint | boolean | string | Uint8Array | null

export interface SparkplugMetric {
  name?: string
  alias?: number
  /** Set when the name came from a BIRTH's alias, not from this message. */
  nameFromBirth?: boolean
  timestamp?: number
  datatype?: number
  datatypeName: string
  value: SparkplugValue
  /** Set for values this viewer does not unpack (DataSet, Template, extensions). */
  valueNote?: Coded
  isHistorical?: boolean
  isTransient?: boolean
}

export interface SparkplugPayload {
  timestamp?: number
  seq?: number
  uuid?: string
  metrics: SparkplugMetric[]
  body?: Uint8Array
}

/** A uint64 as a number when it is exact, else as a bigint. */
function u64(r: Reader): number | bigint {
  const v = r.uint64() as unknown as number | { low: number; high: number; toString(): string }
  if (typeof v === 'number') return v
  const n = (v.high >>> 0) * 2 ** 32 + (v.low >>> 0)
  return Number.isSafeInteger(n) ? n : BigInt(v.toString())
}

function num(v: number | bigint): number {
  return typeof v === 'number' ? v : Number(v)
}

/** Signed view of an integer sent in an unsigned field, per the metric's declared type. */
function signed(v: number | bigint, datatype: number | undefined): number | bigint {
  if (datatype === 1) return typeof v === 'number' ? (v << 24) >> 24 : v
  if (datatype === 2) return typeof v === 'number' ? (v << 16) >> 16 : v
  if (datatype === 3) return typeof v === 'number' ? v | 0 : v
  if (datatype === 4) return BigInt.asIntN(64, BigInt(v))
  return v
}

function decodeMetric(r: Reader, end: number): SparkplugMetric {
  const m: SparkplugMetric = { datatypeName: 'Unknown', value: null }
  let raw: SparkplugValue = null
  while (r.pos < end) {
    const tag = r.uint32()
    switch (tag >>> 3) {
      case 1:
        m.name = r.string()
        break
      case 2:
        m.alias = num(u64(r))
        break
      case 3:
        m.timestamp = num(u64(r))
        break
      case 4:
        m.datatype = r.uint32()
        break
      case 5:
        m.isHistorical = r.bool()
        break
      case 6:
        m.isTransient = r.bool()
        break
      case 7:
        if (r.bool()) raw = null
        break
      case 10:
        raw = r.uint32()
        break
      case 11:
        raw = u64(r)
        break
      case 12:
        raw = r.float()
        break
      case 13:
        raw = r.double()
        break
      case 14:
        raw = r.bool()
        break
      case 15:
        raw = r.string()
        break
      case 16:
        raw = r.bytes()
        break
      case 17:
        r.skipType(tag & 7)
        m.valueNote = coded('decode.sparkplugDataSet')
        break
      case 18:
        r.skipType(tag & 7)
        m.valueNote = coded('decode.sparkplugTemplate')
        break
      case 19:
        r.skipType(tag & 7)
        m.valueNote = coded('decode.sparkplugExtension')
        break
      default:
        r.skipType(tag & 7)
    }
  }
  if (typeof raw === 'number' || typeof raw === 'bigint') raw = signed(raw, m.datatype)
  m.value = raw
  m.datatypeName =
    m.datatype === undefined ? 'Unknown' : (SPARKPLUG_DATATYPES[m.datatype] ?? `type ${m.datatype}`)
  return m
}

/** Decodes a Sparkplug B payload; throws an Error on bytes that are not one. */
export function decodeSparkplug(bytes: Uint8Array): SparkplugPayload {
  const r = Reader.create(bytes)
  const out: SparkplugPayload = { metrics: [] }
  while (r.pos < r.len) {
    const tag = r.uint32()
    const field = tag >>> 3
    const wire = tag & 7
    if (field === 0) throw new SparkplugError(coded('decode.sparkplugField0', { byte: r.pos }))
    if (field === 1 && wire === 0) out.timestamp = num(u64(r))
    else if (field === 2 && wire === 2) {
      const len = r.uint32()
      const end = r.pos + len
      if (end > r.len)
        throw new SparkplugError(coded('decode.sparkplugPastEnd', { end, length: r.len }))
      out.metrics.push(decodeMetric(r, end))
    } else if (field === 3 && wire === 0) out.seq = num(u64(r))
    else if (field === 4 && wire === 2) out.uuid = r.string()
    else if (field === 5 && wire === 2) out.body = r.bytes()
    else r.skipType(wire)
  }
  return out
}

/** The parts of a Sparkplug B topic: spBv1.0/<group>/<type>/<edge>[/<device>]. */
export interface SparkplugTopic {
  group: string
  type: string
  edge: string
  device?: string
}

export function parseSparkplugTopic(topic: string): SparkplugTopic | undefined {
  const parts = topic.split('/')
  if (parts[0] !== 'spBv1.0' || parts.length < 4 || parts.length > 5) return undefined
  const [, group = '', type = '', edge = '', device] = parts
  return device === undefined ? { group, type, edge } : { group, type, edge, device }
}

/** Key of the edge node (device undefined) or device a BIRTH describes. */
export function sparkplugBirthKey(t: SparkplugTopic, node = false): string {
  return node || t.device === undefined
    ? `${t.group}/${t.edge}`
    : `${t.group}/${t.edge}/${t.device}`
}

/** True for NBIRTH and DBIRTH topics. */
export function isSparkplugBirth(t: SparkplugTopic): boolean {
  return t.type === 'NBIRTH' || t.type === 'DBIRTH'
}

/**
 * Fills in metric names from aliases defined in BIRTH payloads (the device's DBIRTH first, then
 * its edge node's NBIRTH). Metrics that carry a name, or whose alias no BIRTH defines, are kept.
 */
export function resolveAliases(
  payload: SparkplugPayload,
  births: readonly SparkplugPayload[],
): SparkplugPayload {
  const names = new Map<number, SparkplugMetric>()
  for (const birth of [...births].reverse())
    for (const m of birth.metrics) if (m.alias !== undefined && m.name) names.set(m.alias, m)
  return {
    ...payload,
    metrics: payload.metrics.map((m) => {
      if (m.name || m.alias === undefined) return m
      const def = names.get(m.alias)
      if (!def) return m
      const datatype = m.datatype ?? def.datatype
      return {
        ...m,
        name: def.name,
        nameFromBirth: true,
        datatype,
        datatypeName: m.datatype === undefined ? def.datatypeName : m.datatypeName,
      }
    }),
  }
}

/**
 * The last BIRTH seen per edge node and device, bounded to `capacity` entries (the oldest edge
 * node/device is forgotten first). Used to resolve aliases of NDATA/DDATA messages.
 */
export class SparkplugBirths {
  readonly #births = new Map<string, Uint8Array>()
  readonly capacity: number
  evicted = 0

  constructor(capacity: number) {
    this.capacity = capacity
  }

  get size(): number {
    return this.#births.size
  }

  /** Records `payload` when `topic` is an NBIRTH or DBIRTH topic. */
  observe(topic: string, payload: Uint8Array): void {
    const t = parseSparkplugTopic(topic)
    if (!t || !isSparkplugBirth(t)) return
    const key = sparkplugBirthKey(t)
    this.#births.delete(key)
    this.#births.set(key, payload)
    if (this.#births.size > this.capacity) {
      const oldest = this.#births.keys().next().value
      if (oldest !== undefined) this.#births.delete(oldest)
      this.evicted++
    }
  }

  /** The BIRTH payloads that define aliases for `topic`: the device's DBIRTH, then the NBIRTH. */
  birthsFor(topic: string): Uint8Array[] {
    const t = parseSparkplugTopic(topic)
    if (!t) return []
    const out: Uint8Array[] = []
    if (t.device !== undefined) {
      const d = this.#births.get(sparkplugBirthKey(t))
      if (d) out.push(d)
    }
    const n = this.#births.get(sparkplugBirthKey(t, true))
    if (n) out.push(n)
    return out
  }
}

/**
 * A metric's value as one short string; "…" for a value this viewer does not unpack (the view
 * words `valueNote` where it has room, the one-line preview keeps to the type name and "…").
 */
export function formatSparkplugValue(m: SparkplugMetric): string {
  if (m.valueNote) return '\u2026'
  const v = m.value
  if (v === null) return 'null'
  if (v instanceof Uint8Array) return `${v.length} bytes`
  if (m.datatype === 13 && (typeof v === 'number' || typeof v === 'bigint'))
    return new Date(Number(v)).toISOString()
  return String(v)
}
