import { useId, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../../store/appStore'
import {
  selectHistory,
  templateVisible,
  usePublishStore,
  type TemplateScope,
} from '../../store/publishStore'

/**
 * Saved templates: global, or for the current broker URL (connection profiles do not exist yet,
 * so the broker URL stands in for one). Import and export as a JSON file.
 */
export function TemplatesSection() {
  const brokerUrl = useAppStore((s) => s.form.url.trim())
  const templates = usePublishStore(
    useShallow((s) => s.templates.filter((t) => templateVisible(t, brokerUrl))),
  )
  const total = usePublishStore((s) => s.templates.length)
  const [name, setName] = useState('')
  const [scope, setScope] = useState<'global' | 'broker'>('global')
  const [message, setMessage] = useState<string | undefined>()
  const fileRef = useRef<HTMLInputElement>(null)
  const id = useId()

  const save = () => {
    const s: TemplateScope =
      scope === 'broker' && brokerUrl !== ''
        ? { kind: 'broker', url: brokerUrl }
        : { kind: 'global' }
    const problem = usePublishStore.getState().saveTemplate(name, s)
    setMessage(problem ?? `Saved "${name.trim()}".`)
    if (!problem) setName('')
  }
  const exportAll = () => {
    const blob = new Blob([usePublishStore.getState().exportTemplates()], {
      type: 'application/json',
    })
    const url = URL.createObjectURL(blob)
    const a = document.createElement('a')
    a.href = url
    a.download = 'mqtt-scope-templates.json'
    a.click()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
  const importFile = (file: File | undefined) => {
    if (!file) return
    file
      .text()
      .then((text) => setMessage(usePublishStore.getState().importTemplates(text)))
      .catch((err: unknown) => setMessage(`Could not read ${file.name}: ${String(err)}`))
      .finally(() => {
        if (fileRef.current) fileRef.current.value = ''
      })
  }

  return (
    <details className="pub-section">
      <summary>Templates</summary>
      <div className="pub-row">
        <input
          type="text"
          aria-label="Template name"
          placeholder="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <select
          aria-label="Template scope"
          value={scope}
          onChange={(e) => setScope(e.target.value === 'broker' ? 'broker' : 'global')}
        >
          <option value="global">All connections</option>
          <option value="broker">This broker only</option>
        </select>
        <button type="button" onClick={save}>
          Save template
        </button>
      </div>
      {message && (
        <p className="note" role="status" aria-label="Templates message">
          {message}
        </p>
      )}
      {templates.length === 0 ? (
        <p className="note">
          No templates{total > 0 ? ' for this broker' : ''}. A template keeps topic, payload, QoS,
          retain and properties; variables such as {'{{counter}}'} expand when it is published.
        </p>
      ) : (
        <ul aria-label="Templates" className="pub-list">
          {templates.map((t) => (
            <li key={t.id} className="tpl">
              <button
                type="button"
                className="link"
                aria-label={`Use template ${t.name}`}
                onClick={() => usePublishStore.getState().applyTemplate(t.id)}
              >
                {t.name}
              </button>
              <span className="muted mono tpl-topic">{t.draft.topic}</span>
              {t.scope.kind === 'broker' && <span className="badge">this broker</span>}
              <button
                type="button"
                className="icon"
                aria-label={`Delete template ${t.name}`}
                title="Delete"
                onClick={() => usePublishStore.getState().deleteTemplate(t.id)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="pub-row">
        <button type="button" onClick={exportAll} disabled={total === 0}>
          Export templates
        </button>
        <label className="file-button">
          Import templates…
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
  const history = usePublishStore(selectHistory)
  return (
    <details className="pub-section">
      <summary>History ({history.length})</summary>
      {history.length === 0 ? (
        <p className="note">Nothing published yet.</p>
      ) : (
        <>
          <ol aria-label="Publish history" className="pub-list">
            {history.map((h, i) => (
              <li key={h.id} className="hist">
                <button
                  type="button"
                  className="link hist-use"
                  aria-label={`Reuse history entry ${i + 1}`}
                  title="Put back into the composer"
                  onClick={() => usePublishStore.getState().reuseHistory(h.id)}
                >
                  <span className="mono">{h.draft.topic}</span>{' '}
                  <span className="muted">
                    QoS {h.draft.qos}
                    {h.draft.retain ? ', retained' : ''} ·{' '}
                    {h.payloadOmitted !== undefined
                      ? `payload not kept (${h.payloadOmitted.toLocaleString('en-US')} chars)`
                      : h.draft.payload.slice(0, 40) || '(empty)'}
                  </span>
                </button>
              </li>
            ))}
          </ol>
          <button
            type="button"
            className="link"
            onClick={() => usePublishStore.getState().clearHistory()}
          >
            Clear history
          </button>
        </>
      )}
    </details>
  )
}
