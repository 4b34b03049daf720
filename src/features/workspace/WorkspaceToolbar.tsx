import { CommandPalette } from './CommandPalette'
import { ShortcutsDialog } from './ShortcutsDialog'
import { useDisplayPrefs } from './useDisplayPrefs'
import { useShortcuts } from './useShortcuts'
import { useWorkspaceStore, type Theme } from './workspaceStore'
import './workspace.css'

const THEME_LABELS: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' }

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
  const { setTheme, setDensity, setShortcutsOpen, setPaletteOpen, dismissNotice } =
    useWorkspaceStore.getState()

  return (
    <div className="ws-toolbar">
      <label className="inline">
        <span className="muted">Theme</span>
        <select value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
          {(Object.keys(THEME_LABELS) as Theme[]).map((t) => (
            <option key={t} value={t}>
              {THEME_LABELS[t]}
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
        Compact density
      </label>
      <button
        type="button"
        aria-haspopup="dialog"
        title="Command palette (Ctrl+K)"
        onClick={() => setPaletteOpen(true)}
      >
        Commands
      </button>
      <button
        type="button"
        aria-haspopup="dialog"
        aria-keyshortcuts="?"
        title="Keyboard shortcuts (?)"
        onClick={() => setShortcutsOpen(true)}
      >
        Keyboard shortcuts
      </button>
      {notice && (
        <p role="alert" className="ws-notice">
          {notice}{' '}
          <button type="button" className="link" onClick={dismissNotice}>
            Dismiss
          </button>
        </p>
      )}
      <ShortcutsDialog />
      <CommandPalette />
    </div>
  )
}
