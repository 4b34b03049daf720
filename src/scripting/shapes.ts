/**
 * What comes out of a script, checked on the host: the marshalled JSON and byte buffers become
 * the value a decode shows, the bytes an encode sends, or the publishes a responder makes. A
 * wrong shape is a code naming the script and what was wrong, never an exception.
 */
import { coded, type Coded } from '../lib/coded'
import type { PublishProperties, UserProperty } from '../wire/mqtt'
import { validatePublishTopic } from '../mqtt/publishDraft'
import { RESPONDER_PUBLISHES_PER_CALL } from '../engine/budgets'
import { BYTES_MARKER } from './prelude'
import type { ScriptPublish } from './types'

/** A script's result as it left the sandbox: JSON text (undefined: not JSON-able) and bytes. */
export interface Marshalled {
  json: string | undefined
  buffers: Uint8Array[]
  /** What the script returned, as the sandbox saw it (null, array, bytes, promise, object…). */
  got: string
}

type Shaped<T> = { ok: true; value: T } | { ok: false; error: Coded }

const utf8 = new TextEncoder()

/** Standard base64 (kept here so the sandbox's chunk does not pull in every payload codec). */
function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/** The value with byte markers replaced by the buffers they name. */
export function revive(m: Marshalled): unknown {
  if (m.json === undefined) return undefined
  if (m.buffers.length === 0) return JSON.parse(m.json) as unknown
  return JSON.parse(m.json, (_key, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const index = (v as Record<string, unknown>)[BYTES_MARKER]
      if (typeof index === 'number') return m.buffers[index] ?? new Uint8Array(0)
    }
    return v
  }) as unknown
}

/** Bytes anywhere in a decoded value become base64 text, so the value is plain JSON. */
function bytesToBase64(value: unknown, depth = 0): unknown {
  if (value instanceof Uint8Array) return toBase64(value)
  if (depth > 64 || typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map((v) => bytesToBase64(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = bytesToBase64(v, depth + 1)
  return out
}

/** A decode script's value: any JSON value; undefined (or a function, promise…) is coded. */
export function decodedValue(script: string, m: Marshalled): Shaped<unknown> {
  if (m.got === 'promise') return { ok: false, error: coded('script.async', { script }) }
  if (m.json === undefined)
    return { ok: false, error: coded('script.decode.noValue', { script, got: m.got }) }
  const value = revive(m)
  return { ok: true, value: m.buffers.length ? bytesToBase64(value) : value }
}

/** An encode script's bytes: bytes as they are, a string as UTF-8; anything else is coded. */
export function encodedBytes(script: string, m: Marshalled): Shaped<Uint8Array> {
  if (m.got === 'promise') return { ok: false, error: coded('script.async', { script }) }
  const value = revive(m)
  if (value instanceof Uint8Array) return { ok: true, value }
  if (typeof value === 'string') return { ok: true, value: utf8.encode(value) }
  return { ok: false, error: coded('script.encode.wrongShape', { script, got: m.got }) }
}

function kind(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (v instanceof Uint8Array) return 'bytes'
  return typeof v
}

/** A payload a responder gave: string → UTF-8, bytes as they are, other JSON values → JSON. */
function payloadOf(v: unknown): Uint8Array {
  if (v === undefined || v === null) return new Uint8Array(0)
  if (v instanceof Uint8Array) return v
  if (typeof v === 'string') return utf8.encode(v)
  return utf8.encode(JSON.stringify(v))
}

function userProperties(v: unknown): UserProperty[] | undefined {
  if (Array.isArray(v)) {
    const list = v.filter(
      (p): p is UserProperty =>
        typeof p === 'object' &&
        p !== null &&
        typeof (p as UserProperty).key === 'string' &&
        typeof (p as UserProperty).value === 'string',
    )
    return list.length === v.length ? list : undefined
  }
  if (typeof v !== 'object' || v === null) return undefined
  const out: UserProperty[] = []
  for (const [key, value] of Object.entries(v)) {
    const values: unknown[] = Array.isArray(value) ? value : [value]
    for (const one of values) {
      if (typeof one !== 'string') return undefined
      out.push({ key, value: one })
    }
  }
  return out
}

function properties(
  raw: unknown,
  fail: (property: string) => { ok: false; error: Coded },
): Shaped<PublishProperties | undefined> {
  if (raw === undefined || raw === null) return { ok: true, value: undefined }
  if (typeof raw !== 'object' || Array.isArray(raw)) return fail('properties')
  const r = raw as Record<string, unknown>
  const out: PublishProperties = {}
  for (const [key, v] of Object.entries(r)) {
    if (v === undefined || v === null) continue
    switch (key) {
      case 'contentType':
      case 'responseTopic':
        if (typeof v !== 'string') return fail(key)
        if (key === 'responseTopic' && validatePublishTopic(v) !== undefined) return fail(key)
        out[key] = v
        break
      case 'correlationData':
        if (v instanceof Uint8Array) out.correlationData = v
        else if (typeof v === 'string') out.correlationData = utf8.encode(v)
        else return fail(key)
        break
      case 'payloadFormatIndicator':
        if (typeof v !== 'boolean') return fail(key)
        out.payloadFormatIndicator = v
        break
      case 'messageExpiryInterval':
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff)
          return fail(key)
        out.messageExpiryInterval = v
        break
      case 'userProperties': {
        const list = userProperties(v)
        if (!list) return fail(key)
        out.userProperties = list
        break
      }
      default:
        return fail(key)
    }
  }
  return { ok: true, value: out }
}

function publishOf(script: string, raw: unknown, index: number): Shaped<ScriptPublish> {
  const bad = (code: string, extra: Record<string, string | number> = {}) => ({
    ok: false as const,
    error: coded(code, { script, index, ...extra }),
  })
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof Uint8Array)
    return bad('script.respond.notPublish', { got: kind(raw) })
  const r = raw as Record<string, unknown>
  if (typeof r.topic !== 'string' || validatePublishTopic(r.topic) !== undefined)
    return bad('script.respond.badTopic')
  const qos = r.qos ?? 0
  if (qos !== 0 && qos !== 1 && qos !== 2)
    return bad('script.respond.badQos', { got: typeof qos === 'number' ? qos : kind(qos) })
  const retain = r.retain ?? false
  if (typeof retain !== 'boolean') return bad('script.respond.badRetain', { got: kind(retain) })
  const props = properties(r.properties, (property) =>
    bad('script.respond.badProperty', { property }),
  )
  if (!props.ok) return props
  const known = new Set(['topic', 'payload', 'qos', 'retain', 'properties'])
  const unknown = Object.keys(r).find((k) => !known.has(k))
  if (unknown !== undefined) return bad('script.respond.unknownKey', { key: unknown })
  return {
    ok: true,
    value: {
      topic: r.topic,
      payload: payloadOf(r.payload),
      qos,
      retain,
      ...(props.value ? { properties: props.value } : {}),
    },
  }
}

/** A responder's publishes: nothing, one publish or a list of at most RESPONDER_PUBLISHES_PER_CALL. */
export function responderPublishes(script: string, m: Marshalled): Shaped<ScriptPublish[]> {
  if (m.got === 'promise') return { ok: false, error: coded('script.async', { script }) }
  if (m.got === 'undefined' || m.got === 'null') return { ok: true, value: [] }
  const value = revive(m)
  const list = Array.isArray(value) ? value : [value]
  if (list.length > RESPONDER_PUBLISHES_PER_CALL)
    return {
      ok: false,
      error: coded('script.respond.tooMany', {
        script,
        count: list.length,
        max: RESPONDER_PUBLISHES_PER_CALL,
      }),
    }
  const out: ScriptPublish[] = []
  for (let i = 0; i < list.length; i++) {
    const one = publishOf(script, list[i], i)
    if (!one.ok) return one
    out.push(one.value)
  }
  return { ok: true, value: out }
}
