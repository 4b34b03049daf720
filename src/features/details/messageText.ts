import { strictText, toHex } from '../../codecs/payload'
import type { PublishFormat } from '../../codecs/encode'

/** A payload as text: UTF-8 when it is printable UTF-8, else a hex dump (16 bytes a line). */
export function bytesAsText(bytes: Uint8Array, partial = false): { text: string; hex: boolean } {
  const text = strictText(bytes, partial)
  return text === undefined ? { text: toHex(bytes, true), hex: true } : { text, hex: false }
}

/** The JSON value of a payload, or undefined when it is not JSON text. */
export function jsonOf(bytes: Uint8Array): { value: unknown } | undefined {
  const text = strictText(bytes, false)
  if (text === undefined || text.trim() === '') return undefined
  try {
    return { value: JSON.parse(text) as unknown }
  } catch {
    return undefined
  }
}

/**
 * The publish composer's format and text for these bytes, so that publishing it sends the same
 * bytes: JSON and Text keep UTF-8 as typed, a decoded protobuf message goes as its JSON with
 * format Protobuf, anything else as hex.
 */
export function composerPayload(
  bytes: Uint8Array,
  protobuf?: { value: unknown },
): { format: PublishFormat; payload: string } {
  // A message its bound protobuf type decoded: its JSON, encoded again with that type.
  if (protobuf) return { format: 'protobuf', payload: JSON.stringify(protobuf.value, null, 2) }
  const text = strictText(bytes, false)
  if (text === undefined) return { format: 'hex', payload: toHex(bytes, true) }
  const json = /^\s*[[{]/.test(text) ? jsonOf(bytes) : undefined
  return { format: json ? 'json' : 'text', payload: text }
}
