/**
 * The publish composer's draft (what the user typed) and its turning into a message: topic
 * validation, variable expansion, payload encoding and MQTT 5 properties. Framework-free: the UI
 * builds single publishes with it, the worker builds every message of a repeat.
 */
import { encodePayload, utf8Bytes, type PublishFormat } from '../codecs/encode'
import type {
  ProtocolLevel,
  PublishMessage,
  PublishProperties,
  QoS,
  UserProperty,
  WillOptions,
  WillProperties,
} from './protocol'
import { expandVariables, type VarContext } from './templateVars'

/** MQTT 5 properties as typed in the form; numbers stay text until publish time. */
export interface DraftProperties {
  contentType: string
  payloadFormatIndicator: boolean
  /** Seconds; empty for none. */
  messageExpiry: string
  responseTopic: string
  /** Sent as UTF-8 bytes; variables such as {{uuid}} are expanded. */
  correlationData: string
  userProperties: UserProperty[]
  /** 1-65 535; empty for none. */
  topicAlias: string
}

/** Everything the composer holds; templates and history entries store the same shape. */
export interface PublishDraft {
  topic: string
  payload: string
  format: PublishFormat
  qos: QoS
  retain: boolean
  properties: DraftProperties
}

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

/** Why `topic` cannot be published to, or undefined when it can. */
export function validatePublishTopic(topic: string, what = 'topic'): string | undefined {
  if (topic.length === 0) return `Enter a ${what} to publish to.`
  if (topic.includes('+') || topic.includes('#'))
    return `A ${what} to publish to cannot contain "+" or "#": they are wildcards for subscriptions, so "${short(topic)}" is a filter, not a topic.`
  if (topic.includes('\u0000')) return `A ${what} cannot contain the null character (U+0000).`
  const bytes = utf8Bytes(topic).length
  if (bytes > MAX_TOPIC_BYTES)
    return `The ${what} is ${bytes.toLocaleString('en-US')} bytes of UTF-8; MQTT allows at most 65 535.`
  return undefined
}

/** A warning worth showing for a valid topic (it is still published). */
export function topicWarning(topic: string): string | undefined {
  if (topic.startsWith('$'))
    return 'Topics starting with "$" are reserved for the broker (like $SYS): most brokers ignore or refuse publishes to them, and "#" subscriptions do not see them.'
  return undefined
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}\u2026` : text
}

/** Which part of the form a build error is about. */
export type DraftField = 'topic' | 'payload' | 'properties'

export type BuildResult =
  | { ok: true; message: PublishMessage; warnings: string[] }
  | { ok: false; error: string; field: DraftField }

function expandField(
  text: string,
  ctx: VarContext,
  field: DraftField,
  label: string,
): { ok: true; text: string } | { ok: false; error: string; field: DraftField } {
  const r = expandVariables(text, ctx)
  return r.ok ? r : { ok: false, error: `${label}: ${r.error}`, field }
}

function parseInteger(text: string, min: number, max: number, label: string): number | string {
  const t = text.trim()
  if (!/^\d+$/.test(t))
    return `${label} must be a whole number from ${min} to ${max.toLocaleString('en-US')}.`
  const n = Number(t)
  if (n < min || n > max) return `${label} must be from ${min} to ${max.toLocaleString('en-US')}.`
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
): BuildResult {
  const topic = expandField(draft.topic, ctx, 'topic', 'Topic')
  if (!topic.ok) return topic
  const topicProblem = validatePublishTopic(topic.text)
  if (topicProblem) return { ok: false, error: topicProblem, field: 'topic' }
  const warnings: string[] = []
  const warning = topicWarning(topic.text)
  if (warning) warnings.push(warning)

  const payloadText = expandField(draft.payload, ctx, 'payload', 'Payload')
  if (!payloadText.ok) return payloadText
  const encoded = encodePayload(payloadText.text, draft.format)
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
    warnings.push('MQTT 3.1.1 has no properties: the MQTT 5 properties were not sent.')
    return { ok: true, message, warnings }
  }

  const props: PublishProperties = {}
  const fail = (error: string): BuildResult => ({ ok: false, error, field: 'properties' })
  if (p.contentType !== '') {
    const r = expandField(p.contentType, ctx, 'properties', 'Content type')
    if (!r.ok) return r
    props.contentType = r.text
  }
  if (p.payloadFormatIndicator) {
    if (
      draft.format === 'hex' ||
      draft.format === 'base64' ||
      draft.format === 'cbor' ||
      draft.format === 'msgpack'
    ) {
      const text = new TextDecoder('utf-8', { fatal: false }).decode(encoded.bytes)
      if (text.includes('\ufffd'))
        return fail(
          'The payload is marked as UTF-8 text (payload format indicator) but is not valid UTF-8: the broker would refuse it.',
        )
    }
    props.payloadFormatIndicator = true
  }
  if (p.messageExpiry.trim() !== '') {
    const n = parseInteger(p.messageExpiry, 0, 4_294_967_295, 'Message expiry')
    if (typeof n === 'string') return fail(n)
    props.messageExpiryInterval = n
  }
  if (p.responseTopic !== '') {
    const r = expandField(p.responseTopic, ctx, 'properties', 'Response topic')
    if (!r.ok) return r
    const problem = validatePublishTopic(r.text, 'response topic')
    if (problem) return fail(problem)
    props.responseTopic = r.text
  }
  if (p.correlationData !== '') {
    const r = expandField(p.correlationData, ctx, 'properties', 'Correlation data')
    if (!r.ok) return r
    props.correlationData = utf8Bytes(r.text)
  }
  const users: UserProperty[] = []
  for (const [i, u] of p.userProperties.entries()) {
    if (u.key === '' && u.value === '') continue
    if (u.key === '') return fail(`User property ${i + 1} has a value but no name.`)
    const k = expandField(u.key, ctx, 'properties', `User property ${i + 1}`)
    if (!k.ok) return k
    const v = expandField(u.value, ctx, 'properties', `User property ${i + 1}`)
    if (!v.ok) return v
    users.push({ key: k.text, value: v.text })
  }
  if (users.length > 0) props.userProperties = users
  if (p.topicAlias.trim() !== '') {
    const n = parseInteger(p.topicAlias, 1, 65_535, 'Topic alias')
    if (typeof n === 'string') return fail(n)
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
): { ok: true; will: WillOptions | undefined } | { ok: false; error: string } {
  if (!draft.enabled) return { ok: true, will: undefined }
  const fail = (error: string) => ({ ok: false as const, error: `Last Will: ${error}` })
  const problem = validatePublishTopic(draft.topic, 'Will topic')
  if (problem) return fail(problem)
  const props: WillProperties = {}
  if (draft.delay.trim() !== '') {
    const n = parseInteger(draft.delay, 0, 4_294_967_295, 'Will delay')
    if (typeof n === 'string') return fail(n)
    props.willDelayInterval = n
  }
  if (draft.expiry.trim() !== '') {
    const n = parseInteger(draft.expiry, 0, 4_294_967_295, 'Will message expiry')
    if (typeof n === 'string') return fail(n)
    props.messageExpiryInterval = n
  }
  if (draft.contentType !== '') props.contentType = draft.contentType
  if (draft.payloadFormatIndicator) props.payloadFormatIndicator = true
  if (draft.responseTopic !== '') {
    const p = validatePublishTopic(draft.responseTopic, 'Will response topic')
    if (p) return fail(p)
    props.responseTopic = draft.responseTopic
  }
  if (draft.correlationData !== '') props.correlationData = utf8Bytes(draft.correlationData)
  const users = draft.userProperties.filter((u) => u.key !== '' || u.value !== '')
  const nameless = users.findIndex((u) => u.key === '')
  if (nameless >= 0) return fail(`user property ${nameless + 1} has a value but no name.`)
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
