import { Command, Keyboard } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { useWord } from '../../i18n/word'
import { CommandPalette } from './CommandPalette'
import { ShortcutsDialog } from './ShortcutsDialog'
import { useDisplayPrefs } from './useDisplayPrefs'
import { useShortcuts } from './useShortcuts'
import { useWorkspaceStore, type Theme } from './workspaceStore'
import './workspace.css'

const THEME_LABELS = { system: 'System', light: 'Light', dark: 'Dark' } as const satisfies Record<
  Theme,
  string
>

/**
 * Header controls of the workspace (theme, density, shortcuts, command palette); it also owns
 * the global keys and the two dialogs, so mounting it once wires all of them.
 */
export function WorkspaceToolbar() {
  useDisplayPrefs()
  useShortcuts()
  const theme = useWorkspaceStore((s) => s.theme)
  const density = useWorkspaceStore((s) => s.density)
  const notice = useWorkspaceStore((s) => s.notice)
  const word = useWord()
  const { t } = useTranslation('workspace')
  const { setTheme, setDensity, setShortcutsOpen, setPaletteOpen, dismissNotice } =
    useWorkspaceStore.getState()

  return (
    <div className="ws-toolbar">
      <label className="inline">
        <span className="muted">{t('Theme')}</span>
        <select value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
          {(Object.keys(THEME_LABELS) as Theme[]).map((choice) => (
            <option key={choice} value={choice}>
              {t(THEME_LABELS[choice])}
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        <input
          type="checkbox"
          checked={density === 'compact'}
          onChange={(e) => setDensity(e.target.checked ? 'compact' : 'comfortable')}
        />
        {t('Compact density')}
      </label>
      <button
        type="button"
        className="icon-button"
        aria-haspopup="dialog"
        title={t('Command palette (Ctrl+K)')}
        onClick={() => setPaletteOpen(true)}
      >
        <Command size={16} aria-hidden="true" />
        {t('Commands')}
      </button>
      {/* Named in full; the visible word is part of the name (WCAG 2.5.3). */}
      <button
        type="button"
        className="icon-button"
        aria-haspopup="dialog"
        aria-keyshortcuts="?"
        aria-label={t('Keyboard shortcuts')}
        title={t('Keyboard shortcuts (?)')}
        onClick={() => setShortcutsOpen(true)}
      >
        <Keyboard size={16} aria-hidden="true" />
        {t('Shortcuts')}
      </button>
      {notice && (
        <p role="alert" className="ws-notice">
          {word(notice)}{' '}
          <button type="button" className="link" onClick={dismissNotice}>
            {t('Dismiss')}
          </button>
        </p>
      )}
      <ShortcutsDialog />
      <CommandPalette />
    </div>
  )
}
