import { useWorkspaceStore, type PanelName } from './workspaceStore'

/** A panel the wide layout can hide and show again. */
export type Revealable = 'sidebar' | 'tree' | 'details' | 'log' | 'charts' | 'retained'

let revealer: ((panel: Revealable) => void) | undefined

/** The wide layout registers how it shows a collapsed panel; the narrow one needs no help. */
export function setRevealer(fn: (panel: Revealable) => void): () => void {
  revealer = fn
  return () => {
    if (revealer === fn) revealer = undefined
  }
}

/**
 * Brings a panel on screen before a shortcut or a command uses it: its tab on a narrow window,
 * expanded if it was collapsed on a wide one.
 */
export function revealPanel(panel: Revealable): void {
  const tab: PanelName =
    panel === 'sidebar' ? 'connection' : panel === 'retained' ? 'details' : panel
  useWorkspaceStore.getState().setNarrowTab(tab)
  revealer?.(panel)
}
