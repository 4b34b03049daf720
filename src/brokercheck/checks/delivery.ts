import type { Packet } from 'mqtt'
import { coded, type Coded } from '../../lib/coded'
import { BROKER_CHECK_DELIVERY_MESSAGES } from '../../engine/budgets'
import type { CheckContext } from '../context'
import { percentile, roundMs, TIMEOUT } from '../wait'
import { connected, fenced, granted, outcome, q, type CheckDef, type Outcome } from './common'

/** What arrived of a numbered burst: latencies of first copies, duplicates, order. */
export function tally(
  sentAt: readonly number[],
  arrivals: readonly { seq: number; at: number; qos: number }[],
): {
  latencies: number[]
  received: number
  duplicates: number
  inOrder: boolean
  maxQos: number
} {
  const seen = new Set<number>()
  const latencies: number[] = []
  let duplicates = 0
  let last = -1
  let inOrder = true
  let maxQos = 0
  for (const a of arrivals) {
    const sent = sentAt[a.seq]
    if (sent === undefined) continue
    maxQos = Math.max(maxQos, a.qos)
    if (seen.has(a.seq)) {
      duplicates++
      continue
    }
    seen.add(a.seq)
    latencies.push(a.at - sent)
    if (a.seq < last) inOrder = false
    last = a.seq
  }
  return { latencies, received: seen.size, duplicates, inOrder, maxQos }
}

/**
 * A burst of numbered messages at one QoS from one client to another's subscription at that QoS:
 * latency of each first copy, how many arrived, duplicates, order, and the QoS the broker granted
 * and delivered with.
 */
async function delivery(ctx: CheckContext, qos: 0 | 1 | 2): Promise<Outcome> {
  const n = BROKER_CHECK_DELIVERY_MESSAGES
  const topic = ctx.topic(`q${qos}`)
  const sub = await connected(ctx)
  const pub = await connected(ctx)
  const grantedQos = await granted(sub, topic, { qos })
  // RabbitMQ answers a QoS 2 PUBLISH with PUBACK instead of PUBREC; MQTT.js takes it as done.
  const ids = new Set<number>()
  let pubacked = 0
  pub.client.on('packetsend', (p: Packet) => {
    if (p.cmd === 'publish' && p.qos === 2 && p.messageId !== undefined) ids.add(p.messageId)
  })
  pub.client.on('packetreceive', (p: Packet) => {
    if (qos === 2 && p.cmd === 'puback' && p.messageId !== undefined && ids.has(p.messageId))
      pubacked++
  })
  const sentAt: number[] = []
  const items = Array.from({ length: n }, (_, i) => ({
    topic,
    payload: String(i),
    options: { qos },
  }))
  const answers = await pub.publishAll(items, (i) => (sentAt[i] = ctx.now()))
  const refused = answers.filter((a) => a === TIMEOUT || !a.ok).length
  const count = () => new Set(sub.received.filter((m) => m.topic === topic).map((m) => m.text)).size
  await sub.message(() => count() >= n, ctx.deadlines.replyMs)
  // Duplicates and stragglers published before the fence are in once the fence is.
  await fenced(ctx, pub, sub, topic)
  const arrivals = sub.received
    .filter((m) => m.topic === topic && m.text !== undefined && /^\d+$/.test(m.text))
    .map((m) => ({ seq: Number(m.text), at: m.at, qos: m.qos }))
  const t = tally(sentAt, arrivals)
  await Promise.all([sub.end(), pub.end()])
  const figure = [
    q('p50', roundMs(percentile(t.latencies, 50)), 'ms'),
    q('p95', roundMs(percentile(t.latencies, 95)), 'ms'),
    q('max', roundMs(Math.max(0, ...t.latencies)), 'ms'),
    q('received', t.received, 'count'),
    q('sent', n, 'count'),
    q('duplicates', t.duplicates, 'count'),
    q('grantedQos', grantedQos, 'qos'),
  ].filter((x) => Number.isFinite(x.value))
  const notes: Coded[] = []
  if (pubacked > 0) notes.push(coded('delivery.qos2Puback', { n: pubacked }))
  if (refused > 0) notes.push(coded('delivery.unacknowledged', { n: refused }))
  if (qos === 1 && t.duplicates > 0)
    notes.push(coded('delivery.duplicatesQos1', { n: t.duplicates }))
  const values = { received: t.received, sent: n }
  if (t.received < n) return outcome('fail', 'delivery.lost', values, figure, notes)
  if (!t.inOrder) return outcome('fail', 'delivery.reordered', values, figure, notes)
  if (qos === 2 && t.duplicates > 0)
    return outcome('fail', 'delivery.duplicated', { n: t.duplicates }, figure, notes)
  if (grantedQos < qos)
    return outcome(
      'unsupported',
      'delivery.downgraded',
      { asked: qos, granted: grantedQos },
      figure,
      notes,
    )
  return outcome('pass', 'delivery.ok', { ...values, p50: figure[0]?.value ?? 0 }, figure, notes)
}

export const deliveryChecks: CheckDef[] = [
  { id: 'delivery.qos0', phase: 'delivery', run: (ctx) => delivery(ctx, 0) },
  { id: 'delivery.qos1', phase: 'delivery', run: (ctx) => delivery(ctx, 1) },
  { id: 'delivery.qos2', phase: 'delivery', run: (ctx) => delivery(ctx, 2) },
]
