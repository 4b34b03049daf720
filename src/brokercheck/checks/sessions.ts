import { BROKER_CHECK_SESSION_EXPIRY_S, BROKER_CHECK_WILL_DELAY_S } from '../../engine/budgets'
import type { CheckContext } from '../context'
import { roundMs } from '../wait'
import { connected, granted, outcome, published, q, type CheckDef, type Outcome } from './common'

/** Session taken over (MQTT 5 DISCONNECT reason code). */
const SESSION_TAKEN_OVER = 0x8e

/** The Will is published when a client's connection ends without DISCONNECT. */
async function will(ctx: CheckContext): Promise<Outcome> {
  const topic = ctx.topic('w')
  const observer = await connected(ctx)
  await granted(observer, topic)
  const w = await connected(ctx, {
    will: { topic, payload: 'will' as unknown as Buffer, qos: 1, retain: false },
  })
  const closedAt = ctx.now()
  w.kill()
  const got = await observer.message((m) => m.topic === topic, ctx.deadlines.replyMs)
  if (!got) return outcome('fail', 'semantics.will.missing')
  const ms = roundMs(got.at - closedAt)
  return outcome('pass', 'semantics.will.ok', { ms }, [q('after', ms, 'ms')])
}

/**
 * MQTT 5 Will delay: the Will comes after the delay, not at once. The session must outlive the
 * delay (a session that ends at the close publishes the Will at once), so it gets an expiry and
 * goes into the cleanup ledger.
 */
async function willDelay(ctx: CheckContext): Promise<Outcome> {
  const topic = ctx.topic('w')
  const observer = await connected(ctx)
  await granted(observer, topic)
  const clientId = ctx.clientId()
  ctx.ledger.sessions.add(clientId)
  const w = await connected(ctx, {
    clientId,
    properties: { sessionExpiryInterval: BROKER_CHECK_SESSION_EXPIRY_S },
    will: {
      topic,
      payload: 'delayed' as unknown as Buffer,
      qos: 1,
      retain: false,
      properties: { willDelayInterval: BROKER_CHECK_WILL_DELAY_S },
    },
  })
  const closedAt = ctx.now()
  w.kill()
  const askedMs = BROKER_CHECK_WILL_DELAY_S * 1000
  const got = await observer.message((m) => m.topic === topic, askedMs + ctx.deadlines.replyMs)
  if (!got) return outcome('fail', 'semantics.willDelay.missing')
  const ms = roundMs(got.at - closedAt)
  const figure = [q('after', ms, 'ms'), q('asked', askedMs, 'ms')]
  if (ms < 0.8 * askedMs) return outcome('fail', 'semantics.willDelay.ignored', { ms }, figure)
  return outcome('pass', 'semantics.willDelay.ok', { ms }, figure)
}

/**
 * A session kept across a disconnect (clean start off, and on MQTT 5 a session expiry): the
 * CONNACK says "session present" and a QoS 1 message sent while offline arrives.
 */
async function persistentSession(ctx: CheckContext): Promise<Outcome> {
  const topic = ctx.topic('t')
  const clientId = ctx.clientId()
  const spec = {
    clientId,
    clean: false,
    ...(ctx.level === 5
      ? { properties: { sessionExpiryInterval: BROKER_CHECK_SESSION_EXPIRY_S } }
      : {}),
  }
  const first = await connected(ctx, spec)
  await granted(first, topic, { qos: 1 })
  await first.end()
  const pub = await connected(ctx)
  await published(pub, topic, 'offline', { qos: 1 })
  const again = await connected(ctx, spec)
  const present = again.connack.sessionPresent
  const got = await again.message((m) => m.topic === topic, ctx.deadlines.replyMs)
  await again.end()
  const values = { sessionPresent: present ? 1 : 0 }
  if (!present && !got) return outcome('fail', 'semantics.persistentSession.notKept')
  if (!got) return outcome('fail', 'semantics.persistentSession.offlineLost', values)
  if (!present) return outcome('fail', 'semantics.persistentSession.flagMissing')
  return outcome('pass', 'semantics.persistentSession.ok')
}

/**
 * A second client with the same id: the first is closed, on MQTT 5 after a DISCONNECT 0x8E
 * "Session taken over" (Debian's mosquitto 2.0.11 closes it silently; 2.0.15 sends it).
 */
async function takeover(ctx: CheckContext): Promise<Outcome> {
  const clientId = ctx.clientId()
  const first = await connected(ctx, { clientId })
  const second = await connected(ctx, { clientId })
  const closed = await first.waitClose(ctx.deadlines.replyMs)
  await second.end()
  if (!closed) return outcome('fail', 'semantics.takeover.bothConnected')
  const code = first.disconnectCode
  if (code === SESSION_TAKEN_OVER) return outcome('pass', 'semantics.takeover.disconnect', { code })
  if (code !== undefined) return outcome('pass', 'semantics.takeover.otherReason', { code })
  if (ctx.level === 4) return outcome('pass', 'semantics.takeover.closed')
  return outcome('pass', 'semantics.takeover.silentClose')
}

export const sessionChecks: CheckDef[] = [
  { id: 'semantics.will', phase: 'concurrent', run: will },
  { id: 'semantics.willDelay', phase: 'concurrent', needs5: true, run: willDelay },
  { id: 'semantics.persistentSession', phase: 'concurrent', run: persistentSession },
  { id: 'semantics.takeover', phase: 'concurrent', run: takeover },
]
