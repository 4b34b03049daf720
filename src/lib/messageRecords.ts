/**
 * One message as a line of a file: the NDJSON of the log export and of "Record" (written in the
 * worker), and the CSV of the log export. Shared so that both files read the same way.
 */

/** One message as it goes into a file. */
export interface MessageRecord {
  /** Arrival time, ms since the epoch. */
  ts: number
  topic: string
  qos: number
  retain: boolean
  /** The payload's real size in bytes. */
  size: number
  /** The bytes held: the whole payload, or a preview of its first bytes. */
  bytes: Uint8Array
}

/** A payload as a JSON/CSV field: UTF-8 text when it is valid UTF-8, otherwise base64. */
export interface PayloadField {
  encoding: 'utf8' | 'base64'
  payload: string
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** Standard base64, in chunks (String.fromCharCode takes a bounded argument list). */
function base64(bytes: Uint8Array): string {
  let binary = ''
  const CHUNK = 0x8000
  for (let i = 0; i < bytes.length; i += CHUNK)
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  return btoa(binary)
}

/**
 * The payload field of `bytes`. `cut` says the bytes are a prefix of the payload: a character
 * split at the cut is then left out instead of making the whole preview base64.
 */
export function payloadField(bytes: Uint8Array, cut = false): PayloadField {
  try {
    // stream: true holds back an incomplete last character; a fresh decoder keeps no leftovers.
    const text = cut
      ? new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true })
      : strictUtf8.decode(bytes)
    return { encoding: 'utf8', payload: text }
  } catch {
    return { encoding: 'base64', payload: base64(bytes) }
  }
}

/** True when the record holds fewer bytes than the payload had. */
export function isTruncated(record: MessageRecord): boolean {
  return record.bytes.length < record.size
}

/** One NDJSON line (with its "\n"). `truncated` is written only when the bytes can be a preview. */
export function ndjsonLine(record: MessageRecord, withTruncated: boolean): string {
  const truncated = isTruncated(record)
  const { encoding, payload } = payloadField(record.bytes, truncated)
  const line: Record<string, unknown> = {
    time: new Date(record.ts).toISOString(),
    topic: record.topic,
    qos: record.qos,
    retain: record.retain,
    size: record.size,
    encoding,
    payload,
  }
  if (withTruncated) line.truncated = truncated
  return `${JSON.stringify(line)}\n`
}

export const CSV_HEADER = 'time,topic,qos,retain,size,truncated,encoding,payload\r\n'

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** One CSV row (with its CRLF), the columns of CSV_HEADER. */
export function csvLine(record: MessageRecord): string {
  const truncated = isTruncated(record)
  const { encoding, payload } = payloadField(record.bytes, truncated)
  return `${[
    new Date(record.ts).toISOString(),
    csvField(record.topic),
    String(record.qos),
    String(record.retain),
    String(record.size),
    String(truncated),
    encoding,
    csvField(payload),
  ].join(',')}\r\n`
}
