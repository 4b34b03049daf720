import { RETAINED_ACK_TIMEOUT_MS, RETAINED_MAX_IN_FLIGHT } from '../engine/budgets'
import { coded, type Coded } from '../lib/coded'
import type { PublishMessage } from '../wire/mqtt'
import type { RetainedBatchResult, RetainedMessage } from '../wire/retained'
import { realClock, type Clock } from './clock'
import type { PublishTransport } from './transport'

/** A running clear or undo: its result, and a way to stop it (the rest then counts as failed). */
export interface BatchHandle {
  result: Promise<RetainedBatchResult>
  cancel(reason: Coded): void
}

export interface BatchLimits {
  maxInFlight: number
  ackTimeoutMs: number
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = {
  maxInFlight: RETAINED_MAX_IN_FLIGHT,
  ackTimeoutMs: RETAINED_ACK_TIMEOUT_MS,
}

/** The empty retained messages that delete each topic's retained message (QoS 1: acknowledged). */
export function clearMessages(topics: readonly string[]): PublishMessage[] {
  const empty = new Uint8Array(0)
  return topics.map((topic) => ({ topic, payload: empty, qos: 1, retain: true }))
}

/** A backup as retained publishes; MQTT 3.1.1 carries no properties. */
export function restoreMessages(
  backup: readonly RetainedMessage[],
  protocolLevel: 4 | 5,
): PublishMessage[] {
  return backup.map((m) => ({
    topic: m.topic,
    payload: m.payload,
    qos: m.qos,
    retain: true,
    ...(protocolLevel === 5 && m.properties ? { properties: m.properties } : {}),
  }))
}

/**
 * Publishes `messages` with at most `maxInFlight` awaiting their acknowledgement, so a thousand
 * topics neither flood the broker nor run one by one. `onProgress` gets the count answered after
 * each answer. It stops when the connection is gone or when the broker answered nothing for
 * `ackTimeoutMs`; what was not answered then counts as failed, so it never hangs.
 */
export function publishBatch(
  transport: PublishTransport,
  messages: readonly PublishMessage[],
  onProgress: (answered: number, total: number) => void,
  limits: BatchLimits = DEFAULT_BATCH_LIMITS,
  clock: Clock = realClock,
): BatchHandle {
  const total = messages.length
  let settle: (result: RetainedBatchResult) => void = () => undefined
  const result = new Promise<RetainedBatchResult>((resolve) => (settle = resolve))
  let next = 0
  let succeeded = 0
  let failed = 0
  const failedTopics: string[] = []
  const inFlight = new Set<number>()
  let error: Coded | undefined
  let finished = false
  let pumping = false
  let stallTimer: unknown

  const finish = (stopReason?: Coded) => {
    if (finished) return
    finished = true
    clock.clearTimeout(stallTimer)
    // Whatever was not answered failed: in flight first (sent earlier), then never sent.
    const unanswered = [...inFlight].sort((a, b) => a - b)
    for (let i = next; i < total; i++) unanswered.push(i)
    for (const i of unanswered) failedTopics.push(messages[i]!.topic)
    failed += unanswered.length
    const why = stopReason ?? error
    settle({ succeeded, failed, failedTopics, ...(why ? { error: why } : {}) })
  }
  const armStall = () => {
    clock.clearTimeout(stallTimer)
    stallTimer = clock.setTimeout(
      () =>
        finish(
          coded('retained.ackTimeout', {
            seconds: Math.round(limits.ackTimeoutMs / 1000),
            done: succeeded + failed,
            total,
          }),
        ),
      limits.ackTimeoutMs,
    )
  }
  const pump = () => {
    // An answer given synchronously re-enters here; the loop below already continues.
    if (pumping) return
    pumping = true
    while (!finished && inFlight.size < limits.maxInFlight && next < total) {
      if (!transport.connected) {
        finish(coded('retained.connectionLost', { done: succeeded + failed, total }))
        break
      }
      const index = next++
      const message = messages[index]!
      inFlight.add(index)
      transport.publish(message, (answer) => {
        if (finished || !inFlight.delete(index)) return
        if (answer.ok) succeeded++
        else {
          failed++
          failedTopics.push(message.topic)
          error ??= coded('retained.topicFailed', { topic: message.topic, reason: answer.reason })
        }
        armStall()
        onProgress(succeeded + failed, total)
        if (succeeded + failed === total) finish()
        else pump()
      })
    }
    pumping = false
  }

  if (total === 0) finish()
  else {
    armStall()
    pump()
  }
  return { result, cancel: (reason) => finish(reason) }
}
