import { create } from 'zustand'
import { MAX_SAVED_LAYOUTS } from '../../engine/budgets'
import type { Coded } from '../../lib/coded'
import { loadSaved, saveOnChange, storageKey } from '../../lib/persist'
import {
  savedWorkspace,
  THEMES,
  type Density,
  type GroupLayout,
  type ProfileLayout,
  type SavedWorkspace,
  type Theme,
} from '../../store/saved/workspace'

export { THEMES, type Density, type GroupLayout, type ProfileLayout, type Theme }

export const WORKSPACE_STORAGE_KEY = storageKey(savedWorkspace)

/** The panels a narrow window shows one at a time, as tabs. */
export type PanelName = 'tree' | 'details' | 'log' | 'charts' | 'connection'

type Persisted = SavedWorkspace

export interface WorkspaceState extends Persisted {
  narrowTab: PanelName
  shortcutsOpen: boolean
  paletteOpen: boolean
  /** What went wrong with stored preferences or saving them, shown until dismissed. */
  notice: Coded | undefined
  setTheme: (theme: Theme) => void
  setDensity: (density: Density) => void
  saveLayout: (profile: string, group: string, layout: GroupLayout) => void
  setNarrowTab: (tab: PanelName) => void
  setShortcutsOpen: (open: boolean) => void
  setPaletteOpen: (open: boolean) => void
  dismissNotice: () => void
}

const initial = loadSaved(savedWorkspace)

/**
 * Display preferences (theme, density) and panel sizes per broker URL, persisted in
 * localStorage; which narrow tab and which dialog is open is per page load.
 */
export const useWorkspaceStore = create<WorkspaceState>()((set) => ({
  ...initial.value,
  narrowTab: 'tree',
  shortcutsOpen: false,
  paletteOpen: false,
  notice: initial.notice,
  setTheme: (theme) => set({ theme }),
  setDensity: (density) => set({ density }),
  saveLayout: (profile, group, layout) =>
    set((s) => {
      const { [profile]: current, ...others } = s.layouts
      const keys = Object.keys(others)
      // Re-inserted last: the oldest profiles are the first keys and go beyond the budget.
      const kept = keys.slice(Math.max(0, keys.length - (MAX_SAVED_LAYOUTS - 1)))
      const layouts: Record<string, ProfileLayout> = {}
      for (const k of kept) layouts[k] = others[k]!
      layouts[profile] = { ...current, [group]: layout }
      return { layouts }
    }),
  setNarrowTab: (narrowTab) => set({ narrowTab }),
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  dismissNotice: () => set({ notice: undefined }),
}))

saveOnChange(
  useWorkspaceStore,
  savedWorkspace,
  (s): Persisted => ({ theme: s.theme, density: s.density, layouts: s.layouts }),
  (notice) => useWorkspaceStore.setState({ notice }),
)

/** The theme actually shown: "system" resolved with the operating system's preference. */
export function resolvedTheme(theme: Theme): 'light' | 'dark' {
  if (theme !== 'system') return theme
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
}
