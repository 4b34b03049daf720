import type { IConnackPacket, MqttClient } from 'mqtt'
import {
  BROKER_CHECK_CONNECT_MS_LOOPBACK,
  BROKER_CHECK_CONNECT_MS_REMOTE,
  BROKER_CHECK_MAX_CLIENTS,
  BROKER_CHECK_PAYLOAD_BASE_MS_LOOPBACK,
  BROKER_CHECK_PAYLOAD_BASE_MS_REMOTE,
  BROKER_CHECK_PAYLOAD_RATE_LOOPBACK,
  BROKER_CHECK_PAYLOAD_RATE_REMOTE,
  BROKER_CHECK_REPLY_MS_LOOPBACK,
  BROKER_CHECK_REPLY_MS_REMOTE,
  BROKER_CHECK_SYS_MS_LOOPBACK,
  BROKER_CHECK_SYS_MS_REMOTE,
  BROKER_CHECK_TRAFFIC_BYTES_HEAVY,
  BROKER_CHECK_TRAFFIC_BYTES_LIGHT,
} from '../engine/budgets'
import { Evidence } from './evidence'
import type { ConnectFailure } from './probe'
import type { CheckId, CheckProfile, CheckTarget, ConnectFn, WebSocketCtor } from './types'

/** How long the check waits for things that should come; short on loopback. */
export interface Deadlines {
  connectMs: number
  replyMs: number
  sysMs: number
  payloadBaseMs: number
  /** bytes per second a payload step is given on top of its base. */
  payloadRate: number
}

/** True for ws://localhost, 127.x.x.x and [::1]. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname
    return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host)
  } catch {
    return false
  }
}

export function deadlinesFor(url: string): Deadlines {
  const loop = isLoopbackUrl(url)
  return {
    connectMs: loop ? BROKER_CHECK_CONNECT_MS_LOOPBACK : BROKER_CHECK_CONNECT_MS_REMOTE,
    replyMs: loop ? BROKER_CHECK_REPLY_MS_LOOPBACK : BROKER_CHECK_REPLY_MS_REMOTE,
    sysMs: loop ? BROKER_CHECK_SYS_MS_LOOPBACK : BROKER_CHECK_SYS_MS_REMOTE,
    payloadBaseMs: loop
      ? BROKER_CHECK_PAYLOAD_BASE_MS_LOOPBACK
      : BROKER_CHECK_PAYLOAD_BASE_MS_REMOTE,
    payloadRate: loop ? BROKER_CHECK_PAYLOAD_RATE_LOOPBACK : BROKER_CHECK_PAYLOAD_RATE_REMOTE,
  }
}

/** What the check created on the broker and must remove. */
export interface Ledger {
  retained: Set<string>
  sessions: Set<string>
}

/** What the reach checks learnt, for the checks after them. */
export interface BrokerFacts {
  /** The version the other checks use; undefined when the broker was not reached. */
  level?: 4 | 5
  /** A version the broker refused, and how. */
  refused: { 4?: ConnectFailure; 5?: ConnectFailure }
  /** CONNACK properties of an MQTT 5 connection (absent ones have their spec defaults). */
  connack5?: NonNullable<IConnackPacket['properties']>
}

/** State shared by all checks of one run. */
export class RunState {
  readonly prefix: string
  readonly ledger: Ledger = { retained: new Set(), sessions: new Set() }
  readonly facts: BrokerFacts = { refused: {} }
  readonly deadlines: Deadlines
  readonly trafficMax: number
  trafficUsed = 0
  openClients = 0
  readonly clients = new Set<MqttClient>()
  readonly connect: ConnectFn
  readonly target: CheckTarget
  readonly profile: CheckProfile
  readonly now: () => number
  readonly WebSocket: WebSocketCtor | undefined
  readonly #runId: string
  #clientSeq = 0

  constructor(
    connect: ConnectFn,
    target: CheckTarget,
    profile: CheckProfile,
    now: () => number,
    WebSocket: WebSocketCtor | undefined,
    randomBytes: (n: number) => Uint8Array,
  ) {
    this.connect = connect
    this.target = target
    this.profile = profile
    this.now = now
    this.WebSocket = WebSocket
    this.#runId = Array.from(randomBytes(4), (b) => b.toString(16).padStart(2, '0')).join('')
    this.prefix = `mqtt-scope-check/${this.#runId}/`
    this.deadlines = deadlinesFor(target.url)
    this.trafficMax = profile.heavy
      ? BROKER_CHECK_TRAFFIC_BYTES_HEAVY
      : BROKER_CHECK_TRAFFIC_BYTES_LIGHT
  }

  /** A client id MQTT 3.1.1 brokers must accept: ≤ 23 characters, letters and digits only. */
  nextClientId(): string {
    return `mqttscope${this.#runId}x${++this.#clientSeq}`
  }

  /** Topics of this run (also the `$`-topic twin of the prefix, and the broker's version). */
  isOurs(topic: string): boolean {
    return (
      topic.startsWith(this.prefix) ||
      topic.startsWith(`$${this.prefix}`) ||
      topic === '$SYS/broker/version'
    )
  }
}

/** What one check works with: the run's state, its own evidence, deadline and clients. */
export class CheckContext {
  readonly evidence: Evidence
  readonly id: CheckId | 'cleanup'
  readonly signal: AbortSignal
  readonly #run: RunState
  readonly #clients = new Set<MqttClient>()
  readonly #short: string

  constructor(run: RunState, id: CheckId | 'cleanup', signal: AbortSignal) {
    this.#run = run
    this.id = id
    this.signal = signal
    this.#short = id.slice(id.indexOf('.') + 1)
    this.evidence = new Evidence(run.now, run.prefix)
  }

  get connect(): ConnectFn {
    return this.#run.connect
  }
  get target(): CheckTarget {
    return this.#run.target
  }
  get profile(): CheckProfile {
    return this.#run.profile
  }
  get deadlines(): Deadlines {
    return this.#run.deadlines
  }
  get facts(): BrokerFacts {
    return this.#run.facts
  }
  get ledger(): Ledger {
    return this.#run.ledger
  }
  get prefix(): string {
    return this.#run.prefix
  }
  get WebSocket(): WebSocketCtor | undefined {
    return this.#run.WebSocket
  }
  /** The version the checks after reach use (reach sets it before they run). */
  get level(): 4 | 5 {
    return this.#run.facts.level ?? 4
  }
  now(): number {
    return this.#run.now()
  }

  /** A topic of this check under the run's prefix: `<prefix><check>/<suffix>`. */
  topic(suffix: string): string {
    return `${this.#run.prefix}${this.#short}/${suffix}`
  }

  clientId(): string {
    return this.#run.nextClientId()
  }

  isOurs(topic: string): boolean {
    return this.#run.isOurs(topic)
  }

  acquireClient(): boolean {
    if (this.#run.openClients >= BROKER_CHECK_MAX_CLIENTS) return false
    this.#run.openClients++
    return true
  }

  releaseClient(): void {
    this.#run.openClients--
  }

  /** Remembers a client so the check's end closes it whatever happened. */
  track(client: MqttClient): void {
    this.#clients.add(client)
    this.#run.clients.add(client)
  }

  countTraffic(bytes: number): void {
    this.#run.trafficUsed += bytes
  }

  trafficLeft(): number {
    return this.#run.trafficMax - this.#run.trafficUsed
  }

  /** Closes every client this check opened (abnormally if still open: it is over). */
  closeAll(): void {
    for (const client of this.#clients) {
      // A late socket error must not become an uncaught exception.
      client.on('error', () => undefined)
      if (!client.disconnected) client.end(true)
      this.#run.clients.delete(client)
    }
    this.#clients.clear()
  }
}
