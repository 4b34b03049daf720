import { useEffect } from 'react'
import { useAppStore } from '../../store/appStore'
import { showConnection } from '../../store/connections'
import { setPaused } from '../../store/view'
import { focusField } from './domTargets'
import { revealPanel } from './reveal'
import { isTypingTarget, shortcutFor, type ShortcutAction } from './shortcuts'
import { useWorkspaceStore } from './workspaceStore'

function perform(action: ShortcutAction): void {
  const ws = useWorkspaceStore.getState()
  switch (action.kind) {
    case 'palette':
      ws.setShortcutsOpen(false)
      ws.setPaletteOpen(!ws.paletteOpen)
      return
    case 'help':
      ws.setPaletteOpen(false)
      ws.setShortcutsOpen(true)
      return
    case 'filterTopics':
      revealPanel('tree')
      focusField({ ns: 'topicTree', key: 'Filter topics' })
      return
    case 'toggleLogPause': {
      const app = useAppStore.getState()
      setPaused(app.shownId, !app.connections[app.shownId]?.paused)
      return
    }
    case 'connection': {
      const app = useAppStore.getState()
      const id = app.order[action.index]
      if (id !== undefined && id !== app.shownId) showConnection(id)
      return
    }
  }
}

/** The workspace's global keys, listened to once on the window (see `shortcutFor`). */
export function useShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.isComposing) return
      const target = e.target instanceof Element ? e.target : null
      // A dialog is modal: only Ctrl+K (to switch to the palette) reaches through it.
      const inDialog = target?.closest('dialog[open]') != null
      const action = shortcutFor(e, {
        typing: isTypingTarget(target) || inDialog,
        inLog: target?.closest('[data-shortcut-scope="log"]') != null,
      })
      if (!action) return
      // Consumed: the topic tree's type-ahead must not also see the "/" or "?".
      e.preventDefault()
      e.stopPropagation()
      perform(action)
    }
    // Capture phase: runs before the panels' own key handlers (React listens at the root).
    window.addEventListener('keydown', onKeyDown, true)
    return () => window.removeEventListener('keydown', onKeyDown, true)
  }, [])
}
