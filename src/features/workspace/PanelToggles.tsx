import { ChartLine, FileText, ListTree, PanelLeft, ScrollText, type LucideIcon } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import type { Revealable } from './reveal'

/**
 * Accessible names are the contract's ("Show sidebar" …, pressed while the panel is on screen);
 * the visible words are the panel's name alone, which the accessible name contains (WCAG 2.5.3),
 * so the bar fits one row at 1280 px and "Show" never reads as a command on a shown panel.
 */
const TOGGLES = [
  { id: 'sidebar', label: 'Show sidebar', text: 'Sidebar', Icon: PanelLeft },
  { id: 'tree', label: 'Show topic tree', text: 'Tree', Icon: ListTree },
  { id: 'details', label: 'Show details', text: 'Details', Icon: FileText },
  { id: 'log', label: 'Show log', text: 'Log', Icon: ScrollText },
  { id: 'charts', label: 'Show charts', text: 'Charts', Icon: ChartLine },
] as const satisfies readonly { id: Revealable; label: string; text: string; Icon: LucideIcon }[]

/**
 * Group "Panels shown": one toggle button per panel. Pressed (the panel is on screen) is drawn
 * filled in the accent colour; not pressed is a dashed outline with muted words: the state reads
 * at a glance, and not by colour alone.
 */
export function PanelToggles({
  isShown,
  onToggle,
}: {
  isShown: (id: Revealable) => boolean
  onToggle: (id: Revealable, shown: boolean) => void
}) {
  const { t } = useTranslation('workspace')
  return (
    <div className="ws-toggles" role="group" aria-label={t('Panels shown')}>
      {TOGGLES.map(({ id, label, text, Icon }) => {
        const shown = isShown(id)
        return (
          <button
            key={id}
            type="button"
            className="ws-toggle"
            aria-label={t(label)}
            aria-pressed={shown}
            title={t(label)}
            onClick={() => onToggle(id, shown)}
          >
            <Icon size={16} aria-hidden="true" />
            <span className="ws-toggle-text">{t(text)}</span>
          </button>
        )
      })}
    </div>
  )
}
