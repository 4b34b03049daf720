import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { ResponderSection } from './ResponderSection'
import { ScriptEditor } from './ScriptEditor'
import './scripts.css'

/**
 * Your own scripts (issue #16): the editor of the saved scripts, and the shown connection's
 * responder. Scripts run in the MQTT worker, each in a QuickJS sandbox of its own.
 */
export function ScriptsPanel() {
  const { t } = useTranslation('scripts')
  const id = useId()
  return (
    <section className="panel scripts" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('Scripts')}</h2>
      <ScriptEditor />
      <ResponderSection />
    </section>
  )
}
