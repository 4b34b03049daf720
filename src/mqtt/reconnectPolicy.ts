/**
 * When a connection that was up is lost: try again (after how long, which attempt) or give up,
 * and why. Pure: the session feeds it what happened and schedules what it says.
 */
import { coded, type Coded } from '../lib/coded'

/** MQTT 5 DISCONNECT reason code "Session taken over". */
export const SESSION_TAKEN_OVER = 142
/** A connection the broker closes sooner than this after CONNACK, with no reason, counts as a quick drop. */
export const QUICK_DROP_MS = 5_000
/** Quick drops in a row that make a take-over by another client with the same id likely. */
const QUICK_DROPS_FOR_TAKEOVER = 2

export interface ReconnectSettings {
  /** Pause before the first attempt, in ms; 0 or less: never reconnect. */
  periodMs: number
  /** The pause doubles after each failed attempt, up to this, in ms. */
  maxMs?: number
  /** Attempts before giving up; 0 or absent: keep trying. */
  maxAttempts?: number
}

/** What the session knows about the loss. */
export interface Loss {
  /** Why, when something said so (a DISCONNECT reason, a keep-alive timeout, a socket error). */
  reason: Coded | undefined
  /** The DISCONNECT reason code the broker sent, if any. */
  serverCode: number | undefined
  /** How long the connection had been up, in ms; undefined when this attempt never got a CONNACK. */
  lastedMs: number | undefined
}

export type ReconnectDecision =
  { retry: true; attempt: number; delayMs: number; reason: Coded } | { retry: false; reason: Coded }

/** One connection's reconnect state: attempts since the last CONNACK, quick drops in a row. */
export class ReconnectPolicy {
  readonly #settings: ReconnectSettings
  #attempts = 0
  #quickDrops = 0

  constructor(settings: ReconnectSettings) {
    this.#settings = settings
  }

  /** Attempts made since the connection was last up. */
  get attempts(): number {
    return this.#attempts
  }

  /** A CONNACK arrived: the next loss starts counting from one again. */
  connected(): void {
    this.#attempts = 0
  }

  /** The connection (or a reconnect attempt) ended: what to do now. */
  lost(loss: Loss): ReconnectDecision {
    // Reconnecting after "session taken over" would push the other client off in turn, and so
    // on forever: stop and say why.
    if (loss.serverCode === SESSION_TAKEN_OVER)
      return { retry: false, reason: loss.reason ?? coded(`disconnect.${SESSION_TAKEN_OVER}`) }
    // Brokers that send no DISCONNECT (MQTT 3.1.1, Mosquitto before 2.0.15) just close the old
    // connection when a client with the same id arrives: closes right after each connect, with
    // no reason given, are the sign of it. An attempt that never got a CONNACK (the broker is
    // still away) is no drop: it neither counts nor breaks the run.
    if (loss.lastedMs !== undefined)
      this.#quickDrops =
        loss.reason === undefined && loss.lastedMs < QUICK_DROP_MS ? this.#quickDrops + 1 : 0
    const reason =
      this.#quickDrops >= QUICK_DROPS_FOR_TAKEOVER
        ? coded('session.likelyTakeover')
        : (loss.reason ?? coded('session.lost'))
    const { periodMs, maxMs = 0, maxAttempts = 0 } = this.#settings
    if (periodMs <= 0) return { retry: false, reason }
    if (maxAttempts > 0 && this.#attempts >= maxAttempts)
      return {
        retry: false,
        reason: coded('session.gaveUp', { reason, count: this.#attempts }),
      }
    this.#attempts++
    const delayMs = Math.min(Math.max(maxMs, periodMs), periodMs * 2 ** (this.#attempts - 1))
    return { retry: true, attempt: this.#attempts, delayMs, reason }
  }
}
