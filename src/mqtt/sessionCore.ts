import type { IClientOptions, IClientSubscribeOptions, IConnackPacket, MqttClient } from 'mqtt'
import { Ingestor } from '../engine/Ingestor'
import { keepProperties } from '../engine/messageProperties'
import {
  connackReason,
  disconnectReason,
  isProtocolVersionRefusal,
  subackReason,
  transportFailureReason,
} from '../engine/reasons'
import {
  type ChartView,
  type ConnackInfo,
  type ConnectOptions,
  type ConnectionState,
  type Frame,
  type FromWorker,
  type ProtocolLevel,
  type QoS,
  type ToWorker,
} from './protocol'
import {
  correlationOf,
  mqttTransport,
  Publisher,
  toClientWill,
  type PublishTransport,
} from './publisher'
import { BrokerDrops } from './brokerDrops'
import { RetainedJobs } from './retainedJobs'
import { Recorder } from './recorder'

/** Opens an MQTT.js client; the worker passes `mqtt.connect`, tests may pass the same in Node. */
export type ConnectFn = (url: string, options: IClientOptions) => MqttClient

/** Sends a message to the UI thread, transferring the listed buffers. */
export type PostFn = (message: FromWorker, transfer: Transferable[]) => void

const FALLBACK_NOTE = 'The broker refused MQTT 5, so mqtt-scope connected with MQTT 3.1.1.'

/** MQTT 5 DISCONNECT reason code "Session taken over". */
const SESSION_TAKEN_OVER = 142
/** A connection the broker closes sooner than this after CONNACK, with no reason, counts as a quick drop. */
const QUICK_DROP_MS = 5_000
const LIKELY_TAKEOVER =
  'The broker keeps closing this connection right after accepting it: another client is probably using the same client id. Two clients sharing one id keep disconnecting each other; give each its own id.'

function errorCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | undefined)?.code
  return typeof code === 'number' ? code : undefined
}

/** The refusing SUBACK code: MQTT.js rewraps the error and keeps the SUBACK on `err.packet`. */
function subackCode(err: unknown): number | undefined {
  const granted = (err as { packet?: { granted?: unknown } } | undefined)?.packet?.granted
  if (Array.isArray(granted)) {
    const code: unknown = granted.find((c) => typeof c === 'number' && c >= 0x80)
    if (typeof code === 'number') return code
  }
  return errorCode(err)
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message
  return typeof err === 'string' ? err : 'unknown error'
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`
}

/** MQTT.js's CONNECT properties from ours (only the ones set). */
function connectProperties(
  p: NonNullable<ConnectOptions['properties']>,
): IClientOptions['properties'] {
  const out: NonNullable<IClientOptions['properties']> = {}
  if (p.sessionExpiryInterval !== undefined) out.sessionExpiryInterval = p.sessionExpiryInterval
  if (p.receiveMaximum !== undefined) out.receiveMaximum = p.receiveMaximum
  if (p.maximumPacketSize !== undefined) out.maximumPacketSize = p.maximumPacketSize
  if (p.topicAliasMaximum !== undefined) out.topicAliasMaximum = p.topicAliasMaximum
  if (p.requestResponseInformation !== undefined)
    out.requestResponseInformation = p.requestResponseInformation
  if (p.requestProblemInformation !== undefined)
    out.requestProblemInformation = p.requestProblemInformation
  if (p.userProperties?.length) {
    // MQTT.js takes a key → value or values map; repeated keys become arrays.
    const props: Record<string, string | string[]> = {}
    for (const { key, value } of p.userProperties) {
      const prev = props[key]
      props[key] =
        prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value]
    }
    out.userProperties = props
  }
  return out
}

/** The CONNACK as the UI shows it. */
function connackInfo(connack: IConnackPacket): ConnackInfo {
  const p = connack.properties
  const info: ConnackInfo = { sessionPresent: connack.sessionPresent }
  if (!p) return info
  const set = <K extends keyof ConnackInfo>(key: K, value: ConnackInfo[K] | undefined) => {
    if (value !== undefined) info[key] = value
  }
  set('assignedClientId', p.assignedClientIdentifier)
  set('serverKeepAlive', p.serverKeepAlive)
  set('maximumQoS', p.maximumQoS)
  set('retainAvailable', p.retainAvailable)
  set('maximumPacketSize', p.maximumPacketSize)
  set('topicAliasMaximum', p.topicAliasMaximum)
  set('receiveMaximum', p.receiveMaximum)
  set('wildcardSubscriptionAvailable', p.wildcardSubscriptionAvailable)
  set('sharedSubscriptionAvailable', p.sharedSubscriptionAvailable)
  set('subscriptionIdentifiersAvailable', p.subscriptionIdentifiersAvailable)
  set('sessionExpiryInterval', p.sessionExpiryInterval)
  set('serverReference', p.serverReference)
  set('responseInformation', p.responseInformation)
  set('reasonString', p.reasonString)
  return info
}

/** Why a live connection ended, given MQTT.js's error text. */
function lostReason(detail: string): string {
  if (/keepalive timeout/i.test(detail))
    return 'Keep-alive timeout: the broker did not answer the ping in time, so the network or the broker stopped responding.'
  return detail
}

/** Why a connection attempt ended before CONNACK, given MQTT.js's error text. */
function preConnackReason(options: ConnectOptions, detail: string): string {
  if (/connack timeout/i.test(detail)) {
    const seconds = Math.round(options.connectTimeoutMs / 1000)
    return `The WebSocket at ${options.url} opened, but no MQTT broker answered within ${seconds} s (connack timeout). Check the path: /mqtt for EMQX and HiveMQ, / for Mosquitto, /ws for RabbitMQ.`
  }
  return `${transportFailureReason(options.url)} (${detail})`
}

/**
 * One connection: an MQTT.js client, its ingest engine and its publisher. The SessionHost runs
 * one per connection, in the worker (mqtt.worker.ts) or in-thread for tests, and takes their
 * frames (`takeFrame`) when the UI has returned its credit.
 */
export class SessionCore {
  readonly #post: PostFn
  readonly #connect: ConnectFn
  #client: MqttClient | undefined
  #ingestor: Ingestor | undefined
  #generation = 0
  // Publish
  readonly #publisher: Publisher
  #options: ConnectOptions | undefined
  #seq = 0
  #selected: number | undefined
  #chartViews: ChartView[] = []
  readonly #schedule: () => void
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined
  /** Filters the broker granted on this connection, sent again after a reconnect without session. */
  #granted = new Map<string, QoS>()
  // Retained messages: scans on clients of their own; clears and undos on this connection.
  readonly #retained: RetainedJobs
  #transport: PublishTransport | undefined
  /** "Record" is on: every message goes to the UI as NDJSON (across reconnects). */
  #recorder: Recorder | undefined
  /** The broker's own drop count, asked for by the app (not the user); rides in the totals. */
  readonly #brokerDrops = new BrokerDrops((figures) => this.#ingestor?.setBrokerFigures(figures))

  /** @param requestFrame asks the host for a frame soon (it sends one when the UI has its credit). */
  constructor(post: PostFn, connect: ConnectFn, requestFrame: () => void) {
    this.#post = post
    this.#connect = connect
    this.#schedule = requestFrame
    this.#publisher = new Publisher((message) => this.#post(message, []))
    this.#retained = new RetainedJobs((message, transfer) => this.#post(message, transfer), connect)
  }

  /** Everything that changed since the last frame, or undefined when nothing did. */
  takeFrame(now: number): Frame | undefined {
    const ingestor = this.#ingestor
    if (!ingestor) return undefined
    ingestor.tickRates(now)
    if (!ingestor.hasChanges(now)) return undefined
    return ingestor.buildFrame(now, ++this.#seq)
  }

  /** Handles one message from the UI thread. */
  handle(msg: ToWorker): void {
    switch (msg.type) {
      // Publish
      case 'publish':
      case 'request':
      case 'repeatStart':
      case 'repeatStop':
        this.#publisher.handle(msg)
        break
      case 'testWill':
        this.#testWill(msg.reqId)
        break
      case 'retainedScan':
      case 'retainedClear':
      case 'retainedRestore':
        this.#retained.handle(
          msg,
          this.#client && this.#options && this.#transport
            ? { options: this.#options, transport: this.#transport }
            : undefined,
        )
        break
      case 'connect':
        this.#start(msg.options)
        break
      case 'disconnect':
        this.#stop()
        break
      case 'subscribe':
        this.#subscribe(msg.reqId, msg.filter, msg.qos)
        break
      case 'unsubscribe':
        this.#unsubscribe(msg.reqId, msg.filter)
        break
      case 'select':
        this.#selected = msg.topicId
        this.#ingestor?.select(msg.topicId)
        this.#schedule()
        break
      case 'charts':
        this.#chartViews = msg.views
        this.#ingestor?.setChartViews(msg.views, Date.now())
        this.#schedule()
        break
      case 'fetchPayload': {
        const { payload, size } = this.#ingestor?.payloadOf(msg.topicId) ?? {
          payload: new Uint8Array(0),
          size: 0,
        }
        this.#post({ type: 'payloadBytes', reqId: msg.reqId, payload, size }, [payload.buffer])
        break
      }
      case 'exportSeries': {
        const { ts, vs } = this.#ingestor?.exportSeries(msg.key) ?? {
          ts: new Float64Array(0),
          vs: new Float64Array(0),
        }
        this.#post({ type: 'seriesExport', reqId: msg.reqId, ts, values: vs }, [
          ts.buffer,
          vs.buffer,
        ])
        break
      }
      case 'record':
        if (msg.on) {
          this.#recorder ??= this.#newRecorder()
        } else {
          // Stopping when not recording still answers with a final chunk, so the UI never waits.
          ;(this.#recorder ?? this.#newRecorder()).stop()
          this.#recorder = undefined
        }
        break
    }
  }

  /** Ends the client and the timers; the core cannot be used afterwards. */
  dispose(): void {
    this.#drop()
    this.#publisher.dispose()
    this.#recorder?.stop()
    this.#recorder = undefined
  }

  #newRecorder(): Recorder {
    return new Recorder((chunk, transfer) => this.#post({ type: 'recordChunk', chunk }, transfer))
  }

  #status(
    state: ConnectionState,
    extra: {
      reason?: string
      note?: string
      protocolLevel?: ProtocolLevel
      connack?: ConnackInfo
      event?: string
    } = {},
  ): void {
    this.#post({ type: 'status', state, ...extra }, [])
  }

  #start(options: ConnectOptions): void {
    this.#drop()
    this.#options = options
    this.#granted.clear()
    this.#generation++
    this.#ingestor = new Ingestor(this.#generation, Date.now())
    this.#ingestor.select(this.#selected)
    this.#ingestor.setChartViews(this.#chartViews, Date.now())
    this.#schedule()
    this.#attempt(options, options.protocolLevel, undefined)
  }

  /** Ends the current client without a status change (a new one replaces it, or we are done). */
  #drop(): void {
    clearTimeout(this.#reconnectTimer)
    const client = this.#client
    this.#client = undefined
    this.#publisher.detach()
    this.#retained.cancelAll('The connection ended before the retained messages were done.')
    if (client) {
      client.removeAllListeners()
      // Listeners are gone, but a late socket error must not become an uncaught exception.
      client.on('error', () => undefined)
      client.end(true)
    }
  }

  #attempt(options: ConnectOptions, level: ProtocolLevel, note: string | undefined): void {
    this.#status('connecting', note ? { note } : {})
    const client = this.#connect(options.url, {
      clientId: options.clientId,
      username: options.username || undefined,
      password: options.password || undefined,
      protocolVersion: level,
      keepalive: options.keepalive,
      clean: options.clean,
      connectTimeout: options.connectTimeoutMs,
      // Reconnects are scheduled here (with backoff and a limit), not by MQTT.js's fixed timer.
      reconnectPeriod: 0,
      // MQTT.js records filters for resubscribing only while its own reconnect timer is on;
      // this core resubscribes itself (see 'connect').
      resubscribe: false,
      queueQoSZero: false,
      ...(options.will ? { will: toClientWill(options.will, level) } : {}),
      ...(level === 5 && options.properties
        ? { properties: connectProperties(options.properties) }
        : {}),
    })
    this.#client = client
    this.#brokerDrops.attach(client, options.url)
    this.#transport = mqttTransport(client, level)
    this.#publisher.attach(this.#transport)
    let everConnected = false
    let attempts = 0
    let connectedAt = 0
    let quickDrops = 0
    let serverCode: number | undefined
    let lastReason: string | undefined
    const current = () => this.#client === client

    client.on('connect', (connack) => {
      if (!current()) return
      const reconnected = everConnected
      everConnected = true
      connectedAt = Date.now()
      lastReason = undefined
      const info = connackInfo(connack)
      let event = reconnected
        ? `reconnected after ${attempts} attempt${attempts === 1 ? '' : 's'}`
        : 'connected'
      if (info.sessionPresent) event += '; the broker kept the session'
      attempts = 0
      this.#status('connected', {
        protocolLevel: level,
        connack: info,
        event,
        ...(note ? { note } : {}),
      })
      if (reconnected && !info.sessionPresent && (options.resubscribe ?? true))
        this.#resubscribe(client, level)
    })
    client.on('message', (topic, payload, packet) => {
      const ingestor = this.#ingestor
      if (!current() || !ingestor) return
      const now = Date.now()
      if (this.#brokerDrops.take(topic, payload, ingestor.received, now, this.#granted.keys())) {
        this.#schedule()
        return
      }
      ingestor.ingest(
        {
          topic,
          payload,
          qos: packet.qos,
          retain: packet.retain,
          dup: packet.dup,
          properties: keepProperties(packet.properties),
        },
        now,
      )
      this.#recorder?.add(now, topic, payload, packet.qos, packet.retain)
      this.#publisher.onMessage(topic, payload, correlationOf(packet))
      this.#schedule()
    })
    client.on('error', (err) => {
      if (!current()) return
      const code = errorCode(err)
      if (code !== undefined && !everConnected) {
        // A CONNACK refusal: MQTT.js suppresses its own reconnect; we end the client here.
        if (level === 5 && options.fallbackTo311 && isProtocolVersionRefusal(code)) {
          this.#drop()
          this.#attempt(options, 4, FALLBACK_NOTE)
          return
        }
        this.#fail(connackReason(code))
        return
      }
      // Before CONNACK, MQTT.js's own words ("connect ECONNREFUSED", "connack timeout") say
      // little; lead with what to check and keep them as detail.
      lastReason = everConnected
        ? lostReason(errorText(err))
        : preConnackReason(options, errorText(err))
    })
    client.on('disconnect', (packet) => {
      if (!current()) return
      serverCode = packet.reasonCode ?? 0
      lastReason = disconnectReason(serverCode)
    })
    client.on('close', () => {
      if (!current()) return
      if (!everConnected) {
        this.#fail(lastReason ?? transportFailureReason(options.url))
        return
      }
      // Reconnecting after "session taken over" would push the other client off in turn, and
      // so on forever: stop and say why.
      if (serverCode === SESSION_TAKEN_OVER) {
        this.#fail(lastReason ?? disconnectReason(SESSION_TAKEN_OVER))
        return
      }
      // Brokers that send no DISCONNECT (MQTT 3.1.1, Mosquitto before 2.0.15) just close the old
      // connection when a client with the same id arrives. Closes right after each connect,
      // with no reason given, are the sign of it.
      const lasted = Date.now() - connectedAt
      quickDrops = lastReason === undefined && lasted < QUICK_DROP_MS ? quickDrops + 1 : 0
      if (quickDrops >= 2) lastReason = LIKELY_TAKEOVER
      serverCode = undefined
      const lost = lastReason ?? 'The connection to the broker was lost.'
      const max = options.maxReconnectAttempts ?? 0
      if (options.reconnectPeriodMs <= 0) {
        this.#fail(lost)
        return
      }
      if (max > 0 && attempts >= max) {
        this.#fail(
          `${lost} Gave up after ${attempts} reconnect attempt${attempts === 1 ? '' : 's'}.`,
        )
        return
      }
      attempts++
      const delay = Math.min(
        Math.max(options.reconnectMaxMs ?? 0, options.reconnectPeriodMs),
        options.reconnectPeriodMs * 2 ** (attempts - 1),
      )
      const of = max > 0 ? ` of ${max}` : ''
      this.#status('reconnecting', {
        reason: `${lost} Trying again in ${formatSeconds(delay)} (attempt ${attempts}${of}).`,
        event: `lost: ${lost} Attempt ${attempts}${of} in ${formatSeconds(delay)}.`,
      })
      clearTimeout(this.#reconnectTimer)
      this.#reconnectTimer = setTimeout(() => {
        if (current()) client.reconnect()
      }, delay)
    })
  }

  #fail(reason: string): void {
    this.#drop()
    this.#status('disconnected', { reason })
  }

  #stop(): void {
    const client = this.#client
    if (!client) {
      this.#status('disconnected')
      return
    }
    this.#client = undefined
    this.#publisher.detach()
    this.#retained.cancelAll('Disconnected before the retained messages were done.')
    client.removeAllListeners()
    client.on('error', () => undefined)
    // A normal DISCONNECT (no Will); force after a short wait if the socket is already gone.
    client.end(false, {}, () => undefined)
    this.#status('disconnected')
  }

  // Publish
  /**
   * Ends the connection so that the broker publishes the Will: MQTT 5 sends DISCONNECT with
   * reason 4 ("disconnect with Will message"), MQTT 3.1.1 closes the socket without DISCONNECT.
   */
  #testWill(reqId: number): void {
    const answer = (ok: boolean, reason: string, willDelaySeconds = 0) =>
      this.#post({ type: 'willTested', reqId, ok, reason, willDelaySeconds }, [])
    const client = this.#client
    const will = this.#options?.will
    if (!client?.connected) return answer(false, 'Not connected: connect with a Last Will first.')
    if (!will)
      return answer(
        false,
        'This connection has no Last Will: fill in the Last Will section, then connect again.',
      )
    const level = client.options.protocolVersion === 5 ? 5 : 4
    const delay = level === 5 ? (will.properties?.willDelayInterval ?? 0) : 0
    this.#client = undefined
    this.#publisher.detach('The connection was ended for the Last Will test.')
    client.removeAllListeners()
    client.on('error', () => undefined)
    if (level === 5) client.end(false, { reasonCode: 4 }, () => undefined)
    else client.end(true)
    const how =
      level === 5
        ? 'ended with DISCONNECT reason 4 ("disconnect with Will message")'
        : 'closed without a DISCONNECT'
    const when = delay > 0 ? ` after its Will delay of ${delay} s` : ''
    const reason = `Last Will test: the connection was ${how}, so the broker publishes the Will to ${will.topic}${when}.`
    this.#status('disconnected', { reason })
    answer(true, reason, delay)
  }

  #subscribe(reqId: number, filter: string, qos: QoS): void {
    const client = this.#client
    if (!client?.connected) {
      this.#post(
        {
          type: 'subscribed',
          reqId,
          result: { ok: false, reason: 'Not connected: connect first, then subscribe.' },
        },
        [],
      )
      return
    }
    client.subscribe(filter, subscribeOptions(client, qos), (err, granted) => {
      const grantedQos = err ? undefined : granted?.[0]?.qos
      if (err || grantedQos === undefined || grantedQos >= 0x80) {
        const code = subackCode(err) ?? grantedQos
        const reason = code !== undefined && code >= 0x80 ? subackReason(code) : errorText(err)
        this.#post({ type: 'subscribed', reqId, result: { ok: false, reason } }, [])
        return
      }
      this.#granted.set(filter, qos)
      this.#post(
        { type: 'subscribed', reqId, result: { ok: true, grantedQos: grantedQos as QoS } },
        [],
      )
    })
  }

  /** Sends every granted filter again (the broker kept no session); the log says how it went. */
  #resubscribe(client: MqttClient, level: ProtocolLevel): void {
    if (this.#granted.size === 0) return
    const map: Record<string, IClientSubscribeOptions> = {}
    for (const [filter, qos] of this.#granted) map[filter] = subscribeOptions(client, qos)
    const n = this.#granted.size
    client.subscribe(map, (err) => {
      if (this.#client !== client) return
      this.#status('connected', {
        protocolLevel: level,
        event: err
          ? `resubscribing failed: ${errorText(err)}`
          : `resubscribed ${n} filter${n === 1 ? '' : 's'}`,
      })
    })
  }

  #unsubscribe(reqId: number, filter: string): void {
    const client = this.#client
    if (!client?.connected) {
      this.#post({ type: 'unsubscribed', reqId }, [])
      return
    }
    this.#granted.delete(filter)
    client.unsubscribe(filter, {}, (err) => {
      this.#post({ type: 'unsubscribed', reqId, ...(err ? { error: errorText(err) } : {}) }, [])
    })
  }
}

/**
 * On MQTT 5, Retain As Published: the broker passes on the publisher's retain flag, so the tree's
 * `retained` marker also shows a retained message that arrived live (without it, every live
 * delivery has retain 0 and the marker would only show the copies sent on subscribing).
 */
function subscribeOptions(client: MqttClient, qos: QoS): IClientSubscribeOptions {
  return client.options.protocolVersion === 5 ? { qos, rap: true } : { qos }
}
