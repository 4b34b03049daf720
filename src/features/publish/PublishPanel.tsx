import { useId, useState, type FormEvent, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useWord } from '../../i18n/word'
import {
  PUBLISH_FORMAT_LABELS,
  PUBLISH_FORMATS,
  prettyJson,
  type PublishFormat,
} from '../../codecs/encode'
import type { Coded } from '../../lib/coded'
import { formatCount } from '../../lib/format'
import type { QoS } from '../../wire/mqtt'
import { topicWarning } from '../../mqtt/publishDraft'
import { selectShownId, selectStatus, useAppStore } from '../../store/appStore'
import { publish } from '../../store/publish/actions'
import {
  clearQueue,
  composers,
  selectDraft,
  selectQueue,
  selectFile,
  selectResults,
  setDraft as setDraftOf,
  setProperties as setPropertiesOf,
  setQueueWhileDisconnected,
} from '../../store/publish/composer'
import { dismissStorageNotice, useLibraryStore } from '../../store/publish/library'
import { resultTime, resultWords } from './resultWords'
import { HistorySection, TemplatesSection } from './LibrarySections'
import { EncodeScriptField } from './EncodeScriptField'
import { PayloadField } from './PayloadField'
import { PropertiesEditor } from './PropertiesEditor'
import { PublishOutcome } from './PublishOutcome'
import { RepeatSection, RequestSection } from './RunSections'
import './publish.css'

const time = resultTime

/**
 * The publish composer (UI contract: "Publish"): topic, payload and its format, QoS, retain, MQTT
 * 5 properties, the result of each publish, the offline queue, request / response, repeats,
 * templates and history. Ctrl+Enter publishes.
 */
export function PublishPanel() {
  const connId = useAppStore(selectShownId)
  const draft = composers.useShown(selectDraft)
  const queue = composers.useShown(selectQueue)
  const results = composers.useShown(selectResults)
  const alert = composers.useShown((c) => c.alert)
  const alertField = composers.useShown((c) => c.alertField)
  const warnings = composers.useShown((c) => c.warnings)
  const queueWhileDisconnected = composers.useShown((c) => c.queueWhileDisconnected)
  const storageNotice = useLibraryStore((s) => s.storageNotice)
  const setDraft = (patch: Parameters<typeof setDraftOf>[1]) => setDraftOf(connId, patch)
  const setProperties = (patch: Parameters<typeof setPropertiesOf>[1]) =>
    setPropertiesOf(connId, patch)
  const status = useAppStore(selectStatus)
  const [formatNote, setFormatNote] = useState<Coded | undefined>()
  const { t } = useTranslation('publish')
  const word = useWord()
  const id = useId()
  const connected = status.state === 'connected'
  // Format names (JSON, CBOR, …) read the same in every language; these are words.
  const formatWords: Partial<Record<PublishFormat, string>> = {
    text: t('Text'),
    cbor: t('CBOR (from JSON)'),
    msgpack: t('MessagePack (from JSON)'),
    protobuf: t('Protobuf (from JSON)'),
    script: t('Script (encode)'),
  }
  const dollar = topicWarning(draft.topic)
  const file = composers.useShown(selectFile)
  const payloadChars = draft.payload.length

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    publish(connId)
  }
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault()
      publish(connId)
    }
  }
  const pretty = () => {
    const r = prettyJson(draft.payload)
    if (r.ok) {
      setDraft({ payload: r.text })
      setFormatNote(undefined)
    } else setFormatNote(r.error)
  }

  return (
    <section className="panel publish" aria-labelledby={`${id}-h`} onKeyDown={onKeyDown}>
      <h2 id={`${id}-h`}>{t('Publish')}</h2>
      {storageNotice && (
        <p className="note warn">
          {word(storageNotice)}{' '}
          <button type="button" className="link" onClick={dismissStorageNotice}>
            {t('OK')}
          </button>
        </p>
      )}
      <form onSubmit={onSubmit} className="pub-form">
        <label htmlFor={`${id}-t`} className="visually-hidden">
          {t('Publish topic')}
        </label>
        <input
          id={`${id}-t`}
          type="text"
          spellCheck={false}
          placeholder={t('topic, e.g. {{example}}', { example: 'sensors/room1/set' })}
          value={draft.topic}
          aria-invalid={alertField === 'topic' ? true : undefined}
          onChange={(e) => setDraft({ topic: e.target.value })}
        />
        {dollar && <p className="note warn">{word(dollar)}</p>}
        <div className="pub-row">
          <select
            aria-label={t('Publish format')}
            value={draft.format}
            disabled={file !== undefined}
            title={file ? t('A file is sent as it is, without a format.') : undefined}
            onChange={(e) => {
              const format = PUBLISH_FORMATS.find((f) => f === e.target.value) ?? 'text'
              setDraft({ format })
              setFormatNote(undefined)
            }}
          >
            {PUBLISH_FORMATS.map((f) => (
              <option key={f} value={f}>
                {formatWords[f] ?? PUBLISH_FORMAT_LABELS[f]}
              </option>
            ))}
          </select>
          {!file &&
            draft.format !== 'text' &&
            draft.format !== 'hex' &&
            draft.format !== 'base64' && (
              <button type="button" onClick={pretty}>
                {t('Pretty print')}
              </button>
            )}
          <span className="muted pub-size">
            {file
              ? t('{{n}} bytes', { n: formatCount(file.bytes.byteLength) })
              : payloadChars > 0
                ? t('{{n}} chars', { n: payloadChars.toLocaleString('en-US') })
                : ''}
          </span>
        </div>
        {!file && draft.format === 'script' && <EncodeScriptField connId={connId} />}
        <PayloadField
          connId={connId}
          draft={draft}
          invalid={alertField === 'payload'}
          onEdit={() => setFormatNote(undefined)}
        />
        {formatNote && <p className="note warn">{word(formatNote)}</p>}
        <div className="pub-row">
          <select
            aria-label={t('Publish QoS')}
            value={draft.qos}
            onChange={(e) => setDraft({ qos: Number(e.target.value) as QoS })}
          >
            <option value={0}>QoS 0</option>
            <option value={1}>QoS 1</option>
            <option value={2}>QoS 2</option>
          </select>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.retain}
              onChange={(e) => setDraft({ retain: e.target.checked })}
            />
            {t('Retain')}
          </label>
          <button type="submit" className="primary pub-send" title={t('Publish (Ctrl+Enter)')}>
            {t('Publish')}
          </button>
        </div>
        <PublishOutcome connId={connId} />
        <label className="check">
          <input
            type="checkbox"
            checked={queueWhileDisconnected}
            onChange={(e) => setQueueWhileDisconnected(connId, e.target.checked)}
          />
          {t('Queue while disconnected')}
        </label>
      </form>
      {alert && (
        <p role="alert" className="field-error">
          {word(alert)}
        </p>
      )}
      {warnings.map((w) => (
        <p key={w.code} className="note warn">
          {word(w)}
        </p>
      ))}
      <PropertiesEditor
        value={draft.properties}
        onChange={setProperties}
        v311={connected && status.protocolLevel === 4}
      />
      {queue.length > 0 && (
        <div className="pub-queue">
          <ul aria-label={t('Publish queue')} className="pub-list">
            {queue.map((q) => (
              <li key={q.id}>
                <span className="mono">{q.message.topic}</span>{' '}
                <span className="muted">
                  {t('QoS {{qos}}, queued {{time}}', {
                    qos: q.message.qos,
                    time: time(q.queuedAt),
                  })}
                </span>
              </li>
            ))}
          </ul>
          <p className="note">
            {t('{{n}} queued: sent when connected.', { n: queue.length })}{' '}
            <button type="button" className="link" onClick={() => clearQueue(connId)}>
              {t('Clear queue')}
            </button>
          </p>
        </div>
      )}
      {/* The log wraps the list (role=log on the <ol> would orphan its items) and is always
          there: a live region added together with its first entry is not announced. */}
      <div role="log" aria-label={t('Publish results')} className="pub-results-log">
        {results.length > 0 && (
          <ol className="pub-list pub-results">
            {results.map((r) => (
              <li key={r.id} className={r.result.ok ? 'ok' : 'failed'}>
                <span className="muted">{time(r.at)}</span> <span className="mono">{r.topic}</span>{' '}
                {resultWords(r.result, word)}
              </li>
            ))}
          </ol>
        )}
      </div>
      <RequestSection />
      <RepeatSection />
      <TemplatesSection />
      <HistorySection />
    </section>
  )
}
