/**
 * Checks a JSON value against a protobuf message type before it is encoded. protobufjs'
 * `fromObject` is lenient on purpose: it ignores unknown keys and coerces wrong types ("abc" for
 * an int32 becomes 0), so a typo in the composer would send a message without the field and say
 * nothing. This walk says what is wrong and where (a path such as `readings[2].value`), as codes
 * whose values are field paths and protobuf type names, never sentences.
 *
 * Accepted, as in protobuf's JSON mapping: field names as declared or their lowerCamelCase JSON
 * names; 64-bit integers as numbers or decimal strings; bytes as base64 (or an array of byte
 * values); enums by name or number; `null` for "not set". The result is the value with JSON
 * names replaced by declared names, ready for `fromObject`.
 */
import { Enum, Type, type Field, type MapField } from 'protobufjs'
import { coded, type Coded } from '../lib/coded'

export type CheckResult = { ok: true; value: Record<string, unknown> } | { ok: false; error: Coded }

const MAX_DEPTH = 64

const INT_RANGE: Record<string, readonly [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/

/** Thrown inside the walk only, to unwind from any depth; caught by checkMessageJson. */
class Failure extends Error {
  readonly error: Coded
  constructor(error: Coded) {
    super(error.code)
    this.error = error
  }
}

const fail = (code: string, values: Record<string, string | number>): never => {
  throw new Failure(coded(code, values))
}

function joinPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key
}

function checkInteger(value: unknown, kind: string, path: string): unknown {
  const range = INT_RANGE[kind]
  if (!range) return value
  let n: bigint
  if (typeof value === 'number' && Number.isInteger(value)) n = BigInt(value)
  else if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) n = BigInt(value.trim())
  else return fail('protobuf.encode.wrongType', { path, expected: kind })
  if (n < range[0] || n > range[1]) fail('protobuf.encode.outOfRange', { path, expected: kind })
  // Strings stay strings: protobufjs reads them into 64-bit values exactly.
  return value
}

function checkScalar(
  field: Field | MapField,
  value: unknown,
  path: string,
  depth: number,
): unknown {
  const resolved = field.resolvedType
  if (resolved instanceof Type) return checkMessage(resolved, value, path, depth + 1)
  if (resolved instanceof Enum) {
    if (typeof value === 'string') {
      if (!(value in resolved.values))
        fail('protobuf.encode.unknownEnumValue', {
          path,
          value,
          enum: resolved.fullName.replace(/^\./, ''),
        })
      return value
    }
    if (typeof value === 'number' && Number.isInteger(value)) return value
    return fail('protobuf.encode.wrongType', {
      path,
      expected: resolved.fullName.replace(/^\./, ''),
    })
  }
  switch (field.type) {
    case 'double':
    case 'float':
      if (typeof value === 'number') return value
      if (
        typeof value === 'string' &&
        /^(NaN|-?Infinity|[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?)$/i.test(value)
      )
        return Number(value)
      return fail('protobuf.encode.wrongType', { path, expected: field.type })
    case 'bool':
      if (typeof value === 'boolean') return value
      return fail('protobuf.encode.wrongType', { path, expected: 'bool' })
    case 'string':
      if (typeof value === 'string') return value
      return fail('protobuf.encode.wrongType', { path, expected: 'string' })
    case 'bytes':
      if (typeof value === 'string') {
        if (!BASE64.test(value.replace(/\s+/g, ''))) fail('protobuf.encode.invalidBase64', { path })
        return value.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/')
      }
      if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= 0 && b <= 255))
        return Uint8Array.from(value as number[])
      return fail('protobuf.encode.wrongType', { path, expected: 'bytes' })
    default:
      return checkInteger(value, field.type, path)
  }
}

function checkMapKey(key: string, keyType: string, path: string): void {
  if (keyType === 'string') return
  if (keyType === 'bool') {
    if (key !== 'true' && key !== 'false')
      fail('protobuf.encode.wrongType', { path, expected: 'bool' })
    return
  }
  checkInteger(key, keyType, path)
}

function checkField(field: Field, value: unknown, path: string, depth: number): unknown {
  if (field.map) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return fail('protobuf.encode.wrongType', { path, expected: 'map' })
    const map = field as unknown as MapField
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const at = `${path}[${JSON.stringify(k)}]`
      checkMapKey(k, map.keyType, at)
      out[k] = checkScalar(map, v, at, depth)
    }
    return out
  }
  if (field.repeated) {
    if (!Array.isArray(value)) return fail('protobuf.encode.wrongType', { path, expected: 'list' })
    return value.map((v, i) => checkScalar(field, v, `${path}[${i}]`, depth))
  }
  return checkScalar(field, value, path, depth)
}

function checkMessage(
  type: Type,
  value: unknown,
  path: string,
  depth: number,
): Record<string, unknown> {
  if (depth > MAX_DEPTH) fail('protobuf.encode.tooDeep', { path, max: MAX_DEPTH })
  const typeName = type.fullName.replace(/^\./, '')
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('protobuf.encode.wrongType', { path, expected: typeName })
  const out: Record<string, unknown> = {}
  const byJsonName = new Map<string, Field>()
  for (const f of type.fieldsArray)
    if (f.jsonName && f.jsonName !== f.name) byJsonName.set(f.jsonName, f)
  const setOneofs = new Map<string, string>()
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const field = type.fields[key] ?? byJsonName.get(key)
    const at = joinPath(path, key)
    if (!field) return fail('protobuf.encode.unknownField', { path: at, type: typeName })
    if (v === null || v === undefined) continue
    const oneof = field.partOf
    if (oneof && !(oneof as unknown as { isProto3Optional?: boolean }).isProto3Optional) {
      const other = setOneofs.get(oneof.name)
      if (other !== undefined)
        fail('protobuf.encode.oneofConflict', { path: at, oneof: oneof.name, other })
      setOneofs.set(oneof.name, field.name)
    }
    out[field.name] = checkField(field, v, at, depth)
  }
  for (const f of type.fieldsArray)
    if (f.rule === 'required' && out[f.name] === undefined)
      fail('protobuf.encode.missingRequired', { path: joinPath(path, f.name), type: typeName })
  return out
}

/** Checks `value` against `type`; the value with declared field names, or the first problem. */
export function checkMessageJson(type: Type, value: unknown): CheckResult {
  try {
    return { ok: true, value: checkMessage(type, value, '', 0) }
  } catch (err) {
    if (err instanceof Failure) return { ok: false, error: err.error }
    throw err
  }
}
