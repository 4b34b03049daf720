/**
 * The preview the composer shows instead of a live textarea for a large or loaded payload: the
 * first COMPOSER_PREVIEW_BYTES as text when they read as text, otherwise as hex. Pure.
 */
import { COMPOSER_PREVIEW_BYTES } from '../../engine/budgets'

export interface PayloadPreview {
  kind: 'text' | 'hex'
  text: string
  /** True when the payload is longer than the preview. */
  more: boolean
}

/** Control characters other than tab, line feed and carriage return. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

/** The first bytes of `bytes` as text (valid UTF-8 without control characters) or hex. */
export function previewBytes(bytes: Uint8Array, max = COMPOSER_PREVIEW_BYTES): PayloadPreview {
  const head = bytes.subarray(0, max)
  const more = bytes.byteLength > max
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head)
  // A cut may split the last character: up to three bytes of U+FFFD at the end are the cut's.
  const body = more ? text.replace(/\ufffd{1,3}$/, '') : text
  if (!body.includes('\ufffd') && !CONTROL.test(body)) return { kind: 'text', text: body, more }
  const hexBytes = head.subarray(0, Math.min(head.byteLength, 256))
  const hex = Array.from(hexBytes, (b) => b.toString(16).padStart(2, '0')).join(' ')
  return { kind: 'hex', text: hex, more: more || hexBytes.byteLength < head.byteLength }
}

/** The first characters of a long text payload (no decoding: it is text already). */
export function previewText(text: string, max = COMPOSER_PREVIEW_BYTES): PayloadPreview {
  return { kind: 'text', text: text.slice(0, max), more: text.length > max }
}
