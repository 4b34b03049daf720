/**
 * Request / response on one connection: a request waits here, keyed by its correlation data, for
 * the reply that only the worker sees (the UI sees coalesced frames). Response topics are
 * subscribed once per broker session: when the broker kept no session (a new client, or a
 * reconnect without "session present") they are forgotten and subscribed again on the next use,
 * so replies keep arriving after a broker restart.
 */
import { MAX_LATE_REQUESTS, MAX_PENDING_REQUESTS, REPLY_PREVIEW_BYTES } from '../engine/budgets'
import { coded, type Coded } from '../lib/coded'
import type { ConnEvent } from '../wire/channel'
import type { PublishMessage, PublishResult } from '../wire/mqtt'
import { realClock, type Clock } from './clock'
import type { Outbox } from './outbox'
import type { PublishTransport } from './transport'

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

export class Requests {
  readonly #outbox: Outbox
  readonly #emit: (event: ConnEvent) => void
  readonly #clock: Clock
  readonly #requests = new Map<string, PendingRequest>()
  readonly #late = new Map<string, { reqId: number; sentAt: number }>()
  /** Response topics subscribed in the broker's current session: done, or waiting with callbacks. */
  readonly #responseSubs = new Map<string, true | ((error?: Coded) => void)[]>()

  constructor(outbox: Outbox, emit: (event: ConnEvent) => void, clock: Clock = realClock) {
    this.#outbox = outbox
    this.#emit = emit
    this.#clock = clock
  }

  /** Response topics this connection believes subscribed (tests). */
  get responseTopics(): string[] {
    return [...this.#responseSubs].filter(([, s]) => s === true).map(([t]) => t)
  }

  /**
   * The broker holds no subscription of ours any more (a new client, or a reconnect without a
   * kept session): response topics must be subscribed again before the next request.
   */
  sessionLost(): void {
    for (const waiters of this.#responseSubs.values())
      if (waiters !== true) for (const w of waiters) w(coded('publish.dropped'))
    this.#responseSubs.clear()
  }

  request(
    reqId: number,
    message: PublishMessage,
    timeoutMs: number,
    answer: (result: PublishResult) => void,
  ): void {
    const fail = (reason: Coded) => answer({ ok: false, reason })
    const transport = this.#outbox.transport
    if (!transport?.connected) return fail(coded('publish.notConnected'))
    if (transport.protocolLevel !== 5) return fail(coded('request.needsV5'))
    const responseTopic = message.properties?.responseTopic
    const correlation = message.properties?.correlationData
    if (!responseTopic || !correlation || correlation.length === 0)
      return fail(coded('request.needsResponseTopic'))
    if (this.#requests.size >= MAX_PENDING_REQUESTS)
      return fail(coded('request.tooMany', { count: MAX_PENDING_REQUESTS }))
    const key = hexKey(correlation)
    if (this.#requests.has(key)) return fail(coded('request.sameCorrelation'))
    this.#ensureResponseSub(transport, responseTopic, (error) => {
      if (error) return fail(coded('request.responseSubFailed', { topic: responseTopic, error }))
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
      this.#outbox.publish(message, (result) => {
        if (!result.ok && this.#requests.get(key) === pending) {
          this.#clock.clearTimeout(pending.timer)
          this.#requests.delete(key)
        }
        answer(result)
      })
    })
  }

  /** Every incoming message, in the worker's hot path: O(1) and nothing when no request waits. */
  onMessage(topic: string, payload: Uint8Array, correlationData: Uint8Array | undefined): void {
    if (!correlationData || (this.#requests.size === 0 && this.#late.size === 0)) return
    const key = hexKey(correlationData)
    const now = this.#clock.now()
    const reply = (reqId: number, sentAt: number, late: boolean) =>
      this.#emit({
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
    this.sessionLost()
    for (const r of this.#requests.values()) this.#clock.clearTimeout(r.timer)
    this.#requests.clear()
    this.#late.clear()
  }

  #timeout(pending: PendingRequest): void {
    if (this.#requests.get(pending.key) !== pending) return
    this.#requests.delete(pending.key)
    this.#late.set(pending.key, { reqId: pending.reqId, sentAt: pending.sentAt })
    if (this.#late.size > MAX_LATE_REQUESTS) {
      const oldest = this.#late.keys().next().value
      if (oldest !== undefined) this.#late.delete(oldest)
    }
    this.#emit({ type: 'requestTimeout', reqId: pending.reqId, timeoutMs: pending.timeoutMs })
  }

  #ensureResponseSub(
    transport: PublishTransport,
    topic: string,
    done: (error?: Coded) => void,
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
      if (this.#outbox.transport !== transport || this.#responseSubs.get(topic) !== waiters) return
      if (error) this.#responseSubs.delete(topic)
      else this.#responseSubs.set(topic, true)
      for (const w of waiters) w(error)
    })
  }
}
