import type { Packet } from 'mqtt'
import { BROKER_CHECK_EVIDENCE_LINES } from '../engine/budgets'
import type { EvidenceLine } from './types'

const SHOWN_CHARS = 64

/** Text cut to SHOWN_CHARS with its full length, so a 64 KB topic stays one short line. */
export function shorten(text: string): string {
  return text.length <= SHOWN_CHARS ? text : `${text.slice(0, SHOWN_CHARS)}…(${text.length})`
}

/** The evidence of one check: packets in protocol notation, bounded. */
export class Evidence {
  readonly lines: EvidenceLine[] = []
  dropped = 0
  readonly #start: number
  readonly #now: () => number
  readonly #prefix: string

  constructor(now: () => number, prefix: string) {
    this.#now = now
    this.#start = now()
    this.#prefix = prefix
  }

  add(dir: EvidenceLine['dir'], text: string): void {
    if (this.lines.length >= BROKER_CHECK_EVIDENCE_LINES) {
      this.dropped++
      return
    }
    this.lines.push({ at: Math.round(this.#now() - this.#start), dir, text })
  }

  /** A topic with the run's prefix written `~/`. */
  topic(topic: string): string {
    return shorten(topic.startsWith(this.#prefix) ? `~/${topic.slice(this.#prefix.length)}` : topic)
  }
}

type Props = Record<string, unknown> | undefined

/** MQTT 5 properties as `k=v` pairs; buffers and maps shown by size. */
function props(p: Props): string {
  if (!p) return ''
  const parts: string[] = []
  for (const [k, v] of Object.entries(p)) {
    if (v === undefined) continue
    if (v instanceof Uint8Array) parts.push(`${k}=${v.byteLength}B`)
    else if (typeof v === 'object' && v !== null) parts.push(`${k}=${shorten(JSON.stringify(v))}`)
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      parts.push(`${k}=${shorten(String(v))}`)
  }
  return parts.length > 0 ? ` {${parts.join(' ')}}` : ''
}

function size(payload: unknown): number {
  if (typeof payload === 'string') return new TextEncoder().encode(payload).byteLength
  return payload instanceof Uint8Array ? payload.byteLength : 0
}

/** One packet in compact protocol notation (no sentences: evidence is shown as it is). */
export function describePacket(p: Packet, ctx: { evidence: Evidence }): string {
  const t = (topic: string) => ctx.evidence.topic(topic)
  switch (p.cmd) {
    case 'connect': {
      const will = p.will
        ? ` will=${t(p.will.topic)} q${p.will.qos} r${p.will.retain ? 1 : 0}${props(p.will.properties)}`
        : ''
      return `CONNECT v${p.protocolVersion ?? 4} id=${shorten(p.clientId)} clean=${p.clean ? 1 : 0}${will}${props(p.properties)}`
    }
    case 'connack':
      return `CONNACK rc=${p.reasonCode ?? p.returnCode ?? 0} sp=${p.sessionPresent ? 1 : 0}${props(p.properties)}`
    case 'publish':
      return `PUBLISH ${t(String(p.topic))} q${p.qos} r${p.retain ? 1 : 0}${p.dup ? ' dup' : ''} ${size(p.payload)}B${props(p.properties)}`
    case 'puback':
    case 'pubrec':
    case 'pubrel':
    case 'pubcomp':
      return `${p.cmd.toUpperCase()} #${p.messageId ?? 0}${p.reasonCode !== undefined ? ` rc=${p.reasonCode}` : ''}`
    case 'subscribe':
      return `SUBSCRIBE ${p.subscriptions
        .map(
          (s) =>
            `${t(s.topic)} q${s.qos}${s.nl ? ' nl' : ''}${s.rap ? ' rap' : ''}${s.rh ? ` rh${s.rh}` : ''}`,
        )
        .join(', ')}${props(p.properties)}`
    case 'suback':
      return `SUBACK [${p.granted.map((g) => (typeof g === 'number' ? g : (g as { qos?: number }).qos)).join(',')}]`
    case 'unsubscribe':
      return `UNSUBSCRIBE ${p.unsubscriptions.map(t).join(', ')}`
    case 'unsuback':
      return 'UNSUBACK'
    case 'disconnect':
      return `DISCONNECT rc=${p.reasonCode ?? 0}${props(p.properties)}`
    case 'pingreq':
    case 'pingresp':
    case 'auth':
      return p.cmd.toUpperCase()
  }
}
