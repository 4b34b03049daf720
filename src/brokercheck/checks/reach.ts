import { BROKER_CHECK_CONNECTS } from '../../engine/budgets'
import type { CheckContext } from '../context'
import { openProbe, type Probe } from '../probe'
import { percentile, roundMs } from '../wait'
import {
  available,
  connected,
  connectFailure,
  fenced,
  granted,
  outcome,
  q,
  subscribed,
  type CheckDef,
  type Outcome,
} from './common'

/**
 * Does the broker take this MQTT version? Records the answer in the facts; the runner decides the
 * version the other checks use and turns "refused" into "failed" when no version got through.
 */
async function versionCheck(ctx: CheckContext, level: 4 | 5): Promise<Outcome> {
  const props = level === 5 ? { properties: { requestProblemInformation: true } } : {}
  const r = await openProbe(ctx, { level, clientId: ctx.clientId(), ...props })
  const name = level === 5 ? 'reach.mqtt5' : 'reach.mqtt311'
  if (!r.ok) {
    ctx.facts.refused[level] = r.failure
    const values = connectFailure(r.failure, ctx.target.url).values
    return outcome('unsupported', `${name}.${r.failure.kind}`, values)
  }
  if (level === 5) ctx.facts.connack5 = r.probe.connack.properties ?? {}
  const ms = roundMs(r.probe.connackMs)
  await r.probe.end()
  return outcome('pass', `${name}.accepted`, { ms }, [q('connack', ms, 'ms')])
}

/** WebSocket open and CONNACK times over several connects, one after another. */
async function connectTime(ctx: CheckContext): Promise<Outcome> {
  const ws: number[] = []
  const connack: number[] = []
  for (let i = 0; i < BROKER_CHECK_CONNECTS; i++) {
    const p = await connected(ctx)
    connack.push(p.connackMs)
    if (p.wsOpenMs !== undefined) ws.push(p.wsOpenMs)
    await p.end()
  }
  const figure = [
    q('connackP50', roundMs(percentile(connack, 50)), 'ms'),
    q('connackP95', roundMs(percentile(connack, 95)), 'ms'),
  ]
  if (ws.length > 0)
    figure.unshift(
      q('websocketP50', roundMs(percentile(ws, 50)), 'ms'),
      q('websocketP95', roundMs(percentile(ws, 95)), 'ms'),
    )
  figure.push(q('samples', connack.length, 'count'))
  const values = {
    p50: roundMs(percentile(connack, 50)),
    p95: roundMs(percentile(connack, 95)),
  }
  return outcome('pass', 'reach.connectTime.ok', values, figure)
}

/**
 * The limits an MQTT 5 broker announces in CONNACK. Connects with an empty client id, so the
 * broker must assign one (and say which); a broker that refuses that gets a normal id.
 */
async function connackProperties(ctx: CheckContext): Promise<Outcome> {
  let probe: Probe
  let assigned: string | undefined
  const empty = await openProbe(ctx, { level: 5, clientId: '' })
  if (empty.ok) {
    probe = empty.probe
    assigned = probe.connack.properties?.assignedClientIdentifier
  } else {
    probe = await connected(ctx, { level: 5 })
  }
  const p = probe.connack.properties ?? {}
  await probe.end()
  const bool = (key: string, flag: boolean | undefined) => q(key, available(flag) ? 1 : 0, 'bool')
  const figure = [
    q('maximumQoS', p.maximumQoS ?? 2, 'qos'),
    bool('retainAvailable', p.retainAvailable),
    ...(p.maximumPacketSize !== undefined
      ? [q('maximumPacketSize', p.maximumPacketSize, 'bytes')]
      : []),
    q('topicAliasMaximum', p.topicAliasMaximum ?? 0, 'count'),
    q('receiveMaximum', p.receiveMaximum ?? 65_535, 'count'),
    bool('wildcardSubscriptionAvailable', p.wildcardSubscriptionAvailable),
    bool('sharedSubscriptionAvailable', p.sharedSubscriptionAvailable),
    bool('subscriptionIdentifiersAvailable', p.subscriptionIdentifiersAvailable),
    ...(p.serverKeepAlive !== undefined ? [q('serverKeepAlive', p.serverKeepAlive, 's')] : []),
    ...(p.sessionExpiryInterval !== undefined
      ? [q('sessionExpiryInterval', p.sessionExpiryInterval, 's')]
      : []),
  ]
  const notes = empty.ok ? [] : [{ code: 'reach.connackProperties.emptyIdRefused' }]
  if (assigned !== undefined)
    return outcome(
      'pass',
      'reach.connackProperties.assigned',
      { clientId: assigned },
      figure,
      notes,
    )
  return outcome('pass', 'reach.connackProperties.ok', undefined, figure, notes)
}

/** The broker's name and version, when it publishes the retained `$SYS/broker/version`. */
async function identity(ctx: CheckContext): Promise<Outcome> {
  const p = await connected(ctx)
  const topic = '$SYS/broker/version'
  const code = await subscribed(p, topic, { qos: 0 })
  if (code >= 0x80) return outcome('unsupported', 'reach.identity.refused', { code })
  // A retained version comes right after SUBACK, so before a fence published after it; a broker
  // that publishes it now and then gets a short grace on top.
  const fence = ctx.topic('fence')
  await granted(p, fence)
  await fenced(ctx, p, p, fence)
  const m = await p.message((x) => x.topic === topic, ctx.deadlines.sysMs)
  await p.end()
  if (!m?.text) return outcome('unsupported', 'reach.identity.absent')
  return outcome('pass', 'reach.identity.version', { version: m.text.slice(0, 200) })
}

export const reachChecks: CheckDef[] = [
  { id: 'reach.mqtt5', phase: 'reach', run: (ctx) => versionCheck(ctx, 5) },
  { id: 'reach.mqtt311', phase: 'reach', run: (ctx) => versionCheck(ctx, 4) },
  { id: 'reach.connectTime', phase: 'reach', run: connectTime },
  { id: 'reach.connackProperties', phase: 'reach', needs5: true, run: connackProperties },
  { id: 'reach.identity', phase: 'reach', run: identity },
]
