import { useId, useState, type FormEvent, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { translateReason } from '../../i18n/reasons'
import {
  PUBLISH_FORMAT_LABELS,
  PUBLISH_FORMATS,
  prettyJson,
  type PublishFormat,
} from '../../codecs/encode'
import type { QoS } from '../../mqtt/protocol'
import { topicWarning } from '../../mqtt/publishDraft'
import { selectStatus, useAppStore } from '../../store/appStore'
import { selectDraft, selectQueue, selectResults, usePublishStore } from '../../store/publishStore'
import { HistorySection, TemplatesSection } from './LibrarySections'
import { PropertiesEditor } from './PropertiesEditor'
import { RepeatSection, RequestSection } from './RunSections'
import './publish.css'

const time = (ms: number) => new Date(ms).toLocaleTimeString()

/**
 * The publish composer (UI contract: "Publish"): topic, payload and its format, QoS, retain, MQTT
 * 5 properties, the result of each publish, the offline queue, request / response, repeats,
 * templates and history. Ctrl+Enter publishes.
 */
export function PublishPanel() {
  const draft = usePublishStore(selectDraft)
  const queue = usePublishStore(selectQueue)
  const results = usePublishStore(selectResults)
  const alert = usePublishStore((s) => s.alert)
  const alertField = usePublishStore((s) => s.alertField)
  const warnings = usePublishStore((s) => s.warnings)
  const queueWhileDisconnected = usePublishStore((s) => s.queueWhileDisconnected)
  const storageNotice = usePublishStore((s) => s.storageNotice)
  const setDraft = usePublishStore((s) => s.setDraft)
  const setProperties = usePublishStore((s) => s.setProperties)
  const publish = usePublishStore((s) => s.publish)
  const status = useAppStore(selectStatus)
  const [formatNote, setFormatNote] = useState<string | undefined>()
  const { t } = useTranslation('publish')
  const id = useId()
  const connected = status.state === 'connected'
  // Format names (JSON, CBOR, …) read the same in every language; these are words.
  const formatWords: Partial<Record<PublishFormat, string>> = {
    text: t('Text'),
    cbor: t('CBOR (from JSON)'),
    msgpack: t('MessagePack (from JSON)'),
  }
  const dollar = topicWarning(draft.topic)
  const payloadBytes = draft.payload.length

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    publish()
  }
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault()
      publish()
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
          {translateReason(storageNotice)}{' '}
          <button
            type="button"
            className="link"
            onClick={() => usePublishStore.getState().dismissStorageNotice()}
          >
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
        {dollar && <p className="note warn">{translateReason(dollar)}</p>}
        <div className="pub-row">
          <select
            aria-label={t('Publish format')}
            value={draft.format}
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
          {draft.format !== 'text' && draft.format !== 'hex' && draft.format !== 'base64' && (
            <button type="button" onClick={pretty}>
              {t('Pretty print')}
            </button>
          )}
          <span className="muted pub-size">
            {payloadBytes > 0 ? t('{{n}} chars', { n: payloadBytes.toLocaleString('en-US') }) : ''}
          </span>
        </div>
        <label htmlFor={`${id}-p`} className="visually-hidden">
          {t('Payload')}
        </label>
        <textarea
          id={`${id}-p`}
          className="pub-payload"
          spellCheck={false}
          rows={4}
          placeholder={
            draft.format === 'hex'
              ? 'de ad be ef'
              : draft.format === 'text'
                ? t('payload; variables: {{list}}', {
                    list: '{{timestamp}} {{iso}} {{uuid}} {{counter}} {{random 0 100}}',
                  })
                : '{"value": {{random 0 100}}}'
          }
          value={draft.payload}
          aria-invalid={alertField === 'payload' ? true : undefined}
          onChange={(e) => {
            setDraft({ payload: e.target.value })
            setFormatNote(undefined)
          }}
        />
        {formatNote && <p className="note warn">{formatNote}</p>}
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
        <label className="check">
          <input
            type="checkbox"
            checked={queueWhileDisconnected}
            onChange={(e) => usePublishStore.getState().setQueueWhileDisconnected(e.target.checked)}
          />
          {t('Queue while disconnected')}
        </label>
      </form>
      {alert && (
        <p role="alert" className="field-error">
          {translateReason(alert)}
        </p>
      )}
      {warnings.map((w) => (
        <p key={w} className="note warn">
          {translateReason(w)}
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
            <button
              type="button"
              className="link"
              onClick={() => usePublishStore.getState().clearQueue()}
            >
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
              <li key={r.id} className={r.ok ? 'ok' : 'failed'}>
                <span className="muted">{time(r.at)}</span> <span className="mono">{r.topic}</span>{' '}
                {translateReason(r.text)}
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
