import type { Coded } from '../../lib/coded'
import { coded } from '../../lib/coded'
import { formatClock } from '../../lib/format'
import type { PublishResult } from '../../wire/mqtt'

/**
 * A publish's outcome in words: "sent (QoS 0)", "acknowledged (PUBACK)", "acknowledged
 * (PUBCOMP): no matching subscribers", or why it failed.
 */
export function resultWords(result: PublishResult, word: (c: Coded) => string): string {
  if (!result.ok) return word(result.reason)
  if (result.qos === 0) return word(coded('publish.sent0'))
  const ack = result.qos === 1 ? 'PUBACK' : 'PUBCOMP'
  return result.note
    ? word(coded('publish.ackedWith', { ack, reason: result.note }))
    : word(coded('publish.acked', { ack }))
}

/**
 * When a publish result came, on the message log's clock ("14:03:07.125", 24 h): one clock on the
 * page, so a result can be matched with its row in the log (the locale's 12 h clock was not).
 */
export function resultTime(ms: number): string {
  return formatClock(ms)
}
