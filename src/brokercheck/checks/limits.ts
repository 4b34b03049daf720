import {
  BROKER_CHECK_CLIENT_ID_LENGTHS,
  BROKER_CHECK_PAYLOAD_LADDER,
  BROKER_CHECK_PAYLOAD_MODEST_BYTES,
  BROKER_CHECK_TOPIC_LENGTHS,
  BROKER_CHECK_TOPIC_LEVELS,
} from '../../engine/budgets'
import { coded, type Coded } from '../../lib/coded'
import { formatBytes } from '../../lib/format'
import type { CheckContext } from '../context'
import { openProbe, type Probe } from '../probe'
import { roundMs, TIMEOUT } from '../wait'
import { connected, granted, outcome, q, type CheckDef, type Outcome } from './common'
import { topicChars } from './topicChars'

/** How a step of a ladder ended. */
export type Step = 'ok' | 'refused' | 'closed' | 'timeout' | 'budget' | 'announced'

export interface LadderResult {
  lastOk?: number
  firstFailed?: number
  how?: Exclude<Step, 'ok'>
}

/** Tries sizes from the smallest and stops at the first that fails. */
export async function ladder(
  sizes: readonly number[],
  step: (n: number) => Promise<Step>,
): Promise<LadderResult> {
  let lastOk: number | undefined
  for (const n of sizes) {
    const how = await step(n)
    if (how !== 'ok') return { ...(lastOk !== undefined ? { lastOk } : {}), firstFailed: n, how }
    lastOk = n
  }
  return lastOk !== undefined ? { lastOk } : {}
}

/** A ladder's result as an outcome; `show` turns a size into the value the sentence shows. */
function ladderOutcome(
  name: string,
  r: LadderResult,
  unit: 'bytes' | 'count',
  show: (n: number) => string | number = (n) => n,
  extra: { notes?: Coded[]; failFigure?: { key: string; value: number; unit: 'ms' }[] } = {},
): Outcome {
  const figure = [
    ...(r.lastOk !== undefined ? [q('largest', r.lastOk, unit)] : []),
    ...(r.firstFailed !== undefined ? [q('firstFailed', r.firstFailed, unit)] : []),
    ...(extra.failFigure ?? []),
  ]
  if (r.firstFailed === undefined || r.how === undefined)
    return outcome('pass', `${name}.ok`, { largest: show(r.lastOk ?? 0) }, figure, extra.notes)
  const values = { lastOk: show(r.lastOk ?? 0), firstFailed: show(r.firstFailed) }
  return outcome('fail', `${name}.${r.how}`, values, figure, extra.notes)
}

/**
 * A subscriber on `filter` and a publisher that carry a ladder's steps. The ladder stops at the
 * first failure, so a client the broker closed on a step is never needed again.
 */
async function pair(ctx: CheckContext, filter: string): Promise<{ sub: Probe; pub: Probe }> {
  const sub = await connected(ctx)
  await granted(sub, filter)
  return { sub, pub: await connected(ctx) }
}

/**
 * One publish of a step and its arrival at the subscriber, both within `ms` from the publish (a
 * broker may acknowledge only after delivering, as RabbitMQ does).
 */
async function carry(
  clients: { sub: Probe; pub: Probe },
  topic: string,
  payload: string | Uint8Array,
  ms: number,
  now: () => number,
): Promise<Step> {
  const size = typeof payload === 'string' ? payload.length : payload.byteLength
  const start = now()
  const r = await clients.pub.publish(topic, payload, { qos: 1 }, ms)
  if (r === TIMEOUT) return 'timeout'
  if (!r.ok) return r.code !== undefined ? 'refused' : 'closed'
  if ((r.reasonCode ?? 0) >= 0x80) return 'refused'
  const left = Math.max(0, ms - (now() - start))
  const got = await clients.sub.message((m) => m.topic === topic && m.size === size, left)
  if (got) return 'ok'
  return clients.sub.closed || clients.pub.closed ? 'closed' : 'timeout'
}

/**
 * The largest payload that arrives over this WebSocket within a deadline (a base plus the size at
 * a minimum rate). Without heavy traffic the ladder ends at a modest size. A size over the MQTT 5
 * maximum packet size the broker announced is not sent.
 */
async function payload(ctx: CheckContext): Promise<Outcome> {
  const top = ctx.profile.heavy ? Infinity : BROKER_CHECK_PAYLOAD_MODEST_BYTES
  const sizes = BROKER_CHECK_PAYLOAD_LADDER.filter((n) => n <= top)
  const announced = ctx.level === 5 ? ctx.facts.connack5?.maximumPacketSize : undefined
  const clients = await pair(ctx, ctx.topic('#'))
  let failedDeadline = 0
  const r = await ladder(sizes, async (n) => {
    if (announced !== undefined && n + 64 > announced) return 'announced'
    if (ctx.trafficLeft() < n) return 'budget'
    const ms = Math.round(ctx.deadlines.payloadBaseMs + (n / ctx.deadlines.payloadRate) * 1000)
    const started = ctx.now()
    const how = await carry(clients, ctx.topic(`s${n}`), new Uint8Array(n).fill(0x61), ms, () =>
      ctx.now(),
    )
    const took = roundMs(ctx.now() - started)
    ctx.evidence.add('event', `${n}B ${how} ${took}ms (deadline ${ms}ms)`)
    if (how !== 'ok') failedDeadline = ms
    return how
  })
  const notes: Coded[] = []
  if (!ctx.profile.heavy) notes.push(coded('limits.payload.modest', { top: formatBytes(top) }))
  if (announced !== undefined)
    notes.push(coded('limits.payload.maxPacketSize', { max: formatBytes(announced) }))
  const failFigure =
    r.how === 'timeout' ? [{ key: 'deadline', value: failedDeadline, unit: 'ms' as const }] : []
  return ladderOutcome('limits.payload', r, 'bytes', formatBytes, { notes, failFigure })
}

/** The longest topic (in bytes, prefix included) a message arrives on. */
async function topicLength(ctx: CheckContext): Promise<Outcome> {
  const base = ctx.topic('')
  const clients = await pair(ctx, ctx.topic('#'))
  const r = await ladder(BROKER_CHECK_TOPIC_LENGTHS, (n) =>
    carry(
      clients,
      base + 'a'.repeat(Math.max(1, n - base.length)),
      'x',
      ctx.deadlines.replyMs,
      () => ctx.now(),
    ),
  )
  return ladderOutcome('limits.topicLength', r, 'count')
}

/** The most topic levels (prefix included) a message arrives on. */
async function topicLevels(ctx: CheckContext): Promise<Outcome> {
  const base = ctx.topic('')
  const baseLevels = base.split('/').length - 1
  const clients = await pair(ctx, ctx.topic('#'))
  const r = await ladder(BROKER_CHECK_TOPIC_LEVELS, (n) =>
    carry(
      clients,
      base +
        Array(Math.max(1, n - baseLevels))
          .fill('l')
          .join('/'),
      'x',
      ctx.deadlines.replyMs,
      () => ctx.now(),
    ),
  )
  return ladderOutcome('limits.topicLevels', r, 'count')
}

/** The longest client id the broker accepts (connect, then disconnect). */
async function clientIdLength(ctx: CheckContext): Promise<Outcome> {
  const r = await ladder(BROKER_CHECK_CLIENT_ID_LENGTHS, async (n) => {
    const base = ctx.clientId()
    const id = base + 'x'.repeat(Math.max(0, n - base.length))
    const opened = await openProbe(ctx, { level: ctx.level, clientId: id })
    if (!opened.ok) {
      if (opened.failure.kind === 'refused') return 'refused'
      return opened.failure.kind === 'timeout' ? 'timeout' : 'closed'
    }
    await opened.probe.end()
    return 'ok'
  })
  return ladderOutcome('limits.clientIdLength', r, 'count')
}

export const limitChecks: CheckDef[] = [
  { id: 'limits.topicLength', phase: 'concurrent', run: topicLength },
  { id: 'limits.topicLevels', phase: 'concurrent', run: topicLevels },
  { id: 'limits.clientIdLength', phase: 'concurrent', run: clientIdLength },
  { id: 'limits.topicChars', phase: 'concurrent', run: topicChars },
  { id: 'limits.payload', phase: 'exclusive', run: payload },
]
