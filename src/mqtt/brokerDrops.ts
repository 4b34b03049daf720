import type { MqttClient } from 'mqtt'
import {
  BROKER_DROPS_REFRESH_MS,
  TAB_LIMIT_FLAT,
  TAB_LIMIT_HOLD_MS,
  TAB_LIMIT_MIN_RATE,
} from '../engine/budgets'
import { topicMatches } from '../engine/topicFilter'

/**
 * Mosquitto's count of messages it dropped because a client's queue was full, over ALL its
 * clients, published (retained) every `sys_interval` when it changed. Other brokers that follow
 * Mosquitto's `$SYS/broker/…` names publish it too; many publish nothing.
 */
export const BROKER_DROPPED_TOPIC = '$SYS/broker/publish/messages/dropped'

/**
 * Hosts that close the connection when a client subscribes outside their own topic scheme (Azure
 * IoT Hub, AWS IoT Core): the drop count is not asked for there, so the app never breaks them.
 */
const NO_SYS_HOSTS = [/\.azure-devices\.net$/i, /\.amazonaws\.com(\.cn)?$/i]

/** What the broker's drop count says, for Ingestor.setBrokerFigures. */
export interface BrokerFigures {
  /** Drops since this connection's first report (restarts of the broker's counter absorbed). */
  dropped: number
  /** Present while this tab looks at its ceiling: its steady msgs/s while the broker dropped. */
  limitRate?: number
  /** Until when the limit signal holds without a new report (ms since epoch). */
  limitUntil: number
}

interface Report {
  at: number
  /** The broker's counter, restarts absorbed. */
  total: number
  /** Messages this connection had received at that moment. */
  received: number
}

/**
 * The broker's drop count, asked for without the user subscribing to `$SYS`: one extra
 * subscription per connection (re-sent on every CONNACK without a session), parsed here, and
 * turned into two figures: the drops since this connection started, and the "this tab is at its
 * limit" signal.
 *
 * The signal, and why it is honest only as "probably": the count is broker-wide, so a rising
 * count alone may be another slow client. This tab is taken to be at its ceiling when the count
 * rose over two consecutive broker reports while the tab received at least TAB_LIMIT_MIN_RATE
 * msgs/s, steady within TAB_LIMIT_FLAT: a tab below its ceiling takes whatever the broker sends,
 * so the broker has no reason to drop for it; a tab at its ceiling sits at one rate while the
 * broker discards the rest. A broker that never drops (Aedes builds latency instead) or publishes
 * no count gives no signal; the counters stay exact for what arrived either way.
 */
export class BrokerDrops {
  readonly #onFigures: (figures: BrokerFigures) => void
  #client: MqttClient | undefined
  #base: number | undefined
  /** Added to the broker's counter after it went backwards (a broker restart). */
  #carried = 0
  #lastRaw = 0
  #reports: Report[] = []
  #limitRate: number | undefined
  #limitUntil = 0

  constructor(onFigures: (figures: BrokerFigures) => void) {
    this.#onFigures = onFigures
  }

  /** Asks `client`'s broker for its drop count on every CONNACK without a kept session. */
  attach(client: MqttClient, url: string): void {
    this.#client = client
    this.#base = undefined
    this.#carried = 0
    this.#lastRaw = 0
    this.#reports = []
    this.#limitRate = undefined
    if (!asksBroker(url)) return
    // A refusal (an ACL, a broker without $SYS) is harmless: the figure just stays absent.
    const ask = () => client.subscribe(BROKER_DROPPED_TOPIC, { qos: 0 }, () => undefined)
    let timer: ReturnType<typeof setInterval> | undefined
    client.on('connect', (connack) => {
      if (this.#client !== client) return
      if (!connack.sessionPresent) ask()
      // The count rides the same per-client queue as the traffic it counts: when an overload
      // fills that queue, the count's own updates are dropped with the rest, and the broker
      // publishes it again only when it changes. Subscribing again makes the broker resend its
      // retained value, so the latest count arrives once the overload eases. Only for brokers
      // that answered: one small packet every BROKER_DROPS_REFRESH_MS.
      clearInterval(timer)
      timer = setInterval(() => {
        if (this.#client !== client || !client.connected) clearInterval(timer)
        else if (this.#reports.length > 0) ask()
      }, BROKER_DROPS_REFRESH_MS)
    })
  }

  /**
   * Looks at one received message. Returns true when it is the broker's drop count and no
   * subscription of the user's matches it: it was asked for by the app, so it is not shown in the
   * tree, the log or the counters. `received` is the connection's count so far.
   */
  take(
    topic: string,
    payload: Uint8Array,
    received: number,
    now: number,
    userFilters: () => Iterable<string>,
  ): boolean {
    if (topic !== BROKER_DROPPED_TOPIC) return false
    const raw = parseCount(payload)
    if (raw !== undefined) this.#report(raw, received, now)
    for (const filter of userFilters()) if (topicMatches(filter, topic)) return false
    return true
  }

  #report(raw: number, received: number, now: number): void {
    if (raw < this.#lastRaw) this.#carried += this.#lastRaw
    const changed = raw !== this.#lastRaw || this.#reports.length === 0
    this.#lastRaw = raw
    const total = this.#carried + raw
    this.#base ??= total
    // A value sent again (after asking again) is no new report of drops.
    if (changed) this.#reports.push({ at: now, total, received })
    if (this.#reports.length > 3) this.#reports.shift()
    const [a, b, c] = this.#reports
    if (changed && a && b && c && c.total > b.total && b.total > a.total) {
      const earlier = rate(a, b)
      const later = rate(b, c)
      const flat = Math.abs(later - earlier) <= TAB_LIMIT_FLAT * Math.max(earlier, later)
      if (later >= TAB_LIMIT_MIN_RATE && flat) {
        this.#limitRate = Math.round(later)
        this.#limitUntil = now + TAB_LIMIT_HOLD_MS
      }
    }
    const figures: BrokerFigures = { dropped: total - this.#base, limitUntil: this.#limitUntil }
    if (this.#limitRate !== undefined && now < this.#limitUntil) figures.limitRate = this.#limitRate
    this.#onFigures(figures)
  }
}

function rate(from: Report, to: Report): number {
  const ms = to.at - from.at
  return ms > 0 ? ((to.received - from.received) * 1000) / ms : 0
}

/** The count as the broker wrote it (decimal text); undefined for anything else. */
export function parseCount(payload: Uint8Array): number | undefined {
  if (payload.byteLength === 0 || payload.byteLength > 20) return undefined
  let n = 0
  for (const byte of payload) {
    if (byte < 0x30 || byte > 0x39) return undefined
    n = n * 10 + (byte - 0x30)
  }
  return n
}

/** False for brokers known to close a connection on an unexpected subscription. */
export function asksBroker(url: string): boolean {
  let host: string
  try {
    host = new URL(url).hostname
  } catch {
    return false
  }
  return !NO_SYS_HOSTS.some((re) => re.test(host))
}
