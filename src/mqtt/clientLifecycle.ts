/**
 * One user connection's MQTT.js client over its life: the attempt (and the fall-back to 3.1.1
 * when a broker refuses MQTT 5), CONNACK, losses, and reconnects as `ReconnectPolicy` decides.
 * It reports what happened as coded statuses and tells the session core when a client is up,
 * when the broker kept no session, and when the client is gone.
 */
import type { IPublishPacket, MqttClient } from 'mqtt'
import {
  connackReason,
  disconnectReason,
  isProtocolVersionRefusal,
  transportFailureReason,
} from '../engine/reasons'
import { coded, type Coded } from '../lib/coded'
import type { ConnackInfo, ConnectOptions, ProtocolLevel, StatusMessage } from '../wire/mqtt'
import { clientOptions, connackInfo } from './clientOptions'
import { ReconnectPolicy } from './reconnectPolicy'
import type { ConnectFn } from './sessionCore'
import { errorCode, errorText } from './transport'

/** What the lifecycle tells the session core. */
export interface LifecycleHooks {
  status(status: Omit<StatusMessage, 'type'>): void
  /** A new client exists (not yet connected): publishes and jobs may attach to it. */
  attached(client: MqttClient, level: ProtocolLevel): void
  /** CONNACK arrived. `sessionPresent` false: the broker holds no subscription of ours. */
  connected(client: MqttClient, level: ProtocolLevel, info: ConnackInfo, reconnected: boolean): void
  message(topic: string, payload: Uint8Array, packet: IPublishPacket): void
  /** The client is gone for good (failed, ended, or replaced). */
  detached(reason: Coded): void
}

/** Why a live connection ended, given MQTT.js's error text. */
function lostReason(detail: string): Coded {
  return /keepalive timeout/i.test(detail)
    ? coded('session.keepaliveTimeout')
    : coded('session.lostWith', { error: detail })
}

/** Why a connection attempt ended before CONNACK, given MQTT.js's error text. */
function preConnackReason(options: ConnectOptions, detail: string): Coded {
  if (/connack timeout/i.test(detail))
    return coded('session.connackTimeout', {
      url: options.url,
      seconds: Math.round(options.connectTimeoutMs / 1000),
    })
  return coded('transport.withDetail', {
    reason: transportFailureReason(options.url),
    detail,
  })
}

export class ClientLifecycle {
  readonly #connect: ConnectFn
  readonly #hooks: LifecycleHooks
  #client: MqttClient | undefined
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined

  constructor(connect: ConnectFn, hooks: LifecycleHooks) {
    this.#connect = connect
    this.#hooks = hooks
  }

  get client(): MqttClient | undefined {
    return this.#client
  }

  /** Opens a new client (ending any previous one without a status). */
  start(options: ConnectOptions): void {
    this.#drop(coded('publish.replaced'))
    this.#attempt(options, options.protocolLevel, undefined)
  }

  /** Ends the client with a normal DISCONNECT (no Will). */
  stop(): void {
    const client = this.#client
    if (!client) {
      this.#hooks.status({ state: 'disconnected' })
      return
    }
    this.#release(coded('publish.dropped'))
    // A normal DISCONNECT; force after a short wait if the socket is already gone.
    client.end(false, {}, () => undefined)
    this.#hooks.status({ state: 'disconnected' })
  }

  /**
   * Ends the client so that the broker publishes the Will: MQTT 5 sends DISCONNECT with reason 4
   * ("disconnect with Will message"), MQTT 3.1.1 closes the socket without DISCONNECT.
   */
  endForWill(level: ProtocolLevel): void {
    const client = this.#client
    if (!client) return
    this.#release(coded('will.connectionEnded'))
    if (level === 5) client.end(false, { reasonCode: 4 }, () => undefined)
    else client.end(true)
  }

  /** Ends everything without a status (the connection is being closed). */
  dispose(): void {
    this.#drop(coded('session.closed'))
  }

  /** Forgets the current client: no more events from it reach the core. */
  #release(reason: Coded): MqttClient | undefined {
    clearTimeout(this.#reconnectTimer)
    const client = this.#client
    this.#client = undefined
    if (client) {
      client.removeAllListeners()
      // Listeners are gone, but a late socket error must not become an uncaught exception.
      client.on('error', () => undefined)
      this.#hooks.detached(reason)
    }
    return client
  }

  #drop(reason: Coded): void {
    this.#release(reason)?.end(true)
  }

  #fail(reason: Coded): void {
    this.#drop(reason)
    this.#hooks.status({ state: 'disconnected', reason })
  }

  #attempt(options: ConnectOptions, level: ProtocolLevel, note: Coded | undefined): void {
    this.#hooks.status({ state: 'connecting', ...(note ? { note } : {}) })
    const client = this.#connect(options.url, clientOptions(options, level))
    this.#client = client
    this.#hooks.attached(client, level)
    const policy = new ReconnectPolicy({
      periodMs: options.reconnectPeriodMs,
      ...(options.reconnectMaxMs !== undefined ? { maxMs: options.reconnectMaxMs } : {}),
      ...(options.maxReconnectAttempts !== undefined
        ? { maxAttempts: options.maxReconnectAttempts }
        : {}),
    })
    let everConnected = false
    let connectedAt = 0
    /** A CONNACK arrived since the last close (a failed reconnect attempt has none). */
    let upThisAttempt = false
    let serverCode: number | undefined
    let lastReason: Coded | undefined
    const current = () => this.#client === client

    client.on('connect', (connack) => {
      if (!current()) return
      const reconnected = everConnected
      const attempts = policy.attempts
      everConnected = true
      upThisAttempt = true
      connectedAt = Date.now()
      lastReason = undefined
      policy.connected()
      const info = connackInfo(connack)
      const base = reconnected
        ? coded('event.reconnected', { count: attempts })
        : coded('event.connected')
      const event = info.sessionPresent ? coded('event.sessionKept', { event: base }) : base
      this.#hooks.status({
        state: 'connected',
        protocolLevel: level,
        connack: info,
        event,
        ...(note ? { note } : {}),
      })
      this.#hooks.connected(client, level, info, reconnected)
    })
    client.on('message', (topic, payload, packet) => {
      if (current()) this.#hooks.message(topic, payload, packet)
    })
    client.on('error', (err) => {
      if (!current()) return
      const code = errorCode(err)
      if (code !== undefined && !everConnected) {
        // A CONNACK refusal: MQTT.js suppresses its own reconnect; we end the client here.
        if (level === 5 && options.fallbackTo311 && isProtocolVersionRefusal(code)) {
          this.#drop(coded('publish.replaced'))
          this.#attempt(options, 4, coded('session.fallback311'))
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
      const decision = policy.lost({
        reason: lastReason,
        serverCode,
        lastedMs: upThisAttempt ? Date.now() - connectedAt : undefined,
      })
      upThisAttempt = false
      serverCode = undefined
      lastReason = undefined
      if (!decision.retry) {
        this.#fail(decision.reason)
        return
      }
      const retry = {
        reason: decision.reason,
        attempt: decision.attempt,
        max: options.maxReconnectAttempts ?? 0,
        seconds: Math.round(decision.delayMs / 100) / 10,
      }
      this.#hooks.status({
        state: 'reconnecting',
        reason:
          retry.max > 0 ? coded('session.retryingOf', retry) : coded('session.retrying', retry),
        event: retry.max > 0 ? coded('event.lostOf', retry) : coded('event.lost', retry),
      })
      clearTimeout(this.#reconnectTimer)
      this.#reconnectTimer = setTimeout(() => {
        if (current()) client.reconnect()
      }, decision.delayMs)
    })
  }
}
