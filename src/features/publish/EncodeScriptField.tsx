import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { composers } from '../../store/publish/composer'
import { useScriptStore } from '../../store/scriptStore'

/**
 * The script whose encode() makes the bytes of a publish in format Script (issue #16): its input
 * is the payload text, parsed as JSON when it is JSON. The script runs in the worker.
 */
export function EncodeScriptField({ connId }: { connId: string }) {
  const scripts = useScriptStore((s) => s.scripts)
  const chosen = composers.useShown((c) => c.encodeScriptId)
  const { t } = useTranslation('publish')
  const id = useId()
  const value = scripts.some((s) => s.id === chosen) ? chosen : ''
  return (
    <div className="pub-row">
      <label htmlFor={id}>{t('Encode script')}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => composers.patch(connId, { encodeScriptId: e.target.value })}
      >
        <option value="">{t('(choose a saved script)')}</option>
        {scripts.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </div>
  )
}
