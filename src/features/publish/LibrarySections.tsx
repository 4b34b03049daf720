import { useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useShallow } from 'zustand/react/shallow'
import { useWord } from '../../i18n/word'
import { coded, type Coded } from '../../lib/coded'
import { downloadBlob } from '../../lib/download'
import { selectShownId, useAppStore } from '../../store/appStore'
import { applyTemplate, composers, reuseHistory } from '../../store/publish/composer'
import {
  clearHistory,
  deleteTemplate,
  exportTemplates,
  importTemplates,
  saveTemplate,
  selectHistory,
  templateVisible,
  useLibraryStore,
  type TemplateScope,
} from '../../store/publish/library'

/**
 * Saved templates: global, or for the current broker URL (connection profiles do not exist yet,
 * so the broker URL stands in for one). Import and export as a JSON file.
 */
export function TemplatesSection() {
  const connId = useAppStore(selectShownId)
  const brokerUrl = useAppStore((s) => s.connections[s.shownId]?.form.url.trim() ?? '')
  const templates = useLibraryStore(
    useShallow((s) => s.templates.filter((tpl) => templateVisible(tpl, brokerUrl))),
  )
  const total = useLibraryStore((s) => s.templates.length)
  const [name, setName] = useState('')
  const [scope, setScope] = useState<'global' | 'broker'>('global')
  const [message, setMessage] = useState<Coded | undefined>()
  const word = useWord()
  const fileRef = useRef<HTMLInputElement>(null)
  const { t } = useTranslation('publish')
  const id = useId()

  const save = () => {
    const s: TemplateScope =
      scope === 'broker' && brokerUrl !== ''
        ? { kind: 'broker', url: brokerUrl }
        : { kind: 'global' }
    const problem = saveTemplate(name, s, composers.get(connId).draft)
    setMessage(problem ?? coded('library.saved', { name: name.trim() }))
    if (!problem) setName('')
  }
  const exportAll = () => {
    const blob = new Blob([exportTemplates()], { type: 'application/json' })
    downloadBlob(blob, 'mqtt-scope-templates.json')
  }
  const importFile = (file: File | undefined) => {
    if (!file) return
    file
      .text()
      .then((text) => setMessage(importTemplates(text).note))
      .catch((err: unknown) =>
        setMessage(coded('library.readFailed', { file: file.name, error: String(err) })),
      )
      .finally(() => {
        if (fileRef.current) fileRef.current.value = ''
      })
  }

  return (
    <details className="pub-section">
      <summary>{t('Templates')}</summary>
      <div className="pub-row">
        <input
          type="text"
          aria-label={t('Template name')}
          placeholder={t('name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <select
          aria-label={t('Template scope')}
          value={scope}
          onChange={(e) => setScope(e.target.value === 'broker' ? 'broker' : 'global')}
        >
          <option value="global">{t('All connections')}</option>
          <option value="broker">{t('This broker only')}</option>
        </select>
        <button type="button" onClick={save}>
          {t('Save template')}
        </button>
      </div>
      {message && (
        <p className="note" role="status" aria-label={t('Templates message')}>
          {word(message)}
        </p>
      )}
      {templates.length === 0 ? (
        <p className="note">
          {total > 0 ? t('No templates for this broker.') : t('No templates.')}{' '}
          {t(
            'A template keeps topic, payload, QoS, retain and properties; variables such as {{example}} expand when it is published.',
            { example: '{{counter}}' },
          )}
        </p>
      ) : (
        <ul aria-label={t('Templates')} className="pub-list">
          {templates.map((tpl) => (
            <li key={tpl.id} className="tpl">
              <button
                type="button"
                className="link"
                aria-label={t('Use template {{name}}', { name: tpl.name })}
                onClick={() => applyTemplate(connId, tpl.id)}
              >
                {tpl.name}
              </button>
              <span className="muted mono tpl-topic">{tpl.draft.topic}</span>
              {tpl.scope.kind === 'broker' && <span className="badge">{t('this broker')}</span>}
              <button
                type="button"
                className="icon"
                aria-label={t('Delete template {{name}}', { name: tpl.name })}
                title={t('Delete')}
                onClick={() => deleteTemplate(tpl.id)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="pub-row">
        <button type="button" onClick={exportAll} disabled={total === 0}>
          {t('Export templates')}
        </button>
        <label className="file-button">
          {t('Import templates…')}
          <input
            ref={fileRef}
            id={`${id}-imp`}
            type="file"
            accept="application/json,.json"
            className="visually-hidden"
            onChange={(e) => importFile(e.target.files?.[0])}
          />
        </label>
      </div>
    </details>
  )
}

/** The last publishes (persisted, at most 50): one click puts one back into the composer. */
export function HistorySection() {
  const connId = useAppStore(selectShownId)
  const history = useLibraryStore(selectHistory)
  const { t } = useTranslation('publish')
  return (
    <details className="pub-section">
      <summary>{t('History ({{count}})', { count: history.length })}</summary>
      {history.length === 0 ? (
        <p className="note">{t('Nothing published yet.')}</p>
      ) : (
        <>
          <ol aria-label={t('Publish history')} className="pub-list">
            {history.map((h, i) => (
              <li key={h.id} className="hist">
                <button
                  type="button"
                  className="link hist-use"
                  aria-label={t('Reuse history entry {{n}}', { n: i + 1 })}
                  title={t('Put back into the composer')}
                  onClick={() => reuseHistory(connId, h.id)}
                >
                  <span className="mono">{h.draft.topic}</span>{' '}
                  <span className="muted">
                    {h.draft.retain
                      ? t('QoS {{qos}}, retained', { qos: h.draft.qos })
                      : t('QoS {{qos}}', { qos: h.draft.qos })}{' '}
                    ·{' '}
                    {h.payloadOmitted !== undefined
                      ? t('payload not kept ({{n}} chars)', {
                          n: h.payloadOmitted.toLocaleString('en-US'),
                        })
                      : h.draft.payload.slice(0, 40) || t('(empty)')}
                  </span>
                </button>
              </li>
            ))}
          </ol>
          <button type="button" className="link" onClick={clearHistory}>
            {t('Clear history')}
          </button>
        </>
      )}
    </details>
  )
}
