import { useId, useState } from 'react'
import { PREVIEW_BYTES } from '../../engine/budgets'
import { downloadBlob, fileStamp } from '../../lib/download'
import { formatBytes, formatCount } from '../../lib/format'
import { dataStore } from '../../store/dataStore'
import { exportLog, type LogExportFormat, type RowSelection } from './logExport'
import { useLogViewStore, type LogTimeMode } from './logViewStore'
import { startRecording, stopRecording, useRecordStore } from './recording'

interface LogToolsProps {
  /** Why the topic box is matched as text (an invalid `+`/`#` filter). */
  filterNote: string | undefined
  /** "N of M match" while a filter is set. */
  matchText: string | undefined
  /** The rows the log shows: what the export writes. */
  rows: RowSelection
  topicOf: (topicId: number) => string
}

/**
 * The log's second toolbar: the two filter boxes and their match count, the time display,
 * export of what the log shows, and "Record" of every arriving message with its status.
 */
export function LogTools({ filterNote, matchText, rows, topicOf }: LogToolsProps) {
  const topicFilter = useLogViewStore((s) => s.topicFilter)
  const textFilter = useLogViewStore((s) => s.textFilter)
  const timeMode = useLogViewStore((s) => s.timeMode)
  const storageNote = useLogViewStore((s) => s.storageNote)
  const setTopicFilter = useLogViewStore((s) => s.setTopicFilter)
  const setTextFilter = useLogViewStore((s) => s.setTextFilter)
  const setTimeMode = useLogViewStore((s) => s.setTimeMode)
  const record = useRecordStore()
  const [exported, setExported] = useState<string | undefined>()
  const id = useId()

  const onExport = (format: LogExportFormat) => {
    const { blob, rows: written, truncated } = exportLog(format, dataStore.log, rows, topicOf)
    downloadBlob(blob, `mqtt-scope-log-${fileStamp()}.${format}`)
    const cut =
      truncated > 0
        ? ` ${formatCount(truncated)} of them hold only the first ${PREVIEW_BYTES} bytes of a larger payload (marked truncated); use Record for whole payloads.`
        : ''
    setExported(`Exported ${formatCount(written)} rows as ${format.toUpperCase()}.${cut}`)
  }

  const recording = record.phase === 'recording' || record.phase === 'stopping'
  const recordStatus = recording
    ? `${record.phase === 'stopping' ? 'Finishing' : 'Recording'}: ${formatCount(record.messages)} messages, ${formatBytes(record.bytes)} ${record.live ? `written to ${record.fileName}` : 'kept for the download when recording stops'}`
    : record.phase === 'choosing'
      ? 'Choose the file to record to…'
      : (record.message ?? '')

  return (
    <div className="log-tools">
      <input
        type="text"
        aria-label="Filter log by topic"
        placeholder="topic or filter (+, #)"
        spellCheck={false}
        value={topicFilter}
        onChange={(e) => setTopicFilter(e.target.value)}
      />
      <input
        type="text"
        aria-label="Filter log by text"
        placeholder="text in the preview"
        spellCheck={false}
        value={textFilter}
        onChange={(e) => setTextFilter(e.target.value)}
      />
      {/* Changes every frame: not announced (as the counters). */}
      <span role="status" aria-label="Log matches" aria-live="off" className="muted">
        {matchText ?? ''}
      </span>
      <label className="inline">
        <span className="visually-hidden">Log time</span>
        <select
          aria-label="Log time"
          value={timeMode}
          onChange={(e) => setTimeMode(e.target.value as LogTimeMode)}
        >
          <option value="clock">Clock</option>
          <option value="relative">Since previous row</option>
        </select>
      </label>
      <button
        type="button"
        onClick={() => onExport('ndjson')}
        title={`The rows shown, with payload previews of up to ${PREVIEW_BYTES} bytes`}
      >
        Export log as NDJSON
      </button>
      <button
        type="button"
        onClick={() => onExport('csv')}
        title={`The rows shown, with payload previews of up to ${PREVIEW_BYTES} bytes`}
      >
        Export log as CSV
      </button>
      {recording ? (
        <button
          type="button"
          className="recording"
          disabled={record.phase === 'stopping'}
          onClick={() => stopRecording()}
        >
          Stop recording
        </button>
      ) : (
        <button
          type="button"
          disabled={record.phase === 'choosing'}
          title="Write every arriving message, whole, to a file (not limited by the log)"
          onClick={() => void startRecording()}
        >
          Record
        </button>
      )}
      {filterNote && (
        <span id={`${id}-note`} className="log-filter-note">
          {filterNote}
        </span>
      )}
      {storageNote && <span className="log-filter-note">{storageNote}</span>}
      {exported && <span className="log-record-status">{exported}</span>}
      {/* Silent while recording: the count changes with every frame and would flood a screen
          reader; the outcome ("Recorded …") is announced when the recording ends. */}
      <span
        role="status"
        aria-label="Recording status"
        aria-live={recording ? 'off' : 'polite'}
        className="log-record-status"
      >
        {recordStatus}
      </span>
    </div>
  )
}
