import type { Coded } from '../../lib/coded'
import { coded } from '../../lib/coded'
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
