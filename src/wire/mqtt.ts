/**
 * Wire types of an MQTT session: what the UI asks of a connection and what it hears back. Part of
 * `src/wire`, the one leaf both sides of the worker boundary import: it imports nothing of the app
 * but other wire modules, `lib/coded` and codec type names.
 */
import type { PublishFormat } from '../codecs/encode'
import type { ProtoRef } from './protobuf'
import type { Coded } from '../lib/coded'

export type QoS = 0 | 1 | 2
/** MQTT protocol level on the wire: 4 is MQTT 3.1.1, 5 is MQTT 5. */
export type ProtocolLevel = 4 | 5

/** Everything needed to open a connection. Passwords cross the thread boundary, never a URL. */
export interface ConnectOptions {
  url: string
  clientId: string
  username?: string
  password?: string
  protocolLevel: ProtocolLevel
  /** Seconds; 0 turns keep-alive off. */
  keepalive: number
  /** Clean start (MQTT 5) / clean session (3.1.1). */
  clean: boolean
  /** How long to wait for CONNACK after the socket opened, in ms. */
  connectTimeoutMs: number
  /** Pause between reconnect attempts after a connection that had succeeded was lost, in ms. */
  reconnectPeriodMs: number
  /** When the broker refuses MQTT 5 (as Aedes and RabbitMQ do), retry once with 3.1.1. */
  fallbackTo311: boolean
  /** MQTT 5 CONNECT properties. */
  properties?: ConnectProperties
  /** The pause doubles after each failed reconnect, up to this, in ms (default: no growth). */
  reconnectMaxMs?: number
  /** Reconnect attempts before giving up; 0 or absent: keep trying. */
  maxReconnectAttempts?: number
  /** Subscribe again after a reconnect when the broker kept no session (default true). */
  resubscribe?: boolean
  // Publish
  /** The Last Will the broker publishes when this connection ends without a normal DISCONNECT. */
  will?: WillOptions
}

export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting'

/** Connection status, sent whenever it changes (not gated by frames). */
export interface StatusMessage {
  type: 'status'
  state: ConnectionState
  /** Why the connection failed or was lost. */
  reason?: Coded
  /** Something worth saying that is not a failure, e.g. the fall-back to 3.1.1. */
  note?: Coded
  /** The protocol level actually in use once connected. */
  protocolLevel?: ProtocolLevel
  /** With `connected`: what the broker said in CONNACK. */
  connack?: ConnackInfo
  /** A line for the connection log (e.g. "resubscribed 2 filters", "attempt 3 of 10"). */
  event?: Coded
}

/** What a CONNACK told about the session and the broker (MQTT 5 properties when present). */
export interface ConnackInfo {
  sessionPresent: boolean
  assignedClientId?: string
  serverKeepAlive?: number
  maximumQoS?: number
  retainAvailable?: boolean
  maximumPacketSize?: number
  topicAliasMaximum?: number
  receiveMaximum?: number
  wildcardSubscriptionAvailable?: boolean
  sharedSubscriptionAvailable?: boolean
  subscriptionIdentifiersAvailable?: boolean
  sessionExpiryInterval?: number
  serverReference?: string
  responseInformation?: string
  reasonString?: string
}

/** MQTT 5 CONNECT properties the user can set (ignored with 3.1.1). */
export interface ConnectProperties {
  /** Seconds the broker keeps the session after the connection ends (0: until it ends). */
  sessionExpiryInterval?: number
  receiveMaximum?: number
  maximumPacketSize?: number
  topicAliasMaximum?: number
  requestResponseInformation?: boolean
  requestProblemInformation?: boolean
  userProperties?: UserProperty[]
}

/** A broker's answer to one subscription request. */ export type SubscribeResult =
  { ok: true; grantedQos: QoS } | { ok: false; reason: Coded }

/**
 * MQTT 5 Retain Handling: 0 the broker sends the matching retained messages on subscribing, 1
 * only when the subscription is new (not a repeat of one it holds), 2 never.
 */
export type RetainHandling = 0 | 1 | 2

/** The largest MQTT 5 Subscription Identifier (a variable byte integer; 0 is not allowed). */
export const SUBSCRIPTION_ID_MAX = 268_435_455

/**
 * A subscription's MQTT 5 options besides its QoS, each left out at its default. MQTT 3.1.1 has
 * none of them: on a 3.1.1 connection they are not sent. (Retain As Published is always on, see
 * `subscribeOptions`.)
 */
export interface SubscribeV5 {
  /** No Local: the broker does not send this connection's own publishes back to it. */
  noLocal?: true
  /** Retain Handling 1 or 2 (absent: 0). */
  retainHandling?: 1 | 2
  /** Subscription Identifier, 1 – SUBSCRIPTION_ID_MAX: the broker puts it on every message this subscription delivers. */
  id?: number
}

/** One MQTT 5 user property; a key may repeat. */
export interface UserProperty {
  key: string
  value: string
}

/** MQTT 5 PUBLISH properties (MQTT 3.1.1 carries none). */
export interface PublishProperties {
  contentType?: string
  /** True: the payload is UTF-8 text (payload format indicator 1). */
  payloadFormatIndicator?: boolean
  /** Seconds the broker keeps the message for subscribers that have not received it. */
  messageExpiryInterval?: number
  responseTopic?: string
  correlationData?: Uint8Array
  userProperties?: UserProperty[]
  topicAlias?: number
}

/** One message to publish, already expanded and encoded. */
export interface PublishMessage {
  topic: string
  payload: Uint8Array
  qos: QoS
  retain: boolean
  properties?: PublishProperties
}

/** MQTT 5 Will properties (MQTT 3.1.1 carries none). */
export interface WillProperties {
  /** Seconds the broker waits after the connection ended before publishing the Will. */
  willDelayInterval?: number
  messageExpiryInterval?: number
  contentType?: string
  payloadFormatIndicator?: boolean
  responseTopic?: string
  correlationData?: Uint8Array
  userProperties?: UserProperty[]
}

/** The Last Will of a connection. */
export interface WillOptions {
  topic: string
  payload: Uint8Array
  qos: QoS
  retain: boolean
  properties?: WillProperties
}
/**
 * The outcome of one publish: `ok` with the MQTT 5 reason code of PUBACK / PUBREC (0 for QoS 0 and
 * 3.1.1) and, when it is not 0, that code worded as `note`; or why it failed.
 */
export type PublishResult =
  | { ok: true; qos: QoS; reasonCode: number; note?: Coded }
  | { ok: false; reason: Coded; reasonCode?: number }

/** Progress of a repeat, sent at most every REPEAT_PROGRESS_MS and once when it ends. */
export interface RepeatProgress {
  repeatId: number
  /** Messages handed to the client so far. */
  published: number
  /** Sent (QoS 0) or acknowledged (QoS 1, 2). */
  succeeded: number
  failed: number
  done: boolean
  /** Why it ended early, or the last failure. */
  error?: Coded
}

/** A reply to a request (paired by correlation data in the worker). */
export interface RequestReply {
  reqId: number
  rttMs: number
  topic: string
  /** Up to REPLY_PREVIEW_BYTES of the reply. */
  payload: Uint8Array
  size: number
  /** The reply came after the request had timed out. */
  late: boolean
}

/** The answer to a Last Will test. */
export interface WillTestResult {
  ok: boolean
  reason: Coded
  willDelaySeconds: number
}

/** Part of a recording: NDJSON lines, one per message, and the running totals. */
export interface RecordChunk {
  /** UTF-8 NDJSON, whole lines (src/lib/messageRecords.ts). */
  data: Uint8Array
  /** Messages recorded so far, this chunk included. */
  messages: number
  /** Bytes of NDJSON produced so far, this chunk included. */
  bytes: number
  /** The last chunk: the recording stopped. */
  final: boolean
}

/**
 * The MQTT 5 PUBLISH properties of a received message, as MQTT.js parses them: a user property
 * key that repeats holds its values in an array, in wire order; several subscription
 * identifiers are an array too. Absent on MQTT 3.1.1 and when the message carried none.
 */
export interface MessageProperties {
  payloadFormatIndicator?: boolean
  messageExpiryInterval?: number
  topicAlias?: number
  responseTopic?: string
  /** A copy (the parser's buffer may be a view into a network chunk). */
  correlationData?: Uint8Array
  userProperties?: Record<string, string | string[]>
  subscriptionIdentifier?: number | number[]
  contentType?: string
}

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

/** Everything the composer holds; templates and history entries store the same shape. A repeat sends it to the worker, which builds every message. */
export interface PublishDraft {
  topic: string
  payload: string
  format: PublishFormat
  qos: QoS
  retain: boolean
  properties: DraftProperties
  /** Format `protobuf` in a repeat: the type bound to the topic when it started (the worker has no bindings). */
  protobuf?: ProtoRef
}
