import type {
  IClientOptions,
  IClientPublishOptions,
  IClientSubscribeOptions,
  IConnackPacket,
  IPublishPacket,
  MqttClient,
  Packet,
} from 'mqtt'
import type { CheckContext } from './context'
import { describePacket } from './evidence'
import { TIMEOUT, within, type Timeout } from './wait'
import { BROKER_CHECK_MAX_IN_FLIGHT, BROKER_CHECK_MESSAGES_KEPT } from '../engine/budgets'

/** How a check client connects. */
export interface ProbeSpec {
  level: 4 | 5
  clientId: string
  /** Clean start / clean session (default true). Off: the session is put in the cleanup ledger. */
  clean?: boolean
  /** MQTT 5 CONNECT properties (session expiry, topic alias maximum, request/response info …). */
  properties?: NonNullable<IClientOptions['properties']>
  will?: NonNullable<IClientOptions['will']>
  /** Only count deliveries (throughput); nothing is kept and no evidence per message. */
  countOnly?: boolean
}

export type ConnectFailure =
  | { kind: 'refused'; code: number }
  | { kind: 'closed' }
  | { kind: 'timeout' }
  | { kind: 'tooManyClients' }

/** A delivery as a check looks at it (payloads over 256 bytes are kept as their size only). */
export interface Received {
  topic: string
  size: number
  text?: string
  qos: number
  retain: boolean
  dup: boolean
  properties?: IPublishPacket['properties']
  /** ms on the run's clock. */
  at: number
}

export type PublishOutcome =
  { ok: true; reasonCode?: number } | { ok: false; code?: number; closed?: boolean }

export type SubscribeOutcome = { ok: true; granted: number[] } | { ok: false; closed: boolean }

const TEXT_KEPT = 256
const decoder = new TextDecoder()

function errorCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | undefined)?.code
  return typeof code === 'number' ? code : undefined
}

/** SUBACK codes from MQTT.js's callback: a refusal comes as an error holding the SUBACK. */
function grantedOf(err: unknown, granted: readonly { qos: number }[] | undefined): number[] {
  const fromErr = (err as { packet?: { granted?: unknown } } | undefined)?.packet?.granted
  if (Array.isArray(fromErr)) return fromErr.filter((c): c is number => typeof c === 'number')
  return (granted ?? []).map((g) => g.qos)
}

/** One short-lived MQTT client of a check, with its deliveries, close and evidence. */
export class Probe {
  readonly client: MqttClient
  /** Set when CONNACK arrives (openProbe hands out only connected probes). */
  connack: IConnackPacket = { cmd: 'connack', sessionPresent: false }
  connackMs = 0
  wsOpenMs: number | undefined
  readonly received: Received[] = []
  /** Deliveries not kept (beyond the budget, or a counting client). */
  uncounted = 0
  count = 0
  /** The MQTT 5 DISCONNECT reason the broker sent, if it sent one. */
  disconnectCode: number | undefined
  closedAt: number | undefined
  readonly #ctx: CheckContext
  readonly #waiters = new Set<(m: Received) => void>()
  readonly #closeWaiters = new Set<() => void>()

  constructor(ctx: CheckContext, client: MqttClient) {
    this.#ctx = ctx
    this.client = client
  }

  get closed(): boolean {
    return this.closedAt !== undefined
  }

  /** Called by openProbe's listeners. */
  onMessage(m: Received, keep: boolean): void {
    this.count++
    if (keep && this.received.length < BROKER_CHECK_MESSAGES_KEPT) this.received.push(m)
    else this.uncounted++
    for (const w of [...this.#waiters]) w(m)
  }

  onClose(at: number): void {
    if (this.closedAt !== undefined) return
    this.closedAt = at
    for (const w of [...this.#closeWaiters]) w()
  }

  /** The first delivery (kept ones first) matching `pred`, or undefined at the deadline or close. */
  async message(pred: (m: Received) => boolean, ms: number): Promise<Received | undefined> {
    const kept = this.received.find(pred)
    if (kept) return kept
    if (this.closed) return undefined
    let waiter: ((m: Received) => void) | undefined
    let onClose: (() => void) | undefined
    const found = new Promise<Received | undefined>((resolve) => {
      waiter = (m) => {
        if (pred(m)) resolve(m)
      }
      onClose = () => resolve(undefined)
      this.#waiters.add(waiter)
      this.#closeWaiters.add(onClose)
    })
    try {
      const r = await within(found, ms, this.#ctx.signal)
      return r === TIMEOUT ? undefined : r
    } finally {
      if (waiter) this.#waiters.delete(waiter)
      if (onClose) this.#closeWaiters.delete(onClose)
    }
  }

  /** `promise`, or `onClose` as soon as the connection closes (MQTT.js keeps pending acks until end). */
  #orClose<T>(promise: Promise<T>, onClose: T): Promise<T> {
    if (this.closed) return Promise.resolve(onClose)
    let waiter: (() => void) | undefined
    const closed = new Promise<T>((resolve) => {
      waiter = () => resolve(onClose)
      this.#closeWaiters.add(waiter)
    })
    return Promise.race([promise, closed]).finally(() => {
      if (waiter) this.#closeWaiters.delete(waiter)
    })
  }

  /** Resolves true when the connection closes within `ms`. */
  async waitClose(ms: number): Promise<boolean> {
    if (this.closed) return true
    let onClose: (() => void) | undefined
    const closed = new Promise<true>((resolve) => {
      onClose = () => resolve(true)
      this.#closeWaiters.add(onClose)
    })
    try {
      return (await within(closed, ms, this.#ctx.signal)) === true
    } finally {
      if (onClose) this.#closeWaiters.delete(onClose)
    }
  }

  async subscribe(
    filters: string | Record<string, IClientSubscribeOptions>,
    options: IClientSubscribeOptions = { qos: 1 },
  ): Promise<SubscribeOutcome | Timeout> {
    if (this.closed) return { ok: false, closed: true }
    const done = new Promise<SubscribeOutcome>((resolve) => {
      const cb = (err: Error | null, granted?: { qos: number }[]) => {
        const codes = grantedOf(err, granted)
        if (err && codes.length === 0) resolve({ ok: false, closed: this.closed })
        else resolve({ ok: true, granted: codes })
      }
      if (typeof filters === 'string') this.client.subscribe(filters, options, cb)
      else this.client.subscribe(filters, cb)
    })
    return within(
      this.#orClose(done, { ok: false, closed: true }),
      this.#ctx.deadlines.replyMs,
      this.#ctx.signal,
    )
  }

  /** Publishes and waits for the acknowledgement (QoS 1/2) or the write (QoS 0). */
  async publish(
    topic: string,
    payload: string | Uint8Array,
    options: IClientPublishOptions = { qos: 1 },
    ms: number = this.#ctx.deadlines.replyMs,
  ): Promise<PublishOutcome | Timeout> {
    if (this.closed) return { ok: false, closed: true }
    this.#ctx.countTraffic(typeof payload === 'string' ? payload.length : payload.byteLength)
    const done = new Promise<PublishOutcome>((resolve) => {
      // MQTT.js's typings say Buffer; its writer takes any Uint8Array (no Buffer in a worker).
      const body = payload as unknown as Buffer
      try {
        this.client.publish(topic, body, options, (err, packet) => {
          if (err) {
            const code = errorCode(err)
            resolve({ ok: false, closed: this.closed, ...(code !== undefined ? { code } : {}) })
            return
          }
          const rc = (packet as { reasonCode?: unknown } | undefined)?.reasonCode
          resolve(typeof rc === 'number' ? { ok: true, reasonCode: rc } : { ok: true })
        })
      } catch {
        resolve({ ok: false, closed: this.closed })
      }
    })
    return within(
      this.#orClose<PublishOutcome>(done, { ok: false, closed: true }),
      ms,
      this.#ctx.signal,
    )
  }

  /**
   * Publishes each item with at most BROKER_CHECK_MAX_IN_FLIGHT (and the broker's receive
   * maximum) unacknowledged; `onSend` hears each one as it goes out.
   */
  async publishAll(
    items: readonly {
      topic: string
      payload: string | Uint8Array
      options: IClientPublishOptions
    }[],
    onSend: (index: number) => void = () => undefined,
  ): Promise<(PublishOutcome | Timeout)[]> {
    const window = Math.min(
      BROKER_CHECK_MAX_IN_FLIGHT,
      this.connack.properties?.receiveMaximum ?? BROKER_CHECK_MAX_IN_FLIGHT,
    )
    const results: (PublishOutcome | Timeout)[] = []
    let next = 0
    const lane = async () => {
      while (next < items.length) {
        const i = next++
        const item = items[i]
        if (!item) break
        onSend(i)
        results[i] = await this.publish(item.topic, item.payload, item.options)
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, window) }, lane))
    return results
  }

  /** A normal DISCONNECT (no Will), waiting briefly for the socket to close. */
  async end(): Promise<void> {
    if (this.closed) return
    const closed = this.waitClose(this.#ctx.deadlines.replyMs)
    this.client.end(false, {}, () => undefined)
    await closed.catch(() => undefined)
    if (!this.closed) this.kill()
  }

  /** Closes the socket without DISCONNECT: an abnormal close (the broker sends the Will). */
  kill(): void {
    this.client.end(true)
  }
}

/**
 * Opens a check client and waits for CONNACK. The WebSocket's `open` is timed when the context has
 * a WebSocket constructor. Every packet goes to the check's evidence.
 */
export async function openProbe(
  ctx: CheckContext,
  spec: ProbeSpec,
): Promise<{ ok: true; probe: Probe } | { ok: false; failure: ConnectFailure }> {
  if (!ctx.acquireClient()) return { ok: false, failure: { kind: 'tooManyClients' } }
  if (spec.clean === false) ctx.ledger.sessions.add(spec.clientId)
  const { target, deadlines } = ctx
  const started = ctx.now()
  let wsOpenAt: number | undefined
  const WS = ctx.WebSocket
  const options: IClientOptions = {
    clientId: spec.clientId,
    username: target.username || undefined,
    password: target.password || undefined,
    protocolVersion: spec.level,
    clean: spec.clean ?? true,
    // RabbitMQ closes a WebSocket that hears nothing for 60 s.
    keepalive: 30,
    connectTimeout: deadlines.connectMs,
    reconnectPeriod: 0,
    resubscribe: false,
    queueQoSZero: false,
    ...(spec.level === 5 && spec.properties ? { properties: spec.properties } : {}),
    ...(spec.will ? { will: spec.will } : {}),
    ...(WS
      ? {
          createWebsocket: (url: string, protocols: string[]) => {
            const socket = new WS(url, protocols)
            socket.addEventListener('open', () => (wsOpenAt ??= ctx.now()))
            return socket
          },
        }
      : {}),
  }
  const client = ctx.connect(target.url, options)
  ctx.track(client)
  // Created before CONNACK: queued messages may be parsed in the same tick as CONNACK.
  const probe = new Probe(ctx, client)
  let connected = false
  let released = false
  const release = () => {
    if (!released) ctx.releaseClient()
    released = true
  }
  client.on('packetsend', (p: Packet) => {
    if (!(spec.countOnly && p.cmd === 'publish')) ctx.evidence.add('out', describePacket(p, ctx))
  })
  client.on('packetreceive', (p: Packet) => {
    // Other clients' traffic (a `#` subscription on a busy broker) is not this check's evidence.
    const topic = p.cmd === 'publish' ? String(p.topic) : ''
    if (p.cmd === 'publish' && (spec.countOnly || (topic !== '' && !ctx.isOurs(topic)))) return
    ctx.evidence.add('in', describePacket(p, ctx))
  })
  client.on('disconnect', (p) => {
    probe.disconnectCode = p.reasonCode ?? 0
  })
  client.on('message', (topic, payload, packet) => {
    const at = ctx.now()
    if (spec.countOnly) {
      probe.onMessage({ topic, size: 0, qos: 0, retain: false, dup: false, at }, false)
      return
    }
    const m: Received = {
      topic,
      size: payload.byteLength,
      qos: packet.qos,
      retain: packet.retain,
      dup: packet.dup,
      at,
      ...(payload.byteLength <= TEXT_KEPT ? { text: decoder.decode(payload) } : {}),
      ...(packet.properties ? { properties: packet.properties } : {}),
    }
    probe.onMessage(m, ctx.isOurs(topic))
  })
  const outcome = new Promise<{ connack: IConnackPacket } | ConnectFailure>((resolve) => {
    client.once('connect', (connack) => {
      connected = true
      probe.connack = connack
      probe.connackMs = ctx.now() - started
      if (wsOpenAt !== undefined) probe.wsOpenMs = wsOpenAt - started
      resolve({ connack })
    })
    client.on('error', (err) => {
      const code = errorCode(err)
      if (code !== undefined && !client.connected) resolve({ kind: 'refused', code })
      else ctx.evidence.add('event', `error ${err.message}`)
    })
    client.on('close', () => {
      release()
      ctx.evidence.add('event', 'close')
      if (connected) probe.onClose(ctx.now())
      else resolve({ kind: 'closed' })
    })
  })
  const r = await within(outcome, deadlines.connectMs + 500, ctx.signal).catch((err: unknown) => {
    client.end(true)
    release()
    throw err
  })
  if (r === TIMEOUT || !('connack' in r)) {
    client.end(true)
    release()
    return { ok: false, failure: r === TIMEOUT ? { kind: 'timeout' } : r }
  }
  return { ok: true, probe }
}
