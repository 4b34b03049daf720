import { coded } from '../../lib/coded'
import { BROKER_CHECK_SHARED_MESSAGES } from '../../engine/budgets'
import type { CheckContext } from '../context'
import type { Probe } from '../probe'
import { TIMEOUT } from '../wait'
import {
  available,
  connected,
  fenced,
  granted,
  outcome,
  published,
  publishedRetained,
  q,
  subscribed,
  type CheckDef,
  type Outcome,
} from './common'

const retainedCopy = (p: Probe, topic: string) =>
  p.received.find((m) => m.topic === topic && m.retain && m.size > 0)

/**
 * Retained: kept for a new subscriber, with the retain flag; also sent to a wildcard subscriber
 * (RabbitMQ sends retained messages to exact filters only); cleared by an empty retained payload.
 */
async function retained(ctx: CheckContext): Promise<Outcome> {
  const topic = ctx.topic('t')
  const pub = await connected(ctx)
  await publishedRetained(ctx, pub, topic, 'kept')
  const exact = await connected(ctx)
  await granted(exact, topic)
  const got = await exact.message((m) => m.topic === topic, ctx.deadlines.replyMs)
  if (!got) return outcome('fail', 'semantics.retained.notKept')
  if (!got.retain) return outcome('fail', 'semantics.retained.flagMissing')
  const wild = await connected(ctx)
  await granted(wild, ctx.topic('+'))
  await fenced(ctx, pub, wild, ctx.topic('fence'))
  const viaWildcard = retainedCopy(wild, topic) !== undefined
  await published(pub, topic, '', { qos: 1, retain: true })
  const later = await connected(ctx)
  await granted(later, topic)
  await fenced(ctx, pub, later, topic)
  if (retainedCopy(later, topic)) return outcome('fail', 'semantics.retained.notCleared')
  const notes = viaWildcard ? [] : [coded('semantics.retained.notViaWildcard')]
  return outcome('pass', 'semantics.retained.ok', undefined, undefined, notes)
}

/** `+` matches one level and `#` any number; `+` must not match two levels. */
async function wildcards(ctx: CheckContext): Promise<Outcome> {
  const plus = await connected(ctx)
  const hash = await connected(ctx)
  const pub = await connected(ctx)
  for (const [p, filter] of [
    [plus, ctx.topic('+/x')],
    [hash, ctx.topic('#')],
  ] as const) {
    const code = await subscribed(p, filter)
    if (code >= 0x80) return outcome('unsupported', 'semantics.wildcards.refused', { filter, code })
  }
  const deep = ctx.topic('a/b/x')
  const one = ctx.topic('a/x')
  await published(pub, deep, 'deep')
  await published(pub, one, 'one')
  const plusOne = await plus.message((m) => m.topic === one, ctx.deadlines.replyMs)
  const hashDeep = await hash.message((m) => m.topic === deep, ctx.deadlines.replyMs)
  const hashOne = await hash.message((m) => m.topic === one, ctx.deadlines.replyMs)
  if (!plusOne) return outcome('fail', 'semantics.wildcards.plusMissed')
  // `one` was published after `deep`: with it in, a wrong `deep` delivery would be in too.
  if (plus.received.some((m) => m.topic === deep))
    return outcome('fail', 'semantics.wildcards.plusTooWide')
  if (!hashDeep || !hashOne) return outcome('fail', 'semantics.wildcards.hashMissed')
  return outcome('pass', 'semantics.wildcards.ok')
}

/**
 * A filter starting with a wildcard must not match a topic starting with `$` (MQTT-4.7.2-1).
 * Checked with `+/<run>/dollar/x` (narrow enough for any broker) and, when heavy traffic is
 * allowed, with a bare `#`, against a `$` twin of the run's prefix that the check publishes itself.
 */
async function dollarTopics(ctx: CheckContext): Promise<Outcome> {
  const runId = ctx.prefix.split('/')[1] ?? ''
  const plain = ctx.topic('x')
  const dollar = `$${plain}`
  const exact = await connected(ctx)
  const plus = await connected(ctx)
  const pub = await connected(ctx)
  const subscribers = [plus]
  await granted(exact, dollar)
  await granted(plus, `+/${runId}/dollarTopics/x`)
  let hash: Probe | undefined
  if (ctx.profile.heavy) {
    hash = await connected(ctx)
    if ((await subscribed(hash, '#', { qos: 1 })) < 0x80) subscribers.push(hash)
    else hash = undefined
  }
  const r = await pub.publish(dollar, 'dollar', { qos: 1 })
  if (r === TIMEOUT || !r.ok || (r.reasonCode ?? 0) >= 0x80)
    return outcome('unsupported', 'semantics.dollarTopics.cannotPublish')
  if (!(await exact.message((m) => m.topic === dollar, ctx.deadlines.replyMs)))
    return outcome('unsupported', 'semantics.dollarTopics.notDelivered')
  await fenced(ctx, pub, subscribers, plain)
  if (plus.received.some((m) => m.topic === dollar))
    return outcome('fail', 'semantics.dollarTopics.matchedByPlus')
  if (hash?.received.some((m) => m.topic === dollar))
    return outcome('fail', 'semantics.dollarTopics.matchedByHash')
  const notes = hash ? [] : [coded('semantics.dollarTopics.hashNotTried')]
  return outcome('pass', 'semantics.dollarTopics.ok', undefined, undefined, notes)
}

/** `$share/<group>/<filter>` with two clients: each message to exactly one of them. */
async function shared(ctx: CheckContext): Promise<Outcome> {
  if (ctx.level === 5 && !available(ctx.facts.connack5?.sharedSubscriptionAvailable))
    return outcome('unsupported', 'semantics.shared.notAvailable')
  const n = BROKER_CHECK_SHARED_MESSAGES
  const topic = ctx.topic('s')
  const group = `g${ctx.prefix.split('/')[1] ?? ''}`
  const filter = `$share/${group}/${topic}`
  const a = await connected(ctx)
  const b = await connected(ctx)
  const pub = await connected(ctx)
  for (const p of [a, b]) {
    const code = await subscribed(p, filter)
    if (code >= 0x80) return outcome('unsupported', 'semantics.shared.refused', { code })
    await granted(p, ctx.topic('fence'))
  }
  await pub.publishAll(
    Array.from({ length: n }, (_, i) => ({
      topic,
      payload: String(i),
      options: { qos: 1 as const },
    })),
  )
  const mine = (p: Probe) => p.received.filter((m) => m.topic === topic)
  // Each subscriber's shared deliveries are in once its fence (published after them) is.
  await fenced(ctx, pub, [a, b], ctx.topic('fence'))
  const countA = mine(a).length
  const countB = mine(b).length
  const got = new Set([...mine(a), ...mine(b)].map((m) => m.text)).size
  const figure = [
    q('clientA', countA, 'count'),
    q('clientB', countB, 'count'),
    q('sent', n, 'count'),
  ]
  if (got === 0) return outcome('unsupported', 'semantics.shared.notDelivered', undefined, figure)
  if (got < n) return outcome('fail', 'semantics.shared.lost', { received: got, sent: n }, figure)
  if (countA + countB > got)
    return outcome('fail', 'semantics.shared.duplicated', { n: countA + countB - got }, figure)
  if (countA === 0 || countB === 0)
    return outcome('pass', 'semantics.shared.oneClient', { a: countA, b: countB }, figure)
  return outcome('pass', 'semantics.shared.split', { a: countA, b: countB }, figure)
}

export const semanticsChecks: CheckDef[] = [
  { id: 'semantics.retained', phase: 'concurrent', run: retained },
  { id: 'semantics.wildcards', phase: 'concurrent', run: wildcards },
  { id: 'semantics.dollarTopics', phase: 'concurrent', run: dollarTopics },
  { id: 'semantics.shared', phase: 'concurrent', run: shared },
]
