import { CircleDot, CircleStop, FileBraces, FileSpreadsheet } from 'lucide-react'
import { memo, useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useWord } from '../../i18n/word'
import { NOTE_SHOWN_MS, PREVIEW_BYTES } from '../../engine/budgets'
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
export const LogTools = memo(function LogTools({
  filterNote,
  matchText,
  rows,
  topicOf,
}: LogToolsProps) {
  const topicFilter = useLogViewStore((s) => s.topicFilter)
  const textFilter = useLogViewStore((s) => s.textFilter)
  const timeMode = useLogViewStore((s) => s.timeMode)
  const storageNote = useLogViewStore((s) => s.storageNote)
  const word = useWord()
  const setTopicFilter = useLogViewStore((s) => s.setTopicFilter)
  const setTextFilter = useLogViewStore((s) => s.setTextFilter)
  const setTimeMode = useLogViewStore((s) => s.setTimeMode)
  const record = useRecordStore()
  // Outcome notes of a past action fade after NOTE_SHOWN_MS or at the next action here: left on
  // screen, "Exported 8 rows" read as if it were about the log shown now.
  const [exportNote, setExportNote] = useState<{ text: string }>()
  const [exported, dropExported] = useFadingNote(exportNote)
  const [recordMessage, dropRecordMessage] = useFadingNote(record.message)
  const acted = () => {
    dropExported()
    dropRecordMessage()
  }
  const id = useId()
  const { t } = useTranslation('messages')

  const onExport = (format: LogExportFormat) => {
    acted()
    const { blob, rows: written, truncated } = exportLog(format, dataStore.log, rows, topicOf)
    downloadBlob(blob, `mqtt-scope-log-${fileStamp()}.${format}`)
    const cut =
      truncated > 0
        ? t(
            ' {{n}} of them hold only the first {{bytes}} bytes of a larger payload (marked truncated); use Record for whole payloads.',
            { n: formatCount(truncated), bytes: PREVIEW_BYTES },
          )
        : ''
    setExportNote({
      text:
        t('Exported {{n}} rows as {{format}}.', {
          n: formatCount(written),
          format: format.toUpperCase(),
        }) + cut,
    })
  }

  const recording = record.phase === 'recording' || record.phase === 'stopping'
  const progress = {
    n: formatCount(record.messages),
    size: formatBytes(record.bytes),
    file: record.fileName,
  }
  const recordStatus = recording
    ? record.phase === 'stopping'
      ? record.live
        ? t('Finishing: {{n}} messages, {{size}} written to {{file}}', progress)
        : t(
            'Finishing: {{n}} messages, {{size}} kept for the download when recording stops',
            progress,
          )
      : record.live
        ? t('Recording: {{n}} messages, {{size}} written to {{file}}', progress)
        : t(
            'Recording: {{n}} messages, {{size}} kept for the download when recording stops',
            progress,
          )
    : record.phase === 'choosing'
      ? t('Choose the file to record to…')
      : recordMessage && word(recordMessage)

  return (
    <div className="log-tools">
      <input
        type="text"
        aria-label={t('Filter log by topic')}
        placeholder={t('topic or filter (+, #)')}
        spellCheck={false}
        value={topicFilter}
        onChange={(e) => {
          acted()
          setTopicFilter(e.target.value)
        }}
      />
      <input
        type="text"
        aria-label={t('Filter log by text')}
        placeholder={t('text in the preview')}
        spellCheck={false}
        value={textFilter}
        onChange={(e) => {
          acted()
          setTextFilter(e.target.value)
        }}
      />
      {/* Changes every frame: not announced (as the counters). */}
      <span
        role="status"
        aria-label={t('Log matches')}
        aria-live="off"
        className="muted log-matches"
      >
        {matchText ?? ''}
      </span>
      <label className="inline">
        <span className="visually-hidden">{t('Log time')}</span>
        <select
          aria-label={t('Log time')}
          value={timeMode}
          onChange={(e) => {
            acted()
            setTimeMode(e.target.value as LogTimeMode)
          }}
        >
          <option value="clock">{t('Clock')}</option>
          <option value="relative">{t('Since previous row')}</option>
        </select>
      </label>
      {/* Icons with their names (and the details in the title): with words the row wrapped onto
          a second line at 1280 px (#14). */}
      <button
        type="button"
        className="icon-button icon"
        aria-label={t('Export log as NDJSON')}
        onClick={() => onExport('ndjson')}
        title={t('Export the rows shown as NDJSON (payload previews of up to {{bytes}} bytes)', {
          bytes: PREVIEW_BYTES,
        })}
      >
        <FileBraces size={16} aria-hidden="true" />
      </button>
      <button
        type="button"
        className="icon-button icon"
        aria-label={t('Export log as CSV')}
        onClick={() => onExport('csv')}
        title={t('Export the rows shown as CSV (payload previews of up to {{bytes}} bytes)', {
          bytes: PREVIEW_BYTES,
        })}
      >
        <FileSpreadsheet size={16} aria-hidden="true" />
      </button>
      {recording ? (
        <button
          type="button"
          className="icon-button icon recording"
          aria-label={t('Stop recording')}
          title={t('Stop recording')}
          disabled={record.phase === 'stopping'}
          onClick={() => stopRecording()}
        >
          <CircleStop size={16} aria-hidden="true" />
        </button>
      ) : (
        <button
          type="button"
          className="icon-button icon"
          aria-label={t('Record')}
          disabled={record.phase === 'choosing'}
          title={t(
            'Record: write every arriving message, whole, to a file (not limited by the log)',
          )}
          onClick={() => {
            acted()
            void startRecording()
          }}
        >
          <CircleDot size={16} aria-hidden="true" />
        </button>
      )}
      {filterNote && (
        <span id={`${id}-note`} className="log-filter-note">
          {filterNote}
        </span>
      )}
      {storageNote && <span className="log-filter-note">{word(storageNote)}</span>}
      {exported && <span className="log-record-status">{exported.text}</span>}
      {/* Silent while recording: the count changes with every frame and would flood a screen
          reader; the outcome ("Recorded …") is announced when the recording ends. */}
      <span
        role="status"
        aria-label={t('Recording status')}
        aria-live={recording ? 'off' : 'polite'}
        className="log-record-status"
      >
        {recordStatus}
      </span>
    </div>
  )
})

/**
 * `note` until NOTE_SHOWN_MS after it appeared or until `drop()`; a new note (a new object) is
 * shown afresh. Returns the note to show and `drop`.
 */
function useFadingNote<T extends object>(note: T | undefined): [T | undefined, () => void] {
  const [gone, setGone] = useState<T>()
  useEffect(() => {
    if (note === undefined) return
    const timer = setTimeout(() => setGone(note), NOTE_SHOWN_MS)
    return () => clearTimeout(timer)
  }, [note])
  return [note === gone ? undefined : note, () => setGone(note)]
}
