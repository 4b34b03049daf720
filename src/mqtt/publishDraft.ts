/**
 * The publish composer's draft (what the user typed) and its turning into a message: topic
 * validation, variable expansion, payload encoding and MQTT 5 properties. Framework-free: the UI
 * builds single publishes with it, the worker builds every message of a repeat.
 */
import { encodePayload, utf8Bytes, type ProtobufFor } from '../codecs/encode'
import { coded, type Coded } from '../lib/coded'
import type {
  DraftProperties,
  ProtocolLevel,
  PublishDraft,
  PublishMessage,
  PublishProperties,
  QoS,
  UserProperty,
  WillOptions,
  WillProperties,
} from '../wire/mqtt'
import { expandVariables, type VarContext } from './templateVars'

export type { DraftProperties, PublishDraft }

export const EMPTY_PROPERTIES: DraftProperties = {
  contentType: '',
  payloadFormatIndicator: false,
  messageExpiry: '',
  responseTopic: '',
  correlationData: '',
  userProperties: [],
  topicAlias: '',
}

export const EMPTY_DRAFT: PublishDraft = {
  topic: '',
  payload: '',
  format: 'text',
  qos: 0,
  retain: false,
  properties: EMPTY_PROPERTIES,
}

/** The most bytes of UTF-8 a topic may have (a two-byte length prefix on the wire). */
export const MAX_TOPIC_BYTES = 65_535

/** Which topic field a topic check is about (each has its own sentences). */
export type TopicField = 'topic' | 'responseTopic' | 'willTopic' | 'willResponseTopic'

/** Why `topic` cannot be published to, or undefined when it can. */
export function validatePublishTopic(topic: string, what: TopicField = 'topic'): Coded | undefined {
  if (topic.length === 0) return coded(`draft.${what}.empty`)
  if (topic.includes('+') || topic.includes('#'))
    return coded(`draft.${what}.wildcard`, { topic: short(topic) })
  if (topic.includes('\u0000')) return coded(`draft.${what}.nul`)
  const bytes = utf8Bytes(topic).length
  if (bytes > MAX_TOPIC_BYTES) return coded(`draft.${what}.tooLong`, { bytes })
  return undefined
}

/** A warning worth showing for a valid topic (it is still published). */
export function topicWarning(topic: string): Coded | undefined {
  if (topic.startsWith('$')) return coded('draft.reservedTopic')
  return undefined
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}\u2026` : text
}

/** Which part of the form a build error is about. */
export type DraftField = 'topic' | 'payload' | 'properties'

export type BuildResult =
  | { ok: true; message: PublishMessage; warnings: Coded[] }
  | { ok: false; error: Coded; field: DraftField }

/** The name of a form field inside a coded sentence (`field.<name>`, with `n` for numbered ones). */
function label(name: string, n?: number): Coded {
  return coded(`field.${name}`, n === undefined ? undefined : { n })
}

function expandField(
  text: string,
  ctx: VarContext,
  field: DraftField,
  name: Coded,
): { ok: true; text: string } | { ok: false; error: Coded; field: DraftField } {
  const r = expandVariables(text, ctx)
  return r.ok
    ? r
    : { ok: false, error: coded('draft.inField', { field: name, reason: r.error }), field }
}

function parseInteger(text: string, min: number, max: number, name: Coded): number | Coded {
  const t = text.trim()
  if (!/^\d+$/.test(t)) return coded('draft.wholeNumber', { field: name, min, max })
  const n = Number(t)
  if (n < min || n > max) return coded('draft.outOfRange', { field: name, min, max })
  return n
}

/** True when any MQTT 5 property is filled in. */
export function hasProperties(p: DraftProperties): boolean {
  return (
    p.contentType !== '' ||
    p.payloadFormatIndicator ||
    p.messageExpiry.trim() !== '' ||
    p.responseTopic !== '' ||
    p.correlationData !== '' ||
    p.userProperties.some((u) => u.key !== '' || u.value !== '') ||
    p.topicAlias.trim() !== ''
  )
}

/**
 * Turns a draft into a message: expands variables (one context for every field, so `{{uuid}}`
 * differs per occurrence but `{{counter}}` and `{{timestamp}}` agree), validates the topic,
 * encodes the payload and converts the properties. With MQTT 3.1.1 the properties are left out
 * and a warning says so.
 */
export function buildPublish(
  draft: PublishDraft,
  ctx: VarContext,
  protocolLevel: ProtocolLevel = 5,
  protobuf?: ProtobufFor,
): BuildResult {
  const topic = expandField(draft.topic, ctx, 'topic', label('topic'))
  if (!topic.ok) return topic
  const topicProblem = validatePublishTopic(topic.text)
  if (topicProblem) return { ok: false, error: topicProblem, field: 'topic' }
  const warnings: Coded[] = []
  const warning = topicWarning(topic.text)
  if (warning) warnings.push(warning)

  const payloadText = expandField(draft.payload, ctx, 'payload', label('payload'))
  if (!payloadText.ok) return payloadText
  let encoder
  if (draft.format === 'protobuf') {
    // The message type bound to the topic the message goes to (the user's own .proto, #16).
    const found = protobuf?.(topic.text)
    if (!found) return { ok: false, error: coded('protobuf.notBound'), field: 'payload' }
    if (!found.ok) return { ok: false, error: found.error, field: 'payload' }
    encoder = found.codec
  }
  const encoded = encodePayload(payloadText.text, draft.format, encoder)
  if (!encoded.ok) return { ok: false, error: encoded.error, field: 'payload' }

  const message: PublishMessage = {
    topic: topic.text,
    payload: encoded.bytes,
    qos: draft.qos,
    retain: draft.retain,
  }
  const p = draft.properties
  if (!hasProperties(p)) return { ok: true, message, warnings }
  if (protocolLevel !== 5) {
    warnings.push(coded('draft.noProperties311'))
    return { ok: true, message, warnings }
  }

  const props: PublishProperties = {}
  const fail = (error: Coded): BuildResult => ({ ok: false, error, field: 'properties' })
  if (p.contentType !== '') {
    const r = expandField(p.contentType, ctx, 'properties', label('contentType'))
    if (!r.ok) return r
    props.contentType = r.text
  }
  if (p.payloadFormatIndicator) {
    if (
      draft.format === 'hex' ||
      draft.format === 'base64' ||
      draft.format === 'cbor' ||
      draft.format === 'msgpack' ||
      draft.format === 'protobuf'
    ) {
      const text = new TextDecoder('utf-8', { fatal: false }).decode(encoded.bytes)
      if (text.includes('\ufffd')) return fail(coded('draft.notUtf8'))
    }
    props.payloadFormatIndicator = true
  }
  if (p.messageExpiry.trim() !== '') {
    const n = parseInteger(p.messageExpiry, 0, 4_294_967_295, label('messageExpiry'))
    if (typeof n !== 'number') return fail(n)
    props.messageExpiryInterval = n
  }
  if (p.responseTopic !== '') {
    const r = expandField(p.responseTopic, ctx, 'properties', label('responseTopic'))
    if (!r.ok) return r
    const problem = validatePublishTopic(r.text, 'responseTopic')
    if (problem) return fail(problem)
    props.responseTopic = r.text
  }
  if (p.correlationData !== '') {
    const r = expandField(p.correlationData, ctx, 'properties', label('correlationData'))
    if (!r.ok) return r
    props.correlationData = utf8Bytes(r.text)
  }
  const users: UserProperty[] = []
  for (const [i, u] of p.userProperties.entries()) {
    if (u.key === '' && u.value === '') continue
    if (u.key === '') return fail(coded('draft.userPropertyNoName', { n: i + 1 }))
    const k = expandField(u.key, ctx, 'properties', label('userProperty', i + 1))
    if (!k.ok) return k
    const v = expandField(u.value, ctx, 'properties', label('userProperty', i + 1))
    if (!v.ok) return v
    users.push({ key: k.text, value: v.text })
  }
  if (users.length > 0) props.userProperties = users
  if (p.topicAlias.trim() !== '') {
    const n = parseInteger(p.topicAlias, 1, 65_535, label('topicAlias'))
    if (typeof n !== 'number') return fail(n)
    props.topicAlias = n
  }
  return { ok: true, message: { ...message, properties: props }, warnings }
}

/** The Last Will part of the connection form, as typed. */
export interface WillDraft {
  enabled: boolean
  topic: string
  /** UTF-8 text. */
  payload: string
  qos: QoS
  retain: boolean
  /** Will delay interval in seconds; empty for none (MQTT 5). */
  delay: string
  /** Message expiry interval in seconds; empty for none (MQTT 5). */
  expiry: string
  contentType: string
  payloadFormatIndicator: boolean
  responseTopic: string
  correlationData: string
  userProperties: UserProperty[]
}

export const EMPTY_WILL: WillDraft = {
  enabled: false,
  topic: '',
  payload: '',
  qos: 0,
  retain: false,
  delay: '',
  expiry: '',
  contentType: '',
  payloadFormatIndicator: false,
  responseTopic: '',
  correlationData: '',
  userProperties: [],
}

/**
 * The Will to connect with, undefined when it is off, or why the form is wrong. MQTT 5 fields are
 * kept; the session leaves them out for MQTT 3.1.1.
 */
export function buildWill(
  draft: WillDraft,
): { ok: true; will: WillOptions | undefined } | { ok: false; error: Coded } {
  if (!draft.enabled) return { ok: true, will: undefined }
  const fail = (reason: Coded) => ({ ok: false as const, error: coded('will.invalid', { reason }) })
  const problem = validatePublishTopic(draft.topic, 'willTopic')
  if (problem) return fail(problem)
  const props: WillProperties = {}
  if (draft.delay.trim() !== '') {
    const n = parseInteger(draft.delay, 0, 4_294_967_295, label('willDelay'))
    if (typeof n !== 'number') return fail(n)
    props.willDelayInterval = n
  }
  if (draft.expiry.trim() !== '') {
    const n = parseInteger(draft.expiry, 0, 4_294_967_295, label('willExpiry'))
    if (typeof n !== 'number') return fail(n)
    props.messageExpiryInterval = n
  }
  if (draft.contentType !== '') props.contentType = draft.contentType
  if (draft.payloadFormatIndicator) props.payloadFormatIndicator = true
  if (draft.responseTopic !== '') {
    const p = validatePublishTopic(draft.responseTopic, 'willResponseTopic')
    if (p) return fail(p)
    props.responseTopic = draft.responseTopic
  }
  if (draft.correlationData !== '') props.correlationData = utf8Bytes(draft.correlationData)
  const users = draft.userProperties.filter((u) => u.key !== '' || u.value !== '')
  const nameless = users.findIndex((u) => u.key === '')
  if (nameless >= 0) return fail(coded('draft.userPropertyNoName', { n: nameless + 1 }))
  if (users.length > 0) props.userProperties = users.map((u) => ({ key: u.key, value: u.value }))
  const will: WillOptions = {
    topic: draft.topic,
    payload: utf8Bytes(draft.payload),
    qos: draft.qos,
    retain: draft.retain,
  }
  if (Object.keys(props).length > 0) will.properties = props
  return { ok: true, will }
}
