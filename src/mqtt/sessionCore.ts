import type { IClientOptions, MqttClient } from 'mqtt'
import { Ingestor } from '../engine/Ingestor'
import {
  connackReason,
  disconnectReason,
  isProtocolVersionRefusal,
  subackReason,
  transportFailureReason,
} from '../engine/reasons'
import {
  type ChartView,
  type ConnectOptions,
  type ConnectionState,
  type Frame,
  type FromWorker,
  type ProtocolLevel,
  type QoS,
  type ToWorker,
} from './protocol'
import { correlationOf, mqttTransport, Publisher, toClientWill } from './publisher'

/** Opens an MQTT.js client; the worker passes `mqtt.connect`, tests may pass the same in Node. */
export type ConnectFn = (url: string, options: IClientOptions) => MqttClient

/** Sends a message to the UI thread, transferring the listed buffers. */
export type PostFn = (message: FromWorker, transfer: Transferable[]) => void

const FALLBACK_NOTE = 'The broker refused MQTT 5, so mqtt-scope connected with MQTT 3.1.1.'

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

  /** @param requestFrame asks the host for a frame soon (it sends one when the UI has its credit). */
  constructor(post: PostFn, connect: ConnectFn, requestFrame: () => void) {
    this.#post = post
    this.#connect = connect
    this.#schedule = requestFrame
    this.#publisher = new Publisher((message) => this.#post(message, []))
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
    }
  }

  /** Ends the client and the timers; the core cannot be used afterwards. */
  dispose(): void {
    this.#drop()
    this.#publisher.dispose()
  }

  #status(
    state: ConnectionState,
    extra: { reason?: string; note?: string; protocolLevel?: ProtocolLevel } = {},
  ): void {
    this.#post({ type: 'status', state, ...extra }, [])
  }

  #start(options: ConnectOptions): void {
    this.#drop()
    this.#options = options
    this.#generation++
    this.#ingestor = new Ingestor(this.#generation, Date.now())
    this.#ingestor.select(this.#selected)
    this.#ingestor.setChartViews(this.#chartViews, Date.now())
    this.#schedule()
    this.#attempt(options, options.protocolLevel, undefined)
  }

  /** Ends the current client without a status change (a new one replaces it, or we are done). */
  #drop(): void {
    const client = this.#client
    this.#client = undefined
    this.#publisher.detach()
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
      reconnectPeriod: options.reconnectPeriodMs,
      resubscribe: true,
      queueQoSZero: false,
      ...(options.will ? { will: toClientWill(options.will, level) } : {}),
    })
    this.#client = client
    this.#publisher.attach(mqttTransport(client, level))
    let everConnected = false
    let lastReason: string | undefined
    const current = () => this.#client === client

    client.on('connect', () => {
      if (!current()) return
      everConnected = true
      lastReason = undefined
      this.#status('connected', { protocolLevel: level, ...(note ? { note } : {}) })
    })
    client.on('message', (topic, payload, packet) => {
      const ingestor = this.#ingestor
      if (!current() || !ingestor) return
      ingestor.ingest(
        { topic, payload, qos: packet.qos, retain: packet.retain, dup: packet.dup },
        Date.now(),
      )
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
      lastReason = everConnected ? errorText(err) : preConnackReason(options, errorText(err))
    })
    client.on('disconnect', (packet) => {
      if (!current()) return
      lastReason = disconnectReason(packet.reasonCode ?? 0)
    })
    client.on('close', () => {
      if (!current()) return
      if (!everConnected) {
        this.#fail(lastReason ?? transportFailureReason(options.url))
        return
      }
      if (options.reconnectPeriodMs <= 0) {
        this.#fail(lastReason ?? 'The connection to the broker was lost.')
        return
      }
      this.#status('reconnecting', {
        reason: lastReason ?? 'The connection to the broker was lost; trying again.',
      })
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
    client.subscribe(filter, { qos }, (err, granted) => {
      const grantedQos = err ? undefined : granted?.[0]?.qos
      if (err || grantedQos === undefined || grantedQos >= 0x80) {
        const code = subackCode(err) ?? grantedQos
        const reason = code !== undefined && code >= 0x80 ? subackReason(code) : errorText(err)
        this.#post({ type: 'subscribed', reqId, result: { ok: false, reason } }, [])
        return
      }
      this.#post(
        { type: 'subscribed', reqId, result: { ok: true, grantedQos: grantedQos as QoS } },
        [],
      )
    })
  }

  #unsubscribe(reqId: number, filter: string): void {
    const client = this.#client
    if (!client?.connected) {
      this.#post({ type: 'unsubscribed', reqId }, [])
      return
    }
    client.unsubscribe(filter, {}, (err) => {
      this.#post({ type: 'unsubscribed', reqId, ...(err ? { error: errorText(err) } : {}) }, [])
    })
  }
}
