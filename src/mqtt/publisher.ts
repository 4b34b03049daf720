/**
 * The worker's publish side: single publishes with their PUBACK / PUBCOMP reason in words,
 * repeats (timed here because a dedicated worker's timers are not throttled in a background tab,
 * the main thread's are, to ≥ 1 s), and request / response pairing by correlation data (here
 * because only the worker sees every message; the UI sees coalesced frames). Framework-free:
 * the MQTT.js client is reached through `PublishTransport`, so tests drive it with a fake.
 */
import type { IClientOptions, IClientPublishOptions, MqttClient } from 'mqtt'
import { buildPublish, type PublishDraft } from './publishDraft'
import type {
  ProtocolLevel,
  PublishFromWorker,
  PublishMessage,
  PublishProperties,
  PublishResult,
  PublishToWorker,
  UserProperty,
  WillOptions,
} from './protocol'
import { liveContext } from './templateVars'

/** Repeat progress goes to the UI at most this often (plus once at the end), in ms. */
export const REPEAT_PROGRESS_MS = 100
/** The shortest repeat interval, in ms. */
export const REPEAT_MIN_INTERVAL_MS = 1
import {
  MAX_LATE_REQUESTS,
  MAX_PENDING_REQUESTS,
  REPEAT_MAX_IN_FLIGHT,
  REPLY_PREVIEW_BYTES,
} from '../engine/budgets'
export { MAX_LATE_REQUESTS, MAX_PENDING_REQUESTS, REPEAT_MAX_IN_FLIGHT, REPLY_PREVIEW_BYTES }

/** PUBACK / PUBREC / PUBCOMP reason codes (MQTT 5 §3.4.2.1) in words. */
const PUBLISH_REASONS: Record<number, string> = {
  0: 'success',
  16: 'no matching subscribers',
  128: 'unspecified error',
  131: 'implementation specific error',
  135: 'not authorized',
  144: 'topic name invalid',
  145: 'packet identifier in use',
  146: 'packet identifier not found',
  147: 'receive maximum exceeded',
  148: 'topic alias invalid',
  149: 'packet too large',
  151: 'quota exceeded',
  153: 'payload format invalid',
  154: 'retain not supported',
  155: 'QoS not supported',
}

/** A publish reason code in words, e.g. 16 → "no matching subscribers". */
export function publishReasonText(code: number): string {
  return PUBLISH_REASONS[code] ?? `reason code ${code}`
}

/** What the publisher needs of an MQTT client. */
export interface PublishTransport {
  readonly connected: boolean
  readonly protocolLevel: ProtocolLevel
  /** Publishes and reports once: sent (QoS 0), acknowledged, or refused. */
  publish(message: PublishMessage, done: (result: PublishResult) => void): void
  /** Subscribes at QoS 1; `done` gets the error, if any. */
  subscribe(filter: string, done: (error?: string) => void): void
}

/** Timers and clock, replaceable in tests. */
export interface PublisherClock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const realClock: PublisherClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message
  return typeof err === 'string' ? err : 'unknown error'
}

function groupUserProperties(list: UserProperty[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const { key, value } of list) {
    const had = out[key]
    out[key] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value]
  }
  return out
}

/** Our properties in MQTT.js's shape. Byte fields stay Uint8Array: mqtt-packet writes any view. */
export function toClientProperties(
  p: PublishProperties,
): NonNullable<IClientPublishOptions['properties']> {
  const out: NonNullable<IClientPublishOptions['properties']> = {}
  if (p.contentType !== undefined) out.contentType = p.contentType
  if (p.payloadFormatIndicator) out.payloadFormatIndicator = true
  if (p.messageExpiryInterval !== undefined) out.messageExpiryInterval = p.messageExpiryInterval
  if (p.responseTopic !== undefined) out.responseTopic = p.responseTopic
  if (p.correlationData !== undefined)
    out.correlationData = p.correlationData as unknown as NonNullable<typeof out.correlationData>
  if (p.userProperties?.length) out.userProperties = groupUserProperties(p.userProperties)
  if (p.topicAlias !== undefined) out.topicAlias = p.topicAlias
  return out
}

/** The Will in MQTT.js's shape; properties only for MQTT 5. */
export function toClientWill(
  will: WillOptions,
  level: ProtocolLevel,
): NonNullable<IClientOptions['will']> {
  const out: NonNullable<IClientOptions['will']> = {
    topic: will.topic,
    payload: will.payload as unknown as Buffer,
    qos: will.qos,
    retain: will.retain,
  }
  const p = will.properties
  if (level === 5 && p) {
    const props: NonNullable<typeof out.properties> = {}
    if (p.willDelayInterval !== undefined) props.willDelayInterval = p.willDelayInterval
    if (p.messageExpiryInterval !== undefined) props.messageExpiryInterval = p.messageExpiryInterval
    if (p.contentType !== undefined) props.contentType = p.contentType
    if (p.payloadFormatIndicator) props.payloadFormatIndicator = true
    if (p.responseTopic !== undefined) props.responseTopic = p.responseTopic
    if (p.correlationData !== undefined)
      props.correlationData = p.correlationData as unknown as NonNullable<
        typeof props.correlationData
      >
    if (p.userProperties?.length) props.userProperties = groupUserProperties(p.userProperties)
    if (Object.keys(props).length > 0) out.properties = props
  }
  return out
}

/**
 * A transport over an MQTT.js client. MQTT.js reports a PUBACK reason code ≥ 0x80 as an error but
 * swallows the success codes (0 and 16 "no matching subscribers"), so acks are also read from
 * `packetreceive`, which fires before the publish callback, keyed by packet id.
 */
export function mqttTransport(client: MqttClient, protocolLevel: ProtocolLevel): PublishTransport {
  const ackCodes = new Map<number, number>()
  client.on('packetreceive', (packet) => {
    if (packet.cmd === 'puback' || packet.cmd === 'pubrec') {
      const id = packet.messageId
      if (typeof id === 'number') ackCodes.set(id, packet.reasonCode ?? 0)
    }
  })
  return {
    get connected() {
      return client.connected
    },
    protocolLevel,
    publish(message, done) {
      const options: IClientPublishOptions = { qos: message.qos, retain: message.retain }
      if (protocolLevel === 5 && message.properties)
        options.properties = toClientProperties(message.properties)
      let answered = false
      const finish = (result: PublishResult) => {
        if (answered) return
        answered = true
        done(result)
      }
      try {
        client.publish(
          message.topic,
          message.payload as unknown as Buffer,
          options,
          (err, packet) => {
            const id = packet?.messageId
            const acked = typeof id === 'number' ? ackCodes.get(id) : undefined
            if (typeof id === 'number') ackCodes.delete(id)
            if (err) {
              const code = (err as { code?: unknown }).code
              const reasonCode = typeof code === 'number' ? code : undefined
              finish({
                ok: false,
                reason:
                  reasonCode !== undefined
                    ? `The broker refused the publish: ${publishReasonText(reasonCode)} (reason code ${reasonCode}).`
                    : `The publish failed: ${errorText(err)}`,
                ...(reasonCode !== undefined ? { reasonCode } : {}),
              })
              return
            }
            const reasonCode = message.qos === 0 ? 0 : (acked ?? 0)
            finish({
              ok: true,
              qos: message.qos,
              reasonCode,
              reason: publishReasonText(reasonCode),
            })
          },
        )
      } catch (err) {
        finish({ ok: false, reason: `The publish failed: ${errorText(err)}` })
      }
    },
    subscribe(filter, done) {
      client.subscribe(filter, { qos: 1 }, (err, granted) => {
        const code = granted?.[0]?.qos
        if (err) done(errorText(err))
        else if (code !== undefined && code >= 0x80)
          done(`the broker refused the subscription (reason code ${code})`)
        else done()
      })
    },
  }
}

interface Repeat {
  id: number
  draft: PublishDraft
  intervalMs: number
  count: number | null
  counterStart: number
  startedAt: number
  /** Ticks run so far (published or skipped). */
  ticks: number
  published: number
  succeeded: number
  failed: number
  inFlight: number
  error?: string
  timer: unknown
  progressTimer: unknown
  stopped: boolean
}

interface PendingRequest {
  reqId: number
  key: string
  sentAt: number
  timeoutMs: number
  timer: unknown
}

function hexKey(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += b.toString(16).padStart(2, '0')
  return s
}

const NOT_CONNECTED = 'Not connected: connect first.'

/** One per session; a new client is `attach`ed on every connection. */
export class Publisher {
  readonly #post: (message: PublishFromWorker) => void
  readonly #clock: PublisherClock
  #transport: PublishTransport | undefined
  /** Publishes waiting for their result, so a dropped connection can still answer them. */
  #pending = new Map<number, (result: PublishResult) => void>()
  #nextInternal = -1
  #repeats = new Map<number, Repeat>()
  #requests = new Map<string, PendingRequest>()
  #late = new Map<string, { reqId: number; sentAt: number }>()
  /** Response topics subscribed on the current client: done, or waiting with callbacks. */
  #responseSubs = new Map<string, true | ((error?: string) => void)[]>()

  constructor(post: (message: PublishFromWorker) => void, clock: PublisherClock = realClock) {
    this.#post = post
    this.#clock = clock
  }

  /** A new client (connection) took over. */
  attach(transport: PublishTransport): void {
    this.detach('The connection was replaced before the broker answered.')
    this.#transport = transport
  }

  /** The client is gone: unanswered publishes fail, repeats stop, requests time out as usual. */
  detach(reason = 'Disconnected before the broker answered.'): void {
    this.#transport = undefined
    for (const done of [...this.#pending.values()]) done({ ok: false, reason })
    this.#pending.clear()
    for (const repeat of [...this.#repeats.values()])
      this.#endRepeat(repeat, `Stopped after ${repeat.published}: disconnected.`)
    for (const waiters of this.#responseSubs.values())
      if (waiters !== true) for (const w of waiters) w('disconnected')
    this.#responseSubs.clear()
  }

  handle(msg: PublishToWorker): void {
    switch (msg.type) {
      case 'publish':
        this.#publish(msg.message, (result) =>
          this.#post({ type: 'published', reqId: msg.reqId, result }),
        )
        break
      case 'request':
        this.#request(msg.reqId, msg.message, msg.timeoutMs)
        break
      case 'repeatStart':
        this.#startRepeat(msg)
        break
      case 'repeatStop': {
        const repeat = this.#repeats.get(msg.repeatId)
        if (repeat) this.#endRepeat(repeat)
        break
      }
      case 'testWill':
        // The session core ends the connection; it owns the client.
        break
    }
  }

  /** Every incoming message, in the worker's hot path: O(1) and nothing when no request waits. */
  onMessage(topic: string, payload: Uint8Array, correlationData: Uint8Array | undefined): void {
    if (!correlationData || (this.#requests.size === 0 && this.#late.size === 0)) return
    const key = hexKey(correlationData)
    const now = this.#clock.now()
    const reply = (reqId: number, sentAt: number, late: boolean) =>
      this.#post({
        type: 'requestReply',
        reqId,
        rttMs: now - sentAt,
        topic,
        payload: payload.slice(0, REPLY_PREVIEW_BYTES),
        size: payload.length,
        late,
      })
    const pending = this.#requests.get(key)
    if (pending) {
      this.#clock.clearTimeout(pending.timer)
      this.#requests.delete(key)
      reply(pending.reqId, pending.sentAt, false)
      return
    }
    const late = this.#late.get(key)
    if (late) {
      this.#late.delete(key)
      reply(late.reqId, late.sentAt, true)
    }
  }

  /** Stops every timer. */
  dispose(): void {
    this.detach('The session ended.')
    for (const r of this.#requests.values()) this.#clock.clearTimeout(r.timer)
    this.#requests.clear()
    this.#late.clear()
  }

  #publish(message: PublishMessage, done: (result: PublishResult) => void): void {
    const transport = this.#transport
    if (!transport?.connected) {
      done({ ok: false, reason: NOT_CONNECTED })
      return
    }
    const id = this.#nextInternal--
    let answered = false
    const once = (result: PublishResult) => {
      if (answered) return
      answered = true
      this.#pending.delete(id)
      done(result)
    }
    this.#pending.set(id, once)
    transport.publish(message, once)
  }

  #request(reqId: number, message: PublishMessage, timeoutMs: number): void {
    const answer = (result: PublishResult) => this.#post({ type: 'published', reqId, result })
    const transport = this.#transport
    if (!transport?.connected) return answer({ ok: false, reason: NOT_CONNECTED })
    if (transport.protocolLevel !== 5)
      return answer({
        ok: false,
        reason:
          'Requests need MQTT 5 (response topic and correlation data are MQTT 5 properties); this connection uses MQTT 3.1.1.',
      })
    const responseTopic = message.properties?.responseTopic
    const correlation = message.properties?.correlationData
    if (!responseTopic || !correlation || correlation.length === 0)
      return answer({ ok: false, reason: 'A request needs a response topic and correlation data.' })
    if (this.#requests.size >= MAX_PENDING_REQUESTS)
      return answer({
        ok: false,
        reason: `${MAX_PENDING_REQUESTS} requests are already waiting for a reply; wait for them to time out.`,
      })
    const key = hexKey(correlation)
    if (this.#requests.has(key))
      return answer({
        ok: false,
        reason:
          'A request with the same correlation data is still waiting for its reply; use {{uuid}} in the correlation data to make each one unique.',
      })
    this.#ensureResponseSub(transport, responseTopic, (error) => {
      if (error)
        return answer({
          ok: false,
          reason: `Could not subscribe to the response topic ${responseTopic}: ${error}`,
        })
      // Waiting starts before the PUBLISH leaves, so even an instant reply finds its request.
      const pending: PendingRequest = {
        reqId,
        key,
        sentAt: this.#clock.now(),
        timeoutMs,
        timer: undefined,
      }
      pending.timer = this.#clock.setTimeout(() => this.#timeout(pending), timeoutMs)
      this.#requests.set(key, pending)
      this.#publish(message, (result) => {
        if (!result.ok && this.#requests.get(key) === pending) {
          this.#clock.clearTimeout(pending.timer)
          this.#requests.delete(key)
        }
        answer(result)
      })
    })
  }

  #timeout(pending: PendingRequest): void {
    if (this.#requests.get(pending.key) !== pending) return
    this.#requests.delete(pending.key)
    this.#late.set(pending.key, { reqId: pending.reqId, sentAt: pending.sentAt })
    if (this.#late.size > MAX_LATE_REQUESTS) {
      const oldest = this.#late.keys().next().value
      if (oldest !== undefined) this.#late.delete(oldest)
    }
    this.#post({ type: 'requestTimeout', reqId: pending.reqId, timeoutMs: pending.timeoutMs })
  }

  /** Subscribes to a response topic once per connection (MQTT.js resubscribes on reconnects). */
  #ensureResponseSub(
    transport: PublishTransport,
    topic: string,
    done: (error?: string) => void,
  ): void {
    const state = this.#responseSubs.get(topic)
    if (state === true) return done()
    if (state) {
      state.push(done)
      return
    }
    const waiters = [done]
    this.#responseSubs.set(topic, waiters)
    transport.subscribe(topic, (error) => {
      if (this.#transport !== transport || this.#responseSubs.get(topic) !== waiters) return
      if (error) this.#responseSubs.delete(topic)
      else this.#responseSubs.set(topic, true)
      for (const w of waiters) w(error)
    })
  }

  #startRepeat(msg: Extract<PublishToWorker, { type: 'repeatStart' }>): void {
    const repeat: Repeat = {
      id: msg.repeatId,
      draft: msg.draft,
      intervalMs: Math.max(REPEAT_MIN_INTERVAL_MS, msg.intervalMs),
      count: msg.count,
      counterStart: msg.counterStart,
      startedAt: this.#clock.now(),
      ticks: 0,
      published: 0,
      succeeded: 0,
      failed: 0,
      inFlight: 0,
      timer: undefined,
      progressTimer: undefined,
      stopped: false,
    }
    this.#repeats.set(repeat.id, repeat)
    if (!this.#transport?.connected) {
      this.#endRepeat(repeat, NOT_CONNECTED)
      return
    }
    this.#tick(repeat)
  }

  /**
   * One repeat step. The next step is aimed at `startedAt + ticks × interval`, not "interval after
   * this one", so the rate stays steady; after a stall it resumes from now instead of bursting.
   */
  #tick(repeat: Repeat): void {
    repeat.timer = undefined
    if (repeat.stopped) return
    const transport = this.#transport
    if (!transport?.connected) {
      this.#endRepeat(repeat, `Stopped after ${repeat.published}: the connection was lost.`)
      return
    }
    if (repeat.inFlight < REPEAT_MAX_IN_FLIGHT) {
      const counter = repeat.counterStart + repeat.published
      const built = buildPublish(repeat.draft, liveContext(counter), transport.protocolLevel)
      if (!built.ok) {
        this.#endRepeat(repeat, `Stopped after ${repeat.published}: ${built.error}`)
        return
      }
      repeat.published++
      repeat.inFlight++
      this.#publish(built.message, (result) => {
        repeat.inFlight--
        if (result.ok) repeat.succeeded++
        else {
          repeat.failed++
          repeat.error = result.reason
        }
        this.#progress(repeat)
      })
    }
    repeat.ticks++
    if (repeat.count !== null && repeat.published >= repeat.count) {
      this.#finishWhenSettled(repeat)
      return
    }
    const now = this.#clock.now()
    let due = repeat.startedAt + repeat.ticks * repeat.intervalMs
    if (due < now - repeat.intervalMs) {
      // More than a step behind (a stalled thread): resume the grid from now.
      repeat.startedAt = now - (repeat.ticks - 1) * repeat.intervalMs
      due = now
    }
    repeat.timer = this.#clock.setTimeout(() => this.#tick(repeat), Math.max(0, due - now))
  }

  #finishWhenSettled(repeat: Repeat): void {
    if (repeat.stopped) return
    if (repeat.inFlight === 0) {
      this.#endRepeat(repeat)
      return
    }
    repeat.timer = this.#clock.setTimeout(() => this.#finishWhenSettled(repeat), 20)
  }

  #progress(repeat: Repeat): void {
    if (repeat.stopped || repeat.progressTimer !== undefined) return
    repeat.progressTimer = this.#clock.setTimeout(() => {
      repeat.progressTimer = undefined
      if (!repeat.stopped) this.#postProgress(repeat, false)
    }, REPEAT_PROGRESS_MS)
  }

  #postProgress(repeat: Repeat, done: boolean): void {
    this.#post({
      type: 'repeatProgress',
      repeatId: repeat.id,
      published: repeat.published,
      succeeded: repeat.succeeded,
      failed: repeat.failed,
      done,
      ...(repeat.error !== undefined ? { error: repeat.error } : {}),
    })
  }

  #endRepeat(repeat: Repeat, error?: string): void {
    if (repeat.stopped) return
    repeat.stopped = true
    if (error !== undefined) repeat.error = error
    if (repeat.timer !== undefined) this.#clock.clearTimeout(repeat.timer)
    if (repeat.progressTimer !== undefined) this.#clock.clearTimeout(repeat.progressTimer)
    this.#repeats.delete(repeat.id)
    this.#postProgress(repeat, true)
  }
}

/** Reads MQTT.js's correlation data (a Buffer, a Uint8Array subclass) off a packet. */
export function correlationOf(packet: {
  properties?: { correlationData?: unknown }
}): Uint8Array | undefined {
  const c = packet.properties?.correlationData
  return c instanceof Uint8Array ? c : undefined
}
