import { CSV_HEADER, csvLine, ndjsonLine, type MessageRecord } from '../../lib/messageRecords'
import { FLAG_RETAIN, QOS_SHIFT } from '../../wire/frame'
import type { LogRing } from '../../store/LogRing'

export type LogExportFormat = 'ndjson' | 'csv'

/** Which rows to export: `count` of them, the i-th at absolute ring index `at(i)`. */
export interface RowSelection {
  count: number
  at(i: number): number
}

/** The log row at absolute index `index` as a file record (its ≤ 256-byte preview as the bytes). */
export function recordOf(
  ring: LogRing,
  index: number,
  topicOf: (topicId: number) => string,
): MessageRecord | undefined {
  const row = ring.row(index)
  if (!row) return undefined
  return {
    ts: row.ts,
    topic: topicOf(row.topicId),
    qos: (row.flags >> QOS_SHIFT) & 3,
    retain: (row.flags & FLAG_RETAIN) !== 0,
    size: row.size,
    bytes: row.preview,
  }
}

/**
 * The selected rows as an NDJSON or CSV file. Each row holds the payload preview the log keeps
 * (the first PREVIEW_BYTES bytes), so every record says `truncated` when that is less than the
 * payload; "Record" is the way to capture whole payloads.
 */
export function exportLog(
  format: LogExportFormat,
  ring: LogRing,
  rows: RowSelection,
  topicOf: (topicId: number) => string,
): { blob: Blob; rows: number; truncated: number } {
  const parts: string[] = format === 'csv' ? [CSV_HEADER] : []
  let written = 0
  let truncated = 0
  for (let i = 0; i < rows.count; i++) {
    const record = recordOf(ring, rows.at(i), topicOf)
    if (!record) continue
    parts.push(format === 'csv' ? csvLine(record) : ndjsonLine(record, true))
    written++
    if (record.bytes.length < record.size) truncated++
  }
  const type = format === 'csv' ? 'text/csv' : 'application/x-ndjson'
  return { blob: new Blob(parts, { type }), rows: written, truncated }
}
