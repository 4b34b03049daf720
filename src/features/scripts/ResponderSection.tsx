import type { TFunction } from 'i18next'
import { memo, useId } from 'react'
import { useTranslation } from 'react-i18next'
import { RESPONDER_MAX_BURST, RESPONDER_MAX_PER_S } from '../../engine/budgets'
import { useWord } from '../../i18n/word'
import type { Coded } from '../../lib/coded'
import type { ResponderLogEntry } from '../../scripting/responder'
import { selectShownId, useAppStore } from '../../store/appStore'
import { responders, setResponder, type ResponderView } from '../../store/responderStore'
import { useScriptStore } from '../../store/scriptStore'

const utf8 = new TextDecoder()
const clock = (ts: number) => new Date(ts).toLocaleTimeString(undefined, { hour12: false })

function stateText(v: ResponderView, t: TFunction<'scripts'>): string {
  const counts = t('{{sent}} sent, {{dropped}} rate-limited, {{failed}} failed', { ...v.counts })
  switch (v.state) {
    case 'none':
      return t('No responder on this connection.')
    case 'loading':
      return t('Loading “{{script}}”…', { script: v.scriptName })
    case 'failed':
      return t('Not running: “{{script}}” could not be loaded.', { script: v.scriptName })
    case 'on':
      return t('On: “{{script}}” answers {{filter}}. {{counts}}', {
        script: v.scriptName,
        filter: v.filter,
        counts,
      })
    case 'off':
      return t('Off. {{counts}}', { counts })
  }
}

/** One log line; entries never change after their last report, so a memo skips them. */
const LogLine = memo(function LogLine({ e }: { e: ResponderLogEntry }) {
  const { t } = useTranslation('scripts')
  const word = useWord()
  const time = <span className="muted">{clock(e.ts)}</span>
  if (e.kind === 'sent')
    return (
      <li className="ok">
        {time} {t('sent')} <span className="mono">{e.topic}</span>{' '}
        <span className="muted">
          {t('QoS {{qos}}, {{size}} bytes', { qos: e.qos, size: e.size })}
          {e.retain ? `, ${t('retained')}` : ''}
          {e.correlated ? `, ${t('with correlation data')}` : ''}
        </span>{' '}
        <span className="mono">{utf8.decode(e.preview)}</span>
      </li>
    )
  if (e.kind === 'dropped')
    return (
      <li className="warn">
        {time}{' '}
        {t('rate-limited: {{count}} not answered on {{topic}}', {
          count: e.count,
          topic: e.trigger,
        })}
      </li>
    )
  return (
    <li className="failed">
      {time} {t('failed on {{topic}}:', { topic: e.trigger })} {word(e.error)}
      {e.logs.length > 0 && <pre className="script-logs">{e.logs.join('\n')}</pre>}
    </li>
  )
})

/**
 * The shown connection's responder (UI contract: Scripts): when a message arrives on the filter,
 * the script's respond() runs in the worker and what it returns is published through THIS
 * connection, within the rate limit. Its state and log come from the worker's reports.
 */
export function ResponderSection() {
  const connId = useAppStore(selectShownId)
  const view = responders.useShown((v) => v)
  const scripts = useScriptStore((s) => s.scripts)
  const { t } = useTranslation('scripts')
  const word = useWord()
  const id = useId()
  const set = (patch: Parameters<typeof setResponder>[1]) => setResponder(connId, patch)
  const problem: Coded | undefined = view.problem
  return (
    <div className="responder" role="group" aria-label={t('Responder')}>
      <h3>{t('Responder')}</h3>
      <div className="pub-row">
        <label htmlFor={`${id}-f`}>{t('Responder filter')}</label>
        <input
          id={`${id}-f`}
          value={view.filter}
          spellCheck={false}
          placeholder="demo/device/+/request"
          onChange={(e) => set({ filter: e.target.value })}
        />
      </div>
      <div className="pub-row">
        <label htmlFor={`${id}-s`}>{t('Responder script')}</label>
        <select
          id={`${id}-s`}
          value={view.scriptId}
          onChange={(e) => set({ scriptId: e.target.value })}
        >
          <option value="">{t('(none)')}</option>
          {scripts.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        <label className="check">
          <input
            type="checkbox"
            checked={view.enabled}
            onChange={(e) => set({ enabled: e.target.checked })}
          />
          {t('Responder on')}
        </label>
      </div>
      <div className="pub-row">
        <label htmlFor={`${id}-r`}>{t('Responder rate (publishes/s)')}</label>
        <input
          id={`${id}-r`}
          type="number"
          className="num"
          min={1}
          max={RESPONDER_MAX_PER_S}
          value={view.perSecond}
          onChange={(e) => set({ perSecond: e.target.valueAsNumber })}
        />
        <label htmlFor={`${id}-b`}>{t('Responder burst')}</label>
        <input
          id={`${id}-b`}
          type="number"
          className="num"
          min={1}
          max={RESPONDER_MAX_BURST}
          value={view.burst}
          onChange={(e) => set({ burst: e.target.valueAsNumber })}
        />
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {word(problem)}
        </p>
      )}
      <p role="status" aria-label={t('Responder status')} className="responder-status">
        {stateText(view, t)}
      </p>
      {view.error && (
        <div className="field-error" role="alert" aria-label={t('Responder problem')}>
          <p>{word(view.error)}</p>
          <p>
            {view.state === 'failed'
              ? t('Fix the script in the editor above and save it: the responder loads it again.')
              : t(
                  'Its messages are not answered until it works: fix the script and save it, or turn the responder off. The rest of the app keeps working.',
                )}
          </p>
        </div>
      )}
      <div role="log" aria-label={t('Responder log')} className="responder-log">
        {view.log.length > 0 && (
          <ol className="pub-list">
            {view.log
              .slice()
              .reverse()
              .map((e) => (
                <LogLine key={e.seq} e={e} />
              ))}
          </ol>
        )}
      </div>
    </div>
  )
}
