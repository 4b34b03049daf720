/**
 * MQTT reason codes as coded reasons (`src/lib/coded.ts`); the view words them from the `codes`
 * catalog (`locales/<lang>/codes/mqtt.json`: `connack.<n>`, `disconnect.<n>`, `suback.<n>`, and
 * `<kind>.other` with the number for codes without a sentence of their own). CONNACK return codes
 * of MQTT 3.1.1 (1-5) and reason codes of MQTT 5 (>= 0x80) share one family: they do not overlap.
 */
import { coded, type Coded } from '../lib/coded'

/** Codes with a sentence of their own, per family (the catalog test checks each has one). */
export const WORDED_CODES = {
  connack: [
    1, 2, 3, 4, 5, 128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 140, 149, 151, 153, 154,
    155, 156, 157, 159,
  ],
  disconnect: [
    0, 4, 128, 129, 130, 131, 135, 137, 139, 141, 142, 143, 144, 147, 148, 149, 150, 151, 152, 153,
    154, 155, 156, 157, 158, 159, 160, 161, 162,
  ],
  suback: [128, 131, 135, 143, 145, 151, 158, 161, 162],
  puback: [0, 16, 128, 131, 135, 144, 145, 146, 147, 148, 149, 151, 153, 154, 155],
} as const

type Family = keyof typeof WORDED_CODES

function familyReason(family: Family, code: number): Coded {
  return (WORDED_CODES[family] as readonly number[]).includes(code)
    ? coded(`${family}.${code}`)
    : coded(`${family}.other`, { code })
}

/** Why a CONNACK refused the connection. */
export function connackReason(code: number): Coded {
  return familyReason('connack', code)
}

/** Why the broker sent an MQTT 5 DISCONNECT. */
export function disconnectReason(code: number): Coded {
  return familyReason('disconnect', code)
}

/** Why a SUBACK refused one filter. */
export function subackReason(code: number): Coded {
  return familyReason('suback', code)
}

/** A PUBACK / PUBREC / PUBCOMP reason code (MQTT 5 §3.4.2.1) in words, e.g. 16 "no matching subscribers". */
export function pubackReason(code: number): Coded {
  return familyReason('puback', code)
}

/** True when a CONNACK code means "this broker does not speak the MQTT version asked for". */
export function isProtocolVersionRefusal(code: number): boolean {
  return code === 1 || code === 132
}

/**
 * What a WebSocket failure before CONNACK most likely means. The browser reports every transport
 * failure (refused, not a WebSocket endpoint, untrusted certificate, ws against a wss port) as a
 * bare close with no detail, so the sentence lists the causes and what to check for each.
 */
export function transportFailureReason(url: string): Coded {
  let host = url
  let secure = false
  let path = '/'
  try {
    const u = new URL(url)
    host = u.host
    secure = u.protocol === 'wss:'
    path = u.pathname || '/'
  } catch {
    // keep the raw text
  }
  return secure
    ? coded('transport.unreachableTls', { url, host, path })
    : coded('transport.unreachable', { url, path })
}
