import { coded } from '../../lib/coded'
import type { CheckContext } from '../context'
import { TIMEOUT } from '../wait'
import { connected, fenced, granted, outcome, q, Stop, type Outcome } from './common'

/** Printable ASCII a topic may hold (MQTT allows them all; `/` separates levels). */
export const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) =>
  String.fromCharCode(0x20 + i),
).filter((c) => c !== '/' && c !== '+' && c !== '#')
/** Control characters: allowed, but "SHOULD NOT" be used (MQTT 5 §1.5.4); brokers may refuse them. */
export const CONTROL = [
  ...Array.from({ length: 0x1f }, (_, i) => String.fromCharCode(0x01 + i)),
  '\u007f',
]
/** Never allowed in a topic name: NUL, and the wildcards (MQTT-4.7.3-2, MQTT-3.3.2-2). */
export const FORBIDDEN = ['\u0000', '+', '#']

/** Publishers trying characters one by one at once (each plus the subscriber is a client). */
const LANES = 3

/** `U+0041` for a character. */
export function codePoint(c: string): string {
  return `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
}

/**
 * Publishes one topic per character (`<prefix>topicChars/x<c>y`) and sees which arrive. Printable
 * characters go in one batch; if the broker closes the publisher on one of them, the undecided ones
 * are tried one by one, as are the control and forbidden characters (a broker closes the
 * connection on a topic it refuses, so each gets its own chance).
 */
export async function topicChars(ctx: CheckContext): Promise<Outcome> {
  const base = ctx.topic('x')
  const fence = ctx.topic('fence')
  const sub = await connected(ctx)
  await granted(sub, ctx.topic('#'))
  const topicOf = (c: string) => `${base}${c}y`
  const arrived = (c: string) => sub.received.some((m) => m.topic === topicOf(c))
  /** A publisher of its own per lane; one the broker closed is replaced. */
  const lane = async (chars: readonly string[]) => {
    let pub = await connected(ctx)
    for (const c of chars) {
      if (pub.closed) pub = await connected(ctx)
      const r = await pub.publish(topicOf(c), 'c', { qos: 1 })
      if (r === TIMEOUT || !r.ok || (r.reasonCode ?? 0) >= 0x80 || pub.closed) continue
      // The fence proves the arrival or absence; a publisher closed meanwhile ends the wait.
      await fenced(ctx, pub, sub, fence).catch((err: unknown) => {
        if (!(err instanceof Stop)) throw err
      })
    }
    await pub.end()
  }
  const first = await connected(ctx)
  await first.publishAll(
    PRINTABLE.map((c) => ({ topic: topicOf(c), payload: 'c', options: { qos: 1 } })),
  )
  if (!first.closed) await fenced(ctx, first, sub, fence).catch(() => undefined)
  await first.end()
  const accepted = new Set(PRINTABLE.filter(arrived))
  const rest = [...PRINTABLE.filter((c) => !accepted.has(c)), ...CONTROL, ...FORBIDDEN]
  const lanes = Array.from({ length: LANES }, (_, i) => rest.filter((_, j) => j % LANES === i))
  await Promise.all(lanes.map(lane))
  for (const c of rest) if (arrived(c)) accepted.add(c)
  const refused = (list: string[]) => list.filter((c) => !accepted.has(c))
  const printableRefused = refused(PRINTABLE)
  const controlRefused = refused(CONTROL)
  const forbiddenAccepted = FORBIDDEN.filter((c) => accepted.has(c))
  const all = [...PRINTABLE, ...CONTROL, ...FORBIDDEN]
  const figure = [
    q('refused', all.length - accepted.size, 'count'),
    q('tried', all.length, 'count'),
  ]
  const list = (cs: string[]) => cs.map(codePoint).join(' ')
  const notes = []
  if (controlRefused.length > 0)
    notes.push(
      controlRefused.length === CONTROL.length
        ? coded('limits.topicChars.controlAllRefused', { n: CONTROL.length })
        : coded('limits.topicChars.controlRefused', { chars: list(controlRefused) }),
    )
  if (forbiddenAccepted.length > 0)
    notes.push(coded('limits.topicChars.forbiddenAccepted', { chars: list(forbiddenAccepted) }))
  if (printableRefused.length > 0)
    return outcome(
      'fail',
      'limits.topicChars.refused',
      { chars: list(printableRefused), n: printableRefused.length },
      figure,
      notes,
    )
  return outcome('pass', 'limits.topicChars.ok', undefined, figure, notes)
}
