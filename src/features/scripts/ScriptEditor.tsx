import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useWord } from '../../i18n/word'
import type { Coded } from '../../lib/coded'
import {
  METER_DECODE_SCRIPT,
  METER_ENCODE_SCRIPT,
  MOCK_DEVICE_RESPONDER_SCRIPT,
} from '../../scripting/examples'
import { useScriptStore } from '../../store/scriptStore'

const EXAMPLES = {
  meterDecode: METER_DECODE_SCRIPT,
  meterEncode: METER_ENCODE_SCRIPT,
  mockDevice: MOCK_DEVICE_RESPONDER_SCRIPT,
} as const
type Example = keyof typeof EXAMPLES

/**
 * Writes and keeps the user's scripts (UI contract: Scripts): pick a saved one or a new one,
 * edit its name and source (a plain textarea), or start from a shipped example. The page does
 * not run the source: a syntax error or a missing function is reported, named, where the script
 * is used (the responder's status). Nothing typed is lost when saving is refused.
 */
export function ScriptEditor() {
  const scripts = useScriptStore((s) => s.scripts)
  const notice = useScriptStore((s) => s.notice)
  const [openId, setOpenId] = useState('')
  const [name, setName] = useState('')
  const [source, setSource] = useState('')
  const [error, setError] = useState<Coded | undefined>()
  const [saved, setSaved] = useState('')
  const { t } = useTranslation('scripts')
  const word = useWord()
  const id = useId()
  const exampleNames: Record<Example, string> = {
    meterDecode: t('Meter decoder (decode)'),
    meterEncode: t('Meter encoder (encode)'),
    mockDevice: t('Mock device (respond)'),
  }

  const open = (next: string) => {
    setOpenId(next)
    const s = scripts.find((x) => x.id === next)
    setName(s?.name ?? '')
    setSource(s?.source ?? '')
    setError(undefined)
    setSaved('')
  }
  const loadExample = (example: Example) => {
    setSource(EXAMPLES[example])
    if (name.trim() === '') setName(exampleNames[example])
    setSaved('')
  }
  const save = () => {
    const r = useScriptStore
      .getState()
      .save(openId === '' ? { name, source } : { id: openId, name, source })
    if (!r.ok) {
      setError(r.error)
      setSaved('')
      return
    }
    setError(undefined)
    setOpenId(r.id)
    setSaved(t('Saved “{{name}}”.', { name: name.trim() }))
  }

  return (
    <div className="script-editor" role="group" aria-label={t('Script editor')}>
      <div className="pub-row">
        <label htmlFor={`${id}-open`}>{t('Script')}</label>
        <select id={`${id}-open`} value={openId} onChange={(e) => open(e.target.value)}>
          <option value="">{t('New script')}</option>
          {scripts.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        <select
          aria-label={t('Load example')}
          value=""
          onChange={(e) => {
            if (e.target.value in EXAMPLES) loadExample(e.target.value as Example)
          }}
        >
          <option value="">{t('Load example…')}</option>
          {(Object.keys(EXAMPLES) as Example[]).map((k) => (
            <option key={k} value={k}>
              {exampleNames[k]}
            </option>
          ))}
        </select>
      </div>
      <div className="pub-row">
        <label htmlFor={`${id}-name`}>{t('Script name')}</label>
        <input
          id={`${id}-name`}
          value={name}
          spellCheck={false}
          onChange={(e) => {
            setName(e.target.value)
            setSaved('')
          }}
        />
      </div>
      <textarea
        aria-label={t('Script source')}
        className="script-source"
        rows={10}
        spellCheck={false}
        placeholder={
          'export function respond(message) {\n  return { topic: message.topic + "/reply", payload: message.json }\n}'
        }
        value={source}
        onChange={(e) => {
          setSource(e.target.value)
          setSaved('')
        }}
      />
      <p className="note muted">
        {t(
          'Export decode(bytes, topic), encode(input, topic) or respond(message). Scripts run in a sandbox: no network, page or storage.',
        )}
      </p>
      <div className="pub-row">
        <button type="button" onClick={save}>
          {t('Save script')}
        </button>
        {openId !== '' && (
          <button
            type="button"
            onClick={() => {
              useScriptStore.getState().remove(openId)
              open('')
            }}
          >
            {t('Delete script')}
          </button>
        )}
        <span role="status" aria-label={t('Script status')} className="muted">
          {saved}
        </span>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {word(error)}
        </p>
      )}
      {notice && <p className="note warn">{word(notice)}</p>}
    </div>
  )
}
