/**
 * Why a connection that dropped right after a publish probably dropped. A broker that refuses a
 * QoS 0 publish says nothing to the client: it closes the connection (Mosquitto for a `$SYS`
 * topic, Aedes for more than 100 topic levels, any broker for a packet over its maximum), so the
 * publish reads "sent" and only the connection log tells. This puts the two together where the
 * user pressed Publish. Pure: codes with values, worded by the view.
 */
import { PUBLISH_DROP_WINDOW_MS } from '../../engine/budgets'
import { coded, isCoded, type Coded } from '../../lib/coded'
import type { ConnackInfo, ConnectionState, QoS } from '../../wire/mqtt'

/**
 * Topic levels some brokers allow at most: Aedes (the embedded broker) closes the connection above
 * 100, Mosquitto stops at 200 (as the broker check's topic-level ladder finds). Only a hint in the
 * composer's sentence, never a limit of ours.
 */
export const COMMON_TOPIC_LEVELS_LIMIT = 100

/** What the composer remembers of its last publish that went out. */
export interface SentRecord {
  topic: string
  /** Payload bytes. */
  size: number
  qos: QoS
  retain: boolean
  /** Date.now() when it was handed to the session. */
  at: number
  /** What CONNACK said when it was sent (MQTT 5 limits). */
  connack: ConnackInfo | undefined
}

/** A topic short enough for a sentence (long topics are cut in the middle: the leaf differs). */
export function shortTopic(topic: string, max = 60): string {
  if (topic.length <= max) return topic
  const half = Math.floor((max - 1) / 2)
  return `${topic.slice(0, half)}\u2026${topic.slice(topic.length - half)}`
}

/** The likely reason a broker closed the connection over this publish. */
export function likelyCause(sent: SentRecord): Coded {
  if (sent.topic.startsWith('$')) return coded('publish.likely.reserved')
  const levels = sent.topic.split('/').length
  if (levels > COMMON_TOPIC_LEVELS_LIMIT)
    return coded('publish.likely.levels', { levels, max: COMMON_TOPIC_LEVELS_LIMIT })
  const c = sent.connack
  // Payload plus topic is a lower bound of the packet size; enough to point at the payload.
  const packetAtLeast = sent.size + new TextEncoder().encode(sent.topic).length
  if (c?.maximumPacketSize !== undefined && packetAtLeast > c.maximumPacketSize)
    return coded('publish.likely.size', { size: packetAtLeast, max: c.maximumPacketSize })
  if (c?.maximumQoS !== undefined && sent.qos > c.maximumQoS)
    return coded('publish.likely.qos', { qos: sent.qos, max: c.maximumQoS })
  if (sent.retain && c?.retainAvailable === false) return coded('publish.likely.retain')
  return coded('publish.likely.refused')
}

/** The broker's own reason inside a "lost, trying again" status, or the status reason itself. */
function innerReason(reason: Coded): Coded {
  if (reason.code === 'session.retrying' || reason.code === 'session.retryingOf') {
    const inner = reason.values?.['reason']
    if (isCoded(inner)) return inner
  }
  return reason
}

/**
 * The composer's sentence when `status` (of a connection that was up) came within
 * PUBLISH_DROP_WINDOW_MS of the publish `sent`; undefined otherwise. A Disconnect the user asked
 * for carries no reason and is never blamed on a publish.
 */
export function closedAfterPublish(
  sent: SentRecord | undefined,
  status: { state: ConnectionState; reason?: Coded },
  now: number,
): Coded | undefined {
  if (!sent || !status.reason) return undefined
  if (status.state !== 'reconnecting' && status.state !== 'disconnected') return undefined
  const ms = now - sent.at
  if (ms < 0 || ms > PUBLISH_DROP_WINDOW_MS) return undefined
  return coded('publish.closedAfter', {
    topic: shortTopic(sent.topic),
    seconds: (Math.round(ms / 100) / 10).toFixed(1),
    likely: likelyCause(sent),
    reason: innerReason(status.reason),
  })
}
