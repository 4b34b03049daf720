/**
 * A responder: "when a message arrives on filter F, run this script's respond() and publish what
 * it returns". Pure model: the worker feeds it messages and a clock, and sends the publishes it
 * hands back through the session's publisher. It is rate-limited by a token bucket (a responder
 * answering its own filter would otherwise loop at wire speed; while the bucket is empty the
 * script is not even run), has an on/off switch, and keeps a bounded log of what it sent,
 * dropped or failed.
 */
import { coded, type Coded } from '../lib/coded'
import { topicMatches } from '../engine/topicFilter'
import {
  RESPONDER_BURST,
  RESPONDER_LOG_ENTRIES,
  RESPONDER_LOG_PREVIEW_BYTES,
  RESPONDER_PUBLISHES_PER_S,
} from '../engine/budgets'
import type { LoadedScript, ScriptMessage, ScriptPublish } from './types'

/** `capacity` tokens, refilled at `perSecond`; one token per publish. */
export class TokenBucket {
  readonly perSecond: number
  readonly capacity: number
  #tokens: number
  #at: number

  constructor(perSecond: number, capacity: number, now: number) {
    this.perSecond = perSecond
    this.capacity = capacity
    this.#tokens = capacity
    this.#at = now
  }

  #refill(now: number): void {
    if (now > this.#at) {
      this.#tokens = Math.min(
        this.capacity,
        this.#tokens + ((now - this.#at) * this.perSecond) / 1000,
      )
      this.#at = now
    }
  }

  /** Whole tokens available at `now`. */
  available(now: number): number {
    this.#refill(now)
    return Math.floor(this.#tokens)
  }

  /** Takes one token; false when none is left. */
  take(now: number): boolean {
    this.#refill(now)
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }
}

/** A bounded ring, oldest first out; counts what it pushed out. */
export class LogRing<T> {
  readonly capacity: number
  #items: T[] = []
  #start = 0
  evicted = 0

  constructor(capacity: number) {
    this.capacity = capacity
  }

  push(item: T): void {
    if (this.#items.length < this.capacity) {
      this.#items.push(item)
      return
    }
    this.#items[this.#start] = item
    this.#start = (this.#start + 1) % this.capacity
    this.evicted++
  }

  /** The newest entry, or undefined. */
  last(): T | undefined {
    if (this.#items.length === 0) return undefined
    const i = (this.#start + this.#items.length - 1) % this.#items.length
    return this.#items[i]
  }

  /** Entries oldest first. */
  entries(): T[] {
    return [...this.#items.slice(this.#start), ...this.#items.slice(0, this.#start)]
  }

  get size(): number {
    return this.#items.length
  }
}

/**
 * One entry of a responder's log. `seq` numbers entries in the order they were made, so a reader
 * that saw up to `seq` n takes only what came after (a 'dropped' entry may still grow in place:
 * the reader takes the last one it saw again).
 */
export type ResponderLogEntry =
  | {
      kind: 'sent'
      seq: number
      ts: number
      /** Topic of the message that triggered the response. */
      trigger: string
      topic: string
      qos: 0 | 1 | 2
      retain: boolean
      size: number
      /** The first RESPONDER_LOG_PREVIEW_BYTES of the payload. */
      preview: Uint8Array
      /** Set when the publish carries correlation data (a request/response answer). */
      correlated: boolean
    }
  /** Messages not answered, or publishes not sent, over the rate budget (consecutive ones add up). */
  | { kind: 'dropped'; seq: number; ts: number; trigger: string; count: number; reason: Coded }
  | { kind: 'failed'; seq: number; ts: number; trigger: string; error: Coded; logs: string[] }

export interface ResponderSpec {
  id: string
  /** The script whose respond() answers. */
  scriptId: string
  /** MQTT filter of the messages it answers. */
  filter: string
  enabled: boolean
}

export interface ResponderLimits {
  perSecond: number
  burst: number
  logEntries: number
}

export const DEFAULT_RESPONDER_LIMITS: ResponderLimits = {
  perSecond: RESPONDER_PUBLISHES_PER_S,
  burst: RESPONDER_BURST,
  logEntries: RESPONDER_LOG_ENTRIES,
}

export class Responder {
  readonly spec: ResponderSpec
  readonly log: LogRing<ResponderLogEntry>
  readonly counts = { triggered: 0, sent: 0, dropped: 0, failed: 0 }
  #bucket: TokenBucket
  readonly #name: string
  #seq = 0

  constructor(
    spec: ResponderSpec,
    scriptName: string,
    now: number,
    limits = DEFAULT_RESPONDER_LIMITS,
  ) {
    this.spec = { ...spec }
    this.#name = scriptName
    this.#bucket = new TokenBucket(limits.perSecond, limits.burst, now)
    this.log = new LogRing(limits.logEntries)
  }

  setEnabled(on: boolean): void {
    this.spec.enabled = on
  }

  /** A new rate limit; the bucket starts full again. The log and counts stay. */
  setLimits(perSecond: number, burst: number, now: number): void {
    this.#bucket = new TokenBucket(perSecond, burst, now)
  }

  /** Another filter to answer; the log and counts stay. */
  setFilter(filter: string): void {
    this.spec.filter = filter
  }

  /** Logs a failure found outside the script (a publish the session could not send). */
  logFailure(now: number, trigger: string, error: Coded): void {
    this.counts.failed++
    this.log.push({ kind: 'failed', seq: ++this.#seq, ts: now, trigger, error, logs: [] })
  }

  /** True when the responder is on and `topic` is one it answers. */
  matches(topic: string): boolean {
    return this.spec.enabled && topicMatches(this.spec.filter, topic)
  }

  #drop(now: number, trigger: string, n: number): void {
    this.counts.dropped += n
    const last = this.log.last()
    if (last?.kind === 'dropped' && last.trigger === trigger) {
      last.count += n
      last.ts = now
      return
    }
    const reason = coded('responder.rateLimited', {
      script: this.#name,
      perSecond: this.#bucket.perSecond,
    })
    this.log.push({ kind: 'dropped', seq: ++this.#seq, ts: now, trigger, count: n, reason })
  }

  /**
   * Answers `message` (which must match): runs the script while the budget has a token, and
   * returns the publishes to send now, each logged. Publishes beyond the budget are dropped.
   */
  handle(
    message: ScriptMessage,
    script: Pick<LoadedScript, 'respond'>,
    now: number,
  ): ScriptPublish[] {
    if (!this.matches(message.topic)) return []
    this.counts.triggered++
    if (this.#bucket.available(now) < 1) {
      this.#drop(now, message.topic, 1)
      return []
    }
    const result = script.respond(message)
    if (!result.ok) {
      this.counts.failed++
      this.log.push({
        kind: 'failed',
        seq: ++this.#seq,
        ts: now,
        trigger: message.topic,
        error: result.error,
        logs: result.logs,
      })
      return []
    }
    const out: ScriptPublish[] = []
    for (const p of result.value) {
      if (!this.#bucket.take(now)) {
        this.#drop(now, message.topic, result.value.length - out.length)
        break
      }
      out.push(p)
      this.counts.sent++
      this.log.push({
        kind: 'sent',
        seq: ++this.#seq,
        ts: now,
        trigger: message.topic,
        topic: p.topic,
        qos: p.qos,
        retain: p.retain,
        size: p.payload.length,
        preview: p.payload.slice(0, RESPONDER_LOG_PREVIEW_BYTES),
        correlated: p.properties?.correlationData !== undefined,
      })
    }
    return out
  }
}
