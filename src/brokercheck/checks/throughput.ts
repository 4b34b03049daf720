import {
  BROKER_CHECK_THROUGHPUT_MAX_RATE,
  BROKER_CHECK_THROUGHPUT_MS,
  BROKER_CHECK_THROUGHPUT_WINDOW,
} from '../../engine/budgets'
import { coded } from '../../lib/coded'
import type { CheckContext } from '../context'
import { roundMs, sleep } from '../wait'
import { connected, granted, outcome, q, type CheckDef, type Outcome } from './common'

const PAYLOAD_BYTES = 40

/**
 * Sustained QoS 0 msgs/s from one client through the broker to another, for a few seconds. The
 * publisher is paced (an unthrottled flood makes brokers drop QoS 0) and never more than a window
 * ahead of what came back, so the figure is what the broker carries, not what its queues hold.
 */
async function sustained(ctx: CheckContext): Promise<Outcome> {
  const topic = ctx.topic('t')
  const sub = await connected(ctx, { countOnly: true })
  const pub = await connected(ctx, { countOnly: true })
  await granted(sub, topic, { qos: 0 })
  const payload = new Uint8Array(PAYLOAD_BYTES).fill(0x30) as unknown as Buffer
  const max = (BROKER_CHECK_THROUGHPUT_MAX_RATE * BROKER_CHECK_THROUGHPUT_MS) / 1000
  const start = ctx.now()
  let sent = 0
  let lastArrival = start
  sub.client.on('message', () => (lastArrival = ctx.now()))
  while (ctx.now() - start < BROKER_CHECK_THROUGHPUT_MS && !pub.closed) {
    const due = Math.min(max, ((ctx.now() - start) / 1000) * BROKER_CHECK_THROUGHPUT_MAX_RATE)
    const room = BROKER_CHECK_THROUGHPUT_WINDOW - (sent - sub.count)
    const batch = Math.min(Math.floor(due) - sent, room)
    for (let i = 0; i < batch; i++) pub.client.publish(topic, payload, { qos: 0 })
    if (batch > 0) {
      sent += batch
      ctx.countTraffic(batch * PAYLOAD_BYTES)
    }
    await sleep(1, ctx.signal)
  }
  await sub.message(() => sub.count >= sent, ctx.deadlines.replyMs)
  const received = sub.count
  const seconds = Math.max(0.001, (lastArrival - start) / 1000)
  const rate = Math.round(received / seconds)
  ctx.evidence.add(
    'event',
    `sent ${sent} received ${received} in ${roundMs(lastArrival - start)}ms`,
  )
  const figure = [
    q('rate', rate, 'msgsPerSec'),
    q('received', received, 'count'),
    q('sent', sent, 'count'),
  ]
  const notes =
    rate >= 0.95 * BROKER_CHECK_THROUGHPUT_MAX_RATE
      ? [coded('throughput.capped', { cap: BROKER_CHECK_THROUGHPUT_MAX_RATE })]
      : []
  if (received < 0.99 * sent)
    return outcome('fail', 'throughput.lost', { received, sent, rate }, figure, notes)
  return outcome('pass', 'throughput.ok', { rate }, figure, notes)
}

export const throughputChecks: CheckDef[] = [
  { id: 'throughput.sustained', phase: 'exclusive', heavy: true, run: sustained },
]
