import type { IClientOptions, IPublishPacket, MqttClient } from 'mqtt'
import {
  RETAINED_QOS_CHUNK,
  RETAINED_SCAN_MAX_BYTES,
  RETAINED_SCAN_MAX_MS,
  RETAINED_SCAN_MAX_TOPICS,
  RETAINED_SCAN_QUIET_MS,
} from '../engine/budgets'
import { connackReason, subackReason, transportFailureReason } from '../engine/reasons'
import { formatBytes, formatCount } from '../lib/format'
import type { ConnectOptions, ProtocolLevel, PublishProperties, UserProperty } from './protocol'
import type { RetainedMessage, RetainedScanResult } from './retainedProtocol'

/** Opens an MQTT.js client (the worker passes `mqtt.connect`). */
export type ScanConnectFn = (url: string, options: IClientOptions) => MqttClient

/** Limits of one scan; the defaults are the budgets. */
export interface ScanLimits {
  quietMs: number
  maxMs: number
  maxBytes: number
  maxTopics: number
  /** Exact topics per SUBSCRIBE of the QoS pass (below the broker's per-client queue). */
  qosChunk: number
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = {
  quietMs: RETAINED_SCAN_QUIET_MS,
  maxMs: RETAINED_SCAN_MAX_MS,
  maxBytes: RETAINED_SCAN_MAX_BYTES,
  maxTopics: RETAINED_SCAN_MAX_TOPICS,
  qosChunk: RETAINED_QOS_CHUNK,
}

/** A running scan: its result, and a way to stop it (the result then says why). */
export interface ScanHandle {
  result: Promise<RetainedScanResult>
  cancel(reason: string): void
}

function errorCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | undefined)?.code
  return typeof code === 'number' ? code : undefined
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message
  return typeof err === 'string' ? err : 'unknown error'
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
 * its own client id, a clean start and no Will, and keeps only deliveries with the retain flag
 * (live traffic on the same topics has it cleared).
 *
 * Two passes, because brokers cap what one subscription gets at QoS 1/2: mosquitto queues at most
 * max_inflight_messages + max_queued_messages (20 + 1 000 by default) and silently drops the rest.
 * 1. The filter at QoS 0, which no such queue limits: the list, the payloads and the properties.
 *    It ends when the broker has been quiet for `quietMs` after SUBACK.
 * 2. The topics found, as exact filters at QoS 2 in chunks of `qosChunk` (below that cap), so each
 *    message shows the QoS it was published with; a chunk ends when all its topics arrived (or
 *    after `quietMs` of silence, for topics cleared meanwhile).
 * A budget (time, bytes, topics) ends the scan early and the result says so.
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
  /** Topics whose published QoS the second pass has seen. */
  const qosKnown = new Set<string>()
  let bytes = 0
  let pass: 'connecting' | 'list' | 'qos' = 'connecting'
  let subscribed = false
  /** The chunk of the QoS pass in progress: topics not seen yet, and whether SUBACK came. */
  let waiting = new Set<string>()
  let chunkAcked = false
  /** What happens when the broker has been quiet for `quietMs`. */
  let afterQuiet: () => void = () => undefined
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
    () =>
      report(
        pass === 'qos'
          ? `The scan reached its time budget (${Math.round(limits.maxMs / 1000)} s) while reading QoS levels.`
          : `The scan stopped after ${Math.round(limits.maxMs / 1000)} s (the time budget) while the broker was still sending; the list may be incomplete.`,
      ),
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
  const report = (cut?: string) => {
    const messages = [...found.values()]
    const unknown = messages.length - qosKnown.size
    let note = cut
    if (unknown > 0) {
      // QoS 1 is the middle ground for a copy: acknowledged, and never more than the original.
      for (const m of messages) if (!qosKnown.has(m.topic)) m.qos = 1
      const qosNote = `The published QoS of ${formatCount(unknown)} of them is unknown (the broker did not send them at QoS 2); Undo republishes those at QoS 1.`
      note = note ? `${note} ${qosNote}` : qosNote
    }
    finish({ ok: true, messages, bytes, ...(note ? { cut: note } : {}) })
  }
  const armQuiet = () => {
    clearTimeout(quietTimer)
    quietTimer = setTimeout(() => afterQuiet(), limits.quietMs)
  }

  /** Pass 2: the next chunk of found topics at QoS 2, or the report when none is left. */
  const nextChunk = (queue: string[]) => {
    if (finished) return
    const chunk = queue.splice(0, limits.qosChunk)
    if (chunk.length === 0) {
      report()
      return
    }
    waiting = new Set(chunk)
    chunkAcked = false
    let over = false
    const done = () => {
      if (over || finished) return
      over = true
      clearTimeout(quietTimer)
      client.unsubscribe(chunk)
      nextChunk(queue)
    }
    afterQuiet = done
    const map: Record<string, { qos: 2 }> = {}
    for (const topic of chunk) map[topic] = { qos: 2 }
    client.subscribe(map, (err) => {
      if (finished) return
      if (err) {
        report(`Reading the QoS levels failed: ${errorText(err)}.`)
        return
      }
      chunkAcked = true
      if (waiting.size === 0) done()
      else armQuiet()
    })
  }

  client.on('connect', () => {
    pass = 'list'
    const subOptions = level === 5 ? { qos: 0 as const, rh: 0 } : { qos: 0 as const }
    client.subscribe(filter, subOptions, (err, granted) => {
      if (finished) return
      const code = err ? (errorCode(err) ?? subackCodeOf(err)) : granted?.[0]?.qos
      if (err || code === undefined || code >= 0x80) {
        finish({
          ok: false,
          reason:
            code !== undefined && code >= 0x80
              ? `The broker refused the scan's subscription to ${filter}: ${subackReason(code)}`
              : `The scan's subscription to ${filter} failed: ${errorText(err)}`,
        })
        return
      }
      subscribed = true
      afterQuiet = () => {
        pass = 'qos'
        // Pass 1's deliveries must not be taken for pass 2's: leave the filter first.
        client.unsubscribe(filter, () => nextChunk([...found.keys()]))
      }
      armQuiet()
    })
  })
  client.on('message', (topic, payload, packet) => {
    if (finished || !packet.retain) return
    if (pass === 'qos') {
      if (!waiting.delete(topic)) return
      const known = found.get(topic)
      if (known) {
        known.qos = packet.qos
        qosKnown.add(topic)
      }
      // The whole chunk arrived: no need to wait for silence.
      if (chunkAcked) {
        if (waiting.size === 0) afterQuiet()
        else armQuiet()
      }
      return
    }
    const previous = found.get(topic)
    if (!previous && found.size >= limits.maxTopics) {
      report(
        `The scan stopped at ${formatCount(limits.maxTopics)} topics (the topic budget); narrow the filter to see the rest.`,
      )
      return
    }
    if (bytes - (previous?.payload.byteLength ?? 0) + payload.byteLength > limits.maxBytes) {
      report(
        `The scan stopped at ${formatBytes(limits.maxBytes)} of payloads (the byte budget); narrow the filter to see the rest.`,
      )
      return
    }
    bytes += payload.byteLength - (previous?.payload.byteLength ?? 0)
    // A copy: MQTT.js's buffer may be a view into a larger network buffer, and this one is
    // transferred to the UI as the backup.
    const properties = level === 5 ? messageProperties(packet.properties) : undefined
    found.set(topic, {
      topic,
      payload: new Uint8Array(payload),
      qos: 0,
      ...(properties ? { properties } : {}),
    })
    onProgress(found.size, bytes)
    // Retained messages may also arrive before SUBACK is processed; the quiet time starts after it.
    if (subscribed) armQuiet()
  })
  client.on('error', (err) => {
    const code = errorCode(err)
    if (code !== undefined && !client.connected) {
      finish({
        ok: false,
        reason: `The broker refused the scan's connection: ${connackReason(code)}`,
      })
      return
    }
    lastError = errorText(err)
  })
  client.on('close', () => {
    if (finished) return
    const why = lastError ? ` (${lastError})` : ''
    finish({
      ok: false,
      reason: subscribed
        ? `The broker closed the scan's connection${why}; it may forbid this filter. Try a narrower filter.`
        : `The scan could not connect: ${transportFailureReason(options.url)}${why}`,
    })
  })

  return {
    result,
    cancel: (reason: string) => finish({ ok: false, reason }),
  }
}

/** The refusing SUBACK code: MQTT.js rewraps the error and keeps the SUBACK on `err.packet`. */
function subackCodeOf(err: unknown): number | undefined {
  const granted = (err as { packet?: { granted?: unknown } } | undefined)?.packet?.granted
  if (!Array.isArray(granted)) return undefined
  const code: unknown = granted.find((c) => typeof c === 'number' && c >= 0x80)
  return typeof code === 'number' ? code : undefined
}
