/**
 * Payload encoders for the publish composer: what the user typed, in a chosen format, becomes the
 * bytes that go on the wire. Pure functions, used by the UI (to validate before sending) and by
 * the worker (repeats expand variables and encode every message again).
 */
import { encode as cborEncode } from 'cborg'
import { encode as msgpackEncode } from '@msgpack/msgpack'
import { coded, type Coded } from '../lib/coded'

export const PUBLISH_FORMATS = [
  'text',
  'json',
  'hex',
  'base64',
  'cbor',
  'msgpack',
  'protobuf',
  'script',
] as const
export type PublishFormat = (typeof PUBLISH_FORMATS)[number]

export const PUBLISH_FORMAT_LABELS: Record<PublishFormat, string> = {
  text: 'Text',
  json: 'JSON',
  hex: 'Hex',
  base64: 'Base64',
  cbor: 'CBOR (from JSON)',
  msgpack: 'MessagePack (from JSON)',
  protobuf: 'Protobuf (from JSON)',
  script: 'Script (encode)',
}

export type EncodeResult = { ok: true; bytes: Uint8Array } | { ok: false; error: Coded }

/** A protobuf message type that encodes the composer's JSON (codecs/protobufSchema.ts). */
export interface TextEncoderOf {
  encodeText(text: string): EncodeResult
}

/** The protobuf type bound to a topic, or why there is none (protobufRegistry.ts). */
export type ProtobufFor = (
  topic: string,
) => { ok: true; codec: TextEncoderOf } | { ok: false; error: Coded }

const utf8 = new TextEncoder()

/** UTF-8 bytes of a string. */
export function utf8Bytes(text: string): Uint8Array {
  return utf8.encode(text)
}

/** Line and column (both from 1) of a UTF-16 offset in `text`. */
export function lineColumn(text: string, position: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  const end = Math.min(position, text.length)
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: end - lineStart + 1 }
}

/**
 * Parses JSON or says where it is wrong: "Invalid JSON at line 2, column 5 (position 17):
 * Expected ',' or '}' after property value". V8 reports the position in its message; the end of
 * input has none, so it is the text's length.
 */
export function parseJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; error: Coded } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    const found = /at position (\d+)/.exec(message)
    const position = found
      ? Number(found[1])
      : /end of JSON input/i.test(message)
        ? text.length
        : -1
    const detail = message
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/\s*in JSON at position \d+/, '')
      .replace(/^JSON\.parse: /, '')
    if (position < 0) return { ok: false, error: coded('encode.json', { detail }) }
    const { line, column } = lineColumn(text, position)
    return { ok: false, error: coded('encode.jsonAt', { line, column, position, detail }) }
  }
}

/** The JSON text re-indented with two spaces, or the parse error. */
export function prettyJson(text: string): { ok: true; text: string } | { ok: false; error: Coded } {
  const parsed = parseJson(text)
  return parsed.ok ? { ok: true, text: JSON.stringify(parsed.value, null, 2) } : parsed
}

/**
 * Hex digits to bytes. Whitespace, `:`, `-` and `,` between digits are ignored, and so is a `0x`
 * prefix, so "de ad be ef", "DEADBEEF", "0xde 0xad" and "de:ad" all work.
 */
export function parseHex(text: string): EncodeResult {
  const digits: number[] = []
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? ''
    if (/[\s:,-]/.test(ch)) continue
    if (ch === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X') && digits.length % 2 === 0) {
      i++
      continue
    }
    const value = parseInt(ch, 16)
    if (Number.isNaN(value)) {
      const { line, column } = lineColumn(text, i)
      return { ok: false, error: coded('encode.hexDigit', { line, column, ch }) }
    }
    digits.push(value)
  }
  if (digits.length % 2 === 1) return { ok: false, error: coded('encode.hexOdd') }
  const bytes = new Uint8Array(digits.length / 2)
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = ((digits[2 * i] ?? 0) << 4) | (digits[2 * i + 1] ?? 0)
  return { ok: true, bytes }
}

/** Base64 (standard or URL-safe, padding optional, whitespace ignored) to bytes. */
export function parseBase64(text: string): EncodeResult {
  const clean = text.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/')
  const bad = /[^A-Za-z0-9+/=]/.exec(clean)
  if (bad) return { ok: false, error: coded('encode.base64Char', { ch: bad[0] }) }
  const body = clean.replace(/=+$/, '')
  if (body.includes('=')) return { ok: false, error: coded('encode.base64Pad') }
  if (body.length % 4 === 1) return { ok: false, error: coded('encode.base64Length') }
  const padded = body + '='.repeat((4 - (body.length % 4)) % 4)
  try {
    const binary = atob(padded)
    const bytes = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
    return { ok: true, bytes }
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err)
    return { ok: false, error: coded('encode.base64', { detail }) }
  }
}

/**
 * Encodes the composer's text in `format`. CBOR, MessagePack and Protobuf take JSON as their
 * input; Protobuf needs the message type (`protobuf`: the one bound to the topic).
 */
export function encodePayload(
  text: string,
  format: PublishFormat,
  protobuf?: TextEncoderOf,
): EncodeResult {
  switch (format) {
    case 'script':
      // An encode script runs in the worker for a single publish (store/publish/actions.ts);
      // this synchronous path (repeats, requests) cannot wait for it.
      return { ok: false, error: coded('script.encodeSingleOnly') }
    case 'protobuf':
      return protobuf ? protobuf.encodeText(text) : { ok: false, error: coded('protobuf.notBound') }
    case 'text':
      return { ok: true, bytes: utf8Bytes(text) }
    case 'json': {
      const parsed = parseJson(text)
      // The text is sent as typed (the user's formatting is kept); it only has to be valid.
      return parsed.ok ? { ok: true, bytes: utf8Bytes(text) } : parsed
    }
    case 'hex':
      return parseHex(text)
    case 'base64':
      return parseBase64(text)
    case 'cbor':
    case 'msgpack': {
      const parsed = parseJson(text)
      if (!parsed.ok) return parsed
      try {
        return {
          ok: true,
          bytes: format === 'cbor' ? cborEncode(parsed.value) : msgpackEncode(parsed.value),
        }
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err)
        return { ok: false, error: coded(`encode.${format}`, { detail }) }
      }
    }
  }
}
