import type { IClientPublishOptions, IClientSubscribeOptions } from 'mqtt'
import { coded, type Coded, type CodeValues } from '../../lib/coded'
import type { CheckContext } from '../context'
import { openProbe, type ConnectFailure, type Probe, type ProbeSpec } from '../probe'
import type { CheckId, CheckStatus, Quantity, Unit } from '../types'
import { TIMEOUT } from '../wait'

/** What a check returns; the runner adds its id, evidence and duration. */
export interface Outcome {
  status: CheckStatus
  figure?: Quantity[]
  meaning: Coded
  notes?: Coded[]
}

/** When a check runs: reach first, then delivery alone, then the rest together, heavy ones last. */
export type Phase = 'reach' | 'delivery' | 'concurrent' | 'exclusive'

export interface CheckDef {
  id: CheckId
  phase: Phase
  /** Needs MQTT 5: unsupported when the broker refuses it, skipped when 3.1.1 was chosen. */
  needs5?: boolean
  /** Traffic-heavy: skipped unless the profile allows heavy traffic. */
  heavy?: boolean
  run(ctx: CheckContext): Promise<Outcome>
}

/** Ends a check early with this outcome (thrown through the check's awaits). */
export class Stop extends Error {
  readonly outcome: Outcome
  constructor(outcome: Outcome) {
    super(outcome.meaning.code)
    this.name = 'Stop'
    this.outcome = outcome
  }
}

export function q(key: string, value: number, unit: Unit): Quantity {
  return { key, value, unit }
}

export function outcome(
  status: CheckStatus,
  code: string,
  values?: CodeValues,
  figure?: Quantity[],
  notes?: Coded[],
): Outcome {
  return {
    status,
    meaning: coded(code, values),
    ...(figure && figure.length > 0 ? { figure } : {}),
    ...(notes && notes.length > 0 ? { notes } : {}),
  }
}

/** The coded meaning of a connection that did not come up. */
export function connectFailure(failure: ConnectFailure, url: string): Coded {
  switch (failure.kind) {
    case 'refused':
      return coded('connect.refused', { code: failure.code })
    case 'closed':
      return coded('connect.closed', { url })
    case 'timeout':
      return coded('connect.timeout', { url })
    case 'tooManyClients':
      return coded('connect.tooManyClients')
  }
}

/** A connected check client, or the check stops with why it could not connect. */
export async function connected(ctx: CheckContext, spec: Partial<ProbeSpec> = {}): Promise<Probe> {
  const r = await openProbe(ctx, { level: ctx.level, clientId: ctx.clientId(), ...spec })
  if (!r.ok) throw new Stop({ status: 'fail', meaning: connectFailure(r.failure, ctx.target.url) })
  return r.probe
}

/** Subscribes; the check stops when the broker does not answer or the connection closes. */
export async function subscribed(
  probe: Probe,
  filter: string,
  options: IClientSubscribeOptions = { qos: 1 },
): Promise<number> {
  const r = await probe.subscribe(filter, options)
  if (r === TIMEOUT) throw new Stop(outcome('fail', 'subscribe.timeout', { filter }))
  if (!r.ok) throw new Stop(outcome('fail', 'subscribe.closed', { filter }))
  return r.granted[0] ?? 0x80
}

/** Subscribes and requires a grant (a SUBACK code below 0x80). */
export async function granted(
  probe: Probe,
  filter: string,
  options: IClientSubscribeOptions = { qos: 1 },
): Promise<number> {
  const code = await subscribed(probe, filter, options)
  if (code >= 0x80) throw new Stop(outcome('fail', 'subscribe.refused', { filter, code }))
  return code
}

/** Publishes and requires the acknowledgement. */
export async function published(
  probe: Probe,
  topic: string,
  payload: string | Uint8Array,
  options: IClientPublishOptions = { qos: 1 },
): Promise<void> {
  const r = await probe.publish(topic, payload, options)
  if (r === TIMEOUT) throw new Stop(outcome('fail', 'publish.timeout', { topic }))
  if (!r.ok) {
    if (r.code !== undefined) throw new Stop(outcome('fail', 'publish.rejected', { code: r.code }))
    throw new Stop(outcome('fail', 'publish.closed'))
  }
  if (r.reasonCode !== undefined && r.reasonCode >= 0x80)
    throw new Stop(outcome('fail', 'publish.rejected', { code: r.reasonCode }))
}

/**
 * Publishes a "fence" after something that should not arrive and waits for it: deliveries from
 * one publisher to one subscriber keep their order, so once the fence is in, anything published
 * before it that was going to arrive has arrived. Absence is judged by this, not by a timer.
 */
export async function fenced(
  ctx: CheckContext,
  publisher: Probe,
  subscribers: Probe | readonly Probe[],
  topic: string,
): Promise<void> {
  const id = `fence-${ctx.now().toFixed(3)}`
  await published(publisher, topic, id, { qos: 1 })
  for (const s of Array.isArray(subscribers) ? subscribers : [subscribers]) {
    const got = await (s as Probe).message(
      (m) => m.topic === topic && m.text === id,
      ctx.deadlines.replyMs,
    )
    if (!got) throw new Stop(outcome('fail', 'fence.missing'))
  }
}

/** A retained publish whose topic goes into the cleanup ledger first. */
export async function publishedRetained(
  ctx: CheckContext,
  probe: Probe,
  topic: string,
  payload: string,
  options: IClientPublishOptions = { qos: 1 },
): Promise<void> {
  ctx.ledger.retained.add(topic)
  await published(probe, topic, payload, { ...options, retain: true })
}

/** MQTT 5 CONNACK flags: absent means available (MQTT 5 §3.2.2.3). */
export function available(flag: boolean | undefined): boolean {
  return flag !== false
}
