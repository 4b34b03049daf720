/**
 * Payloads stay bytes; these functions make a view of them on demand. Nothing is cut silently:
 * when the bytes at hand are fewer than the payload's size, the result says so.
 */

export const PAYLOAD_FORMATS = ['auto', 'text', 'json', 'hex', 'base64'] as const
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number]

export const PAYLOAD_FORMAT_LABELS: Record<PayloadFormat, string> = {
  auto: 'Auto',
  text: 'Text',
  json: 'JSON',
  hex: 'Hex',
  base64: 'Base64',
}

/** How a view was made: `hex` also when Auto found the payload is not printable UTF-8. */
export type DecodedKind = 'empty' | 'text' | 'json' | 'hex' | 'base64'

export interface DecodedPayload {
  kind: DecodedKind
  text: string
  /** Set when the view is partial or the chosen format did not fit, e.g. "not valid JSON: …". */
  note?: string
}

// C0 control characters other than tab, line feed and carriage return mark binary data.
// eslint-disable-next-line no-control-regex
const BINARY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

/**
 * Strict UTF-8 decode; undefined when the bytes are not valid UTF-8 or contain control characters.
 * `partial` says the bytes are a prefix, so a multi-byte character cut at the end is not an error.
 */
export function strictText(bytes: Uint8Array, partial: boolean): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: partial })
    return BINARY_CONTROL.test(text) ? undefined : text
  } catch {
    return undefined
  }
}

/** "de ad be ef", wrapped into 16-byte lines when `lines` is set. */
export function toHex(bytes: Uint8Array, lines = false): string {
  const parts: string[] = []
  for (let i = 0; i < bytes.length; i++) {
    const sep = i === 0 ? '' : lines && i % 16 === 0 ? '\n' : ' '
    parts.push(sep + (bytes[i] ?? 0).toString(16).padStart(2, '0'))
  }
  return parts.join('')
}

/** Standard base64 of the bytes. */
export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  const CHUNK = 0x8000
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  }
  return btoa(binary)
}

function sizeNote(have: number, total: number): string | undefined {
  if (have >= total) return undefined
  const kb = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`)
  return `showing ${kb(have)} of ${kb(total)}`
}

function joinNotes(...notes: (string | undefined)[]): string | undefined {
  const list = notes.filter((n): n is string => !!n)
  return list.length ? list.join('; ') : undefined
}

/**
 * A view of `bytes` in `format`. `totalSize` is the payload's full size (bytes may be a prefix).
 * `pretty` pretty-prints JSON and wraps hex into lines (the details view); off for one-line previews.
 */
export function decodePayload(
  bytes: Uint8Array,
  format: PayloadFormat,
  totalSize: number = bytes.length,
  pretty = false,
): DecodedPayload {
  const partial = bytes.length < totalSize
  const cut = sizeNote(bytes.length, totalSize)
  if (totalSize === 0) return { kind: 'empty', text: '(empty)' }
  switch (format) {
    case 'hex':
      return withNote({ kind: 'hex', text: toHex(bytes, pretty) }, cut)
    case 'base64':
      return withNote({ kind: 'base64', text: toBase64(bytes) }, cut)
    case 'text':
      // Lenient decode: invalid bytes become U+FFFD, so the user sees where they are.
      return withNote(
        { kind: 'text', text: new TextDecoder('utf-8').decode(bytes, { stream: partial }) },
        cut,
      )
    case 'json': {
      const text = strictText(bytes, partial)
      if (text === undefined)
        return withNote(
          { kind: 'hex', text: toHex(bytes, pretty) },
          joinNotes('not UTF-8 text, shown as hex', cut),
        )
      if (partial) return withNote({ kind: 'text', text }, joinNotes('JSON cut short', cut))
      try {
        const value: unknown = JSON.parse(text)
        return {
          kind: 'json',
          text: pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value),
        }
      } catch (err) {
        return { kind: 'text', text, note: `not valid JSON: ${(err as Error).message}` }
      }
    }
    case 'auto': {
      const text = strictText(bytes, partial)
      if (text === undefined)
        return withNote(
          { kind: 'hex', text: toHex(bytes, pretty) },
          joinNotes('binary, shown as hex', cut),
        )
      if (pretty && !partial && /^\s*[[{]/.test(text)) {
        try {
          return { kind: 'json', text: JSON.stringify(JSON.parse(text) as unknown, null, 2) }
        } catch {
          // Not JSON after all: show the text as it is.
        }
      }
      return withNote({ kind: 'text', text }, cut)
    }
  }
}

function withNote(decoded: DecodedPayload, note: string | undefined): DecodedPayload {
  return note ? { ...decoded, note } : decoded
}

/** One line for a list row: line breaks shown as ⏎, long text left to CSS ellipsis. */
export function oneLine(text: string): string {
  return text.replace(/\r?\n/g, ' \u23ce ')
}
