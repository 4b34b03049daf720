import { coded } from '../../lib/coded'
import {
  BROKER_CHECK_MESSAGE_EXPIRY_S,
  BROKER_CHECK_MESSAGE_EXPIRY_WAIT_MS,
} from '../../engine/budgets'
import type { CheckContext } from '../context'
import type { Probe } from '../probe'
import { sleep } from '../wait'
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

const retainedCopies = (p: Probe, topic: string) =>
  p.received.filter((m) => m.topic === topic && m.retain && m.size > 0).length

/** No Local: a client's own publishes do not come back on a `nl` subscription; others' do. */
async function noLocal(ctx: CheckContext): Promise<Outcome> {
  const topic = ctx.topic('t')
  const fence = ctx.topic('fence')
  const self = await connected(ctx)
  const other = await connected(ctx)
  await granted(self, topic, { qos: 1, nl: true })
  await granted(self, fence)
  await published(self, topic, 'own')
  await published(other, topic, 'other')
  if (!(await self.message((m) => m.topic === topic && m.text === 'other', ctx.deadlines.replyMs)))
    return outcome('fail', 'mqtt5.noLocal.otherMissing')
  await fenced(ctx, self, self, fence)
  if (self.received.some((m) => m.topic === topic && m.text === 'own'))
    return outcome('fail', 'mqtt5.noLocal.ownDelivered')
  return outcome('pass', 'mqtt5.noLocal.ok')
}

/** Retain As Published keeps the retain flag of a live delivery; without it the flag is 0. */
async function retainAsPublished(ctx: CheckContext): Promise<Outcome> {
  const topic = ctx.topic('t')
  const rap = await connected(ctx)
  const plain = await connected(ctx)
  const pub = await connected(ctx)
  await granted(rap, topic, { qos: 1, rap: true })
  await granted(plain, topic, { qos: 1, rap: false })
  await publishedRetained(ctx, pub, topic, 'live')
  const wait = (p: Probe) =>
    p.message((m) => m.topic === topic && m.text === 'live', ctx.deadlines.replyMs)
  const [a, b] = [await wait(rap), await wait(plain)]
  if (!a || !b) return outcome('fail', 'mqtt5.retainAsPublished.missing')
  if (!a.retain) return outcome('fail', 'mqtt5.retainAsPublished.flagCleared')
  if (b.retain) return outcome('fail', 'mqtt5.retainAsPublished.flagNotCleared')
  return outcome('pass', 'mqtt5.retainAsPublished.ok')
}

/**
 * Retain Handling: 2 sends no retained message on subscribing, 1 only for a new subscription,
 * 0 at every subscribe.
 */
async function retainHandling(ctx: CheckContext): Promise<Outcome> {
  const topic = ctx.topic('t')
  const pub = await connected(ctx)
  await publishedRetained(ctx, pub, topic, 'kept')
  const never = await connected(ctx)
  await granted(never, topic, { qos: 1, rh: 2 })
  await fenced(ctx, pub, never, topic)
  if (retainedCopies(never, topic) > 0) return outcome('fail', 'mqtt5.retainHandling.rh2Sent')
  const s = await connected(ctx)
  await granted(s, topic, { qos: 1, rh: 1 })
  await fenced(ctx, pub, s, topic)
  if (retainedCopies(s, topic) !== 1) return outcome('fail', 'mqtt5.retainHandling.rh1Missing')
  await granted(s, topic, { qos: 1, rh: 1 })
  await fenced(ctx, pub, s, topic)
  if (retainedCopies(s, topic) !== 1) return outcome('fail', 'mqtt5.retainHandling.rh1Repeated')
  await granted(s, topic, { qos: 1, rh: 0 })
  await fenced(ctx, pub, s, topic)
  if (retainedCopies(s, topic) !== 2) return outcome('fail', 'mqtt5.retainHandling.rh0Missing')
  return outcome('pass', 'mqtt5.retainHandling.ok')
}

/** Subscription identifiers come back with each delivery (one per matching subscription). */
async function subscriptionIds(ctx: CheckContext): Promise<Outcome> {
  if (!available(ctx.facts.connack5?.subscriptionIdentifiersAvailable))
    return outcome('unsupported', 'mqtt5.subscriptionIds.notAvailable')
  const topic = ctx.topic('a/x')
  const s = await connected(ctx)
  const pub = await connected(ctx)
  for (const [filter, id] of [
    [ctx.topic('a/+'), 7],
    [ctx.topic('a/#'), 9],
  ] as const) {
    const code = await subscribed(s, filter, { qos: 1, properties: { subscriptionIdentifier: id } })
    if (code === 0xa1) return outcome('unsupported', 'mqtt5.subscriptionIds.notAvailable')
    if (code >= 0x80) return outcome('fail', 'subscribe.refused', { filter, code })
  }
  await published(pub, topic, 'x')
  await fenced(ctx, pub, s, ctx.topic('a/fence'))
  const ids = new Set<number>()
  for (const m of s.received) {
    if (m.topic !== topic) continue
    const got: unknown = m.properties?.subscriptionIdentifier
    for (const id of Array.isArray(got) ? got : [got]) if (typeof id === 'number') ids.add(id)
  }
  const list = [...ids].sort((x, y) => x - y).join(',')
  if (!ids.has(7) || !ids.has(9))
    return outcome('fail', 'mqtt5.subscriptionIds.missing', { ids: list })
  return outcome('pass', 'mqtt5.subscriptionIds.ok', { ids: list })
}

/** Topic alias: a PUBLISH with only an alias arrives under its full topic. */
async function topicAlias(ctx: CheckContext): Promise<Outcome> {
  const max = ctx.facts.connack5?.topicAliasMaximum ?? 0
  const figure = [q('topicAliasMaximum', max, 'count')]
  if (max === 0) return outcome('unsupported', 'mqtt5.topicAlias.notOffered', undefined, figure)
  const topic = ctx.topic('t')
  const sub = await connected(ctx, { properties: { topicAliasMaximum: 10 } })
  const pub = await connected(ctx)
  await granted(sub, topic)
  await published(pub, topic, 'first', { qos: 1, properties: { topicAlias: 1 } })
  await published(pub, '', 'second', { qos: 1, properties: { topicAlias: 1 } })
  const wait = (text: string) =>
    sub.message((m) => m.topic === topic && m.text === text, ctx.deadlines.replyMs)
  if (!(await wait('first')) || !(await wait('second')))
    return outcome('fail', 'mqtt5.topicAlias.missing', undefined, figure)
  const brokerUses = sub.received.some((m) => m.properties?.topicAlias !== undefined)
  const notes = brokerUses ? [coded('mqtt5.topicAlias.brokerUses')] : []
  return outcome('pass', 'mqtt5.topicAlias.ok', { max }, figure, notes)
}

/**
 * Message expiry: passed on with a live delivery, and a retained message is gone once expired
 * while a retained message without expiry, published alongside, is still there (so a broker that
 * keeps no retained messages at all does not pass).
 */
async function messageExpiry(ctx: CheckContext): Promise<Outcome> {
  const s = BROKER_CHECK_MESSAGE_EXPIRY_S
  const expiring = ctx.topic('expiring')
  const kept = ctx.topic('kept')
  const early = await connected(ctx)
  await granted(early, ctx.topic('+'))
  const pub = await connected(ctx)
  await publishedRetained(ctx, pub, expiring, 'expiring', {
    qos: 1,
    properties: { messageExpiryInterval: s },
  })
  await publishedRetained(ctx, pub, kept, 'kept')
  const live = await early.message((m) => m.topic === expiring, ctx.deadlines.replyMs)
  if (!live) return outcome('fail', 'delivery.lost', { received: 0, sent: 1 })
  if (live.properties?.messageExpiryInterval === undefined)
    return outcome('fail', 'mqtt5.messageExpiry.notForwarded')
  await early.end()
  await sleep(BROKER_CHECK_MESSAGE_EXPIRY_WAIT_MS, ctx.signal)
  const late = await connected(ctx)
  await granted(late, expiring)
  await granted(late, kept)
  await fenced(ctx, pub, late, kept)
  if (retainedCopies(late, kept) === 0) return outcome('fail', 'mqtt5.messageExpiry.notRetained')
  if (retainedCopies(late, expiring) > 0) return outcome('fail', 'mqtt5.messageExpiry.notExpired')
  return outcome('pass', 'mqtt5.messageExpiry.ok', { s })
}

/** User properties arrive as sent: repeated keys, their order, non-ASCII text. */
async function userProperties(ctx: CheckContext): Promise<Outcome> {
  const topic = ctx.topic('t')
  const sub = await connected(ctx)
  const pub = await connected(ctx)
  await granted(sub, topic)
  const sent = { a: '1', b: ['x', 'y'], c: '温度 ü' }
  await published(pub, topic, 'up', { qos: 1, properties: { userProperties: sent } })
  const got = await sub.message((m) => m.topic === topic, ctx.deadlines.replyMs)
  if (!got) return outcome('fail', 'delivery.lost', { received: 0, sent: 1 })
  const up = got.properties?.userProperties
  if (!up) return outcome('fail', 'mqtt5.userProperties.missing')
  if (JSON.stringify(up) !== JSON.stringify(sent))
    return outcome('fail', 'mqtt5.userProperties.changed', {
      got: JSON.stringify(up).slice(0, 200),
    })
  return outcome('pass', 'mqtt5.userProperties.ok')
}

/**
 * Request/response: response topic and correlation data pass through unchanged; and whether the
 * broker offers response information when asked for it in CONNECT.
 */
async function requestResponse(ctx: CheckContext): Promise<Outcome> {
  const topic = ctx.topic('t')
  const responseTopic = ctx.topic('reply')
  const correlation = new Uint8Array([1, 2, 3, 250])
  const sub = await connected(ctx, { properties: { requestResponseInformation: true } })
  const info = sub.connack.properties?.responseInformation
  const pub = await connected(ctx)
  await granted(sub, topic)
  await published(pub, topic, 'request', {
    qos: 1,
    properties: { responseTopic, correlationData: correlation as unknown as Buffer },
  })
  const got = await sub.message((m) => m.topic === topic, ctx.deadlines.replyMs)
  if (!got) return outcome('fail', 'delivery.lost', { received: 0, sent: 1 })
  const cd = got.properties?.correlationData
  const same =
    got.properties?.responseTopic === responseTopic &&
    cd !== undefined &&
    cd.byteLength === correlation.byteLength &&
    correlation.every((b, i) => cd[i] === b)
  if (!same) return outcome('fail', 'mqtt5.requestResponse.changed')
  if (info) return outcome('pass', 'mqtt5.requestResponse.info', { info: info.slice(0, 200) })
  return outcome('pass', 'mqtt5.requestResponse.noInfo')
}

export const mqtt5Checks: CheckDef[] = [
  { id: 'mqtt5.noLocal', phase: 'concurrent', needs5: true, run: noLocal },
  { id: 'mqtt5.retainAsPublished', phase: 'concurrent', needs5: true, run: retainAsPublished },
  { id: 'mqtt5.retainHandling', phase: 'concurrent', needs5: true, run: retainHandling },
  { id: 'mqtt5.subscriptionIds', phase: 'concurrent', needs5: true, run: subscriptionIds },
  { id: 'mqtt5.topicAlias', phase: 'concurrent', needs5: true, run: topicAlias },
  { id: 'mqtt5.messageExpiry', phase: 'concurrent', needs5: true, run: messageExpiry },
  { id: 'mqtt5.userProperties', phase: 'concurrent', needs5: true, run: userProperties },
  { id: 'mqtt5.requestResponse', phase: 'concurrent', needs5: true, run: requestResponse },
]
