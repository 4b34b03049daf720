import type { IClientOptions, IPublishPacket, MqttClient } from 'mqtt'
import {
  RETAINED_SCAN_MAX_BYTES,
  RETAINED_SCAN_MAX_MS,
  RETAINED_SCAN_MAX_TOPICS,
  RETAINED_SCAN_QUIET_MS,
} from '../engine/budgets'
import { connackReason, subackReason, transportFailureReason } from '../engine/reasons'
import { coded, type Coded } from '../lib/coded'
import type { ConnectOptions, ProtocolLevel, PublishProperties, UserProperty } from '../wire/mqtt'
import type { RetainedMessage, RetainedScanResult } from '../wire/retained'
import { errorCode, errorText } from './transport'

/** Opens an MQTT.js client (the worker passes `mqtt.connect`). */
export type ScanConnectFn = (url: string, options: IClientOptions) => MqttClient

/** Limits of one scan; the defaults are the budgets. */
export interface ScanLimits {
  quietMs: number
  maxMs: number
  maxBytes: number
  maxTopics: number
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = {
  quietMs: RETAINED_SCAN_QUIET_MS,
  maxMs: RETAINED_SCAN_MAX_MS,
  maxBytes: RETAINED_SCAN_MAX_BYTES,
  maxTopics: RETAINED_SCAN_MAX_TOPICS,
}

/**
 * A scan that found at least this many may have been cut by the broker without a word: mosquitto
 * queues at most max_inflight_messages + max_queued_messages (20 + 1 000 by default) for one
 * client and drops the rest (measured over WebSocket: 1 020 of 3 000 at QoS 2, 999 at QoS 0;
 * asking for a larger MQTT 5 receive maximum made it 999 too).
 */
export const BROKER_QUEUE_HINT = 1_000

/** A running scan: its result, and a way to stop it (the result then says why). */
export interface ScanHandle {
  result: Promise<RetainedScanResult>
  cancel(reason: Coded): void
}

/** A client id for the scan: the user's with a suffix, so it never takes the user's session over. */
export function scanClientId(clientId: string, random: () => number = Math.random): string {
  const suffix = Math.floor(random() * 0xffffff)
    .toString(16)
    .padStart(6, '0')
  return `${clientId || 'mqtt-scope'}-rscan-${suffix}`
}

/**
 * The properties of a delivered message that belong to the message itself, in our shape.
 * Topic alias and subscription identifiers describe this one delivery, so they are left out: a
 * republished copy must not carry them.
 */
export function messageProperties(
  p: IPublishPacket['properties'] | undefined,
): PublishProperties | undefined {
  if (!p) return undefined
  const out: PublishProperties = {}
  if (p.contentType !== undefined) out.contentType = p.contentType
  if (p.payloadFormatIndicator) out.payloadFormatIndicator = true
  if (p.messageExpiryInterval !== undefined) out.messageExpiryInterval = p.messageExpiryInterval
  if (p.responseTopic !== undefined) out.responseTopic = p.responseTopic
  if (p.correlationData !== undefined) out.correlationData = new Uint8Array(p.correlationData)
  if (p.userProperties) {
    const list: UserProperty[] = []
    for (const [key, value] of Object.entries(p.userProperties)) {
      for (const v of Array.isArray(value) ? value : [value]) list.push({ key, value: String(v) })
    }
    if (list.length > 0) out.userProperties = list
  }
  return Object.keys(out).length > 0 ? out : undefined
}

/**
 * Lists the retained messages under `filter` with a client of its own: the user's subscriptions
 * neither hide nor add anything, and the broker sends every retained message it holds for the
 * filter right after SUBACK. The client has the connection's URL, credentials and protocol level,
 * its own client id, a clean start and no Will; it subscribes at QoS 2 so each message keeps the
 * QoS it was published with, keeps only deliveries with the retain flag (live traffic on the same
 * topics has it cleared), and stops when the broker has been quiet for `quietMs` after SUBACK,
 * or when a budget is reached (the result then says so).
 */
export function scanRetained(
  connect: ScanConnectFn,
  options: ConnectOptions,
  level: ProtocolLevel,
  filter: string,
  onProgress: (count: number, bytes: number) => void,
  limits: ScanLimits = DEFAULT_SCAN_LIMITS,
): ScanHandle {
  let settle: (result: RetainedScanResult) => void = () => undefined
  const result = new Promise<RetainedScanResult>((resolve) => (settle = resolve))
  const found = new Map<string, RetainedMessage>()
  let bytes = 0
  let subscribed = false
  let finished = false
  let quietTimer: ReturnType<typeof setTimeout> | undefined
  let lastError: string | undefined

  const client = connect(options.url, {
    clientId: scanClientId(options.clientId),
    username: options.username || undefined,
    password: options.password || undefined,
    protocolVersion: level,
    keepalive: options.keepalive > 0 ? options.keepalive : 30,
    clean: true,
    connectTimeout: options.connectTimeoutMs,
    reconnectPeriod: 0,
    resubscribe: false,
    queueQoSZero: false,
  })

  // The report runs only after the timeout, when everything below exists.
  const maxTimer = setTimeout(
    () => report(coded('retained.scanTimeBudget', { seconds: Math.round(limits.maxMs / 1000) })),
    limits.maxMs,
  )

  const finish = (outcome: RetainedScanResult) => {
    if (finished) return
    finished = true
    clearTimeout(quietTimer)
    clearTimeout(maxTimer)
    client.removeAllListeners()
    // Listeners are gone, but a late socket error must not become an uncaught exception.
    client.on('error', () => undefined)
    client.end(!client.connected)
    settle(outcome)
  }
  const report = (cut?: Coded) => {
    const hint =
      !cut && found.size >= BROKER_QUEUE_HINT
        ? coded('retained.mayBeIncomplete', { hint: BROKER_QUEUE_HINT, filter, found: found.size })
        : undefined
    const note = cut ?? hint
    finish({ ok: true, messages: [...found.values()], bytes, ...(note ? { cut: note } : {}) })
  }
  const quiet = () => {
    clearTimeout(quietTimer)
    quietTimer = setTimeout(() => report(), limits.quietMs)
  }

  client.on('connect', () => {
    const subOptions = level === 5 ? { qos: 2 as const, rh: 0 } : { qos: 2 as const }
    client.subscribe(filter, subOptions, (err, granted) => {
      if (finished) return
      const code = err ? (errorCode(err) ?? subackCodeOf(err)) : granted?.[0]?.qos
      if (err || code === undefined || code >= 0x80) {
        finish({
          ok: false,
          reason:
            code !== undefined && code >= 0x80
              ? coded('retained.scanSubRefused', { filter, reason: subackReason(code) })
              : coded('retained.scanSubFailed', { filter, error: errorText(err) }),
        })
        return
      }
      subscribed = true
      quiet()
    })
  })
  client.on('message', (topic, payload, packet) => {
    if (finished || !packet.retain) return
    const previous = found.get(topic)
    if (!previous && found.size >= limits.maxTopics) {
      report(coded('retained.scanTopicBudget', { count: limits.maxTopics }))
      return
    }
    if (bytes - (previous?.payload.byteLength ?? 0) + payload.byteLength > limits.maxBytes) {
      report(coded('retained.scanByteBudget', { bytes: limits.maxBytes }))
      return
    }
    bytes += payload.byteLength - (previous?.payload.byteLength ?? 0)
    // A copy: MQTT.js's buffer may be a view into a larger network buffer, and this one is
    // transferred to the UI as the backup.
    const properties = level === 5 ? messageProperties(packet.properties) : undefined
    found.set(topic, {
      topic,
      payload: new Uint8Array(payload),
      qos: packet.qos,
      ...(properties ? { properties } : {}),
    })
    onProgress(found.size, bytes)
    // Retained messages may also arrive before SUBACK is processed; the quiet time starts after it.
    if (subscribed) quiet()
  })
  client.on('error', (err) => {
    const code = errorCode(err)
    if (code !== undefined && !client.connected) {
      finish({
        ok: false,
        reason: coded('retained.scanRefused', { reason: connackReason(code) }),
      })
      return
    }
    lastError = errorText(err)
  })
  client.on('close', () => {
    if (finished) return
    const transport = transportFailureReason(options.url)
    finish({
      ok: false,
      reason: subscribed
        ? lastError
          ? coded('retained.scanClosedWith', { error: lastError })
          : coded('retained.scanClosed')
        : coded('retained.scanUnreachable', {
            reason: lastError
              ? coded('transport.withDetail', { reason: transport, detail: lastError })
              : transport,
          }),
    })
  })

  return {
    result,
    cancel: (reason: Coded) => finish({ ok: false, reason }),
  }
}

/** The refusing SUBACK code: MQTT.js rewraps the error and keeps the SUBACK on `err.packet`. */
function subackCodeOf(err: unknown): number | undefined {
  const granted = (err as { packet?: { granted?: unknown } } | undefined)?.packet?.granted
  if (!Array.isArray(granted)) return undefined
  const code: unknown = granted.find((c) => typeof c === 'number' && c >= 0x80)
  return typeof code === 'number' ? code : undefined
}
