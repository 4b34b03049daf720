import { create } from 'zustand'
import { MAX_SAVED_LAYOUTS } from '../../engine/budgets'
import { readLocal, writeLocal } from '../../lib/localStore'

export const WORKSPACE_STORAGE_KEY = 'mqtt-scope.workspace'

export type Theme = 'system' | 'light' | 'dark'
export type Density = 'comfortable' | 'compact'
/** The panels a narrow window shows one at a time, as tabs. */
export type PanelName = 'tree' | 'details' | 'log' | 'charts' | 'connection'
/** Panel id → size in percent of its group, as react-resizable-panels reports it. */
export type GroupLayout = Record<string, number>
/** Group id → its layout, for one broker URL / profile. */
export type ProfileLayout = Record<string, GroupLayout>

export const THEMES: readonly Theme[] = ['system', 'light', 'dark']

interface Persisted {
  theme: Theme
  density: Density
  /** Keyed like chart layouts (the broker URL, '' before any): most recently changed last. */
  layouts: Record<string, ProfileLayout>
}

export interface WorkspaceState extends Persisted {
  narrowTab: PanelName
  shortcutsOpen: boolean
  paletteOpen: boolean
  /** What went wrong with stored preferences or saving them, shown until dismissed. */
  notice: string | undefined
  setTheme: (theme: Theme) => void
  setDensity: (density: Density) => void
  saveLayout: (profile: string, group: string, layout: GroupLayout) => void
  setNarrowTab: (tab: PanelName) => void
  setShortcutsOpen: (open: boolean) => void
  setPaletteOpen: (open: boolean) => void
  dismissNotice: () => void
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function cleanGroup(v: unknown): GroupLayout | undefined {
  if (!isRecord(v)) return undefined
  const out: GroupLayout = {}
  for (const [id, size] of Object.entries(v)) {
    if (typeof size !== 'number' || !Number.isFinite(size) || size < 0 || size > 100)
      return undefined
    out[id] = size
  }
  return Object.keys(out).length > 0 ? out : undefined
}

/**
 * Reads stored preferences, keeping every part that still makes sense: a damaged layout is left
 * out (its panels start at their default sizes), an unknown theme falls back to the system's.
 */
export function parseStored(value: unknown): { state: Persisted; damaged: boolean } {
  const state: Persisted = { theme: 'system', density: 'comfortable', layouts: {} }
  if (!isRecord(value)) return { state, damaged: true }
  let damaged = false
  if (THEMES.includes(value.theme as Theme)) state.theme = value.theme as Theme
  else if (value.theme !== undefined) damaged = true
  if (value.density === 'compact' || value.density === 'comfortable') state.density = value.density
  if (isRecord(value.layouts)) {
    for (const [profile, groups] of Object.entries(value.layouts)) {
      if (!isRecord(groups)) {
        damaged = true
        continue
      }
      const clean: ProfileLayout = {}
      for (const [group, layout] of Object.entries(groups)) {
        const g = cleanGroup(layout)
        if (g) clean[group] = g
        else damaged = true
      }
      state.layouts[profile] = clean
    }
  } else if (value.layouts !== undefined) damaged = true
  return { state, damaged }
}

function load(): { state: Persisted; notice: string | undefined } {
  const read = readLocal(WORKSPACE_STORAGE_KEY)
  if (read.kind === 'json') {
    const { state, damaged } = parseStored(read.value)
    return {
      state,
      notice: damaged
        ? 'Some saved panel sizes or display settings could not be read and were reset.'
        : undefined,
    }
  }
  const { state } = parseStored({})
  return {
    state,
    notice:
      read.kind === 'corrupt'
        ? 'Saved panel sizes and display settings could not be read and were reset.'
        : undefined,
  }
}

const initial = load()

/**
 * Display preferences (theme, density) and panel sizes per broker URL, persisted in
 * localStorage; which narrow tab and which dialog is open is per page load.
 */
export const useWorkspaceStore = create<WorkspaceState>()((set) => ({
  ...initial.state,
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

let lastSaved: Persisted | undefined
useWorkspaceStore.subscribe((s) => {
  if (
    lastSaved &&
    lastSaved.theme === s.theme &&
    lastSaved.density === s.density &&
    lastSaved.layouts === s.layouts
  )
    return
  lastSaved = { theme: s.theme, density: s.density, layouts: s.layouts }
  writeLocal(WORKSPACE_STORAGE_KEY, lastSaved, (full) =>
    useWorkspaceStore.setState({
      notice: full
        ? 'The browser storage is full: panel sizes and display settings were not saved.'
        : 'The browser does not allow storage here: panel sizes and display settings last until the page is closed.',
    }),
  )
})

/** The theme actually shown: "system" resolved with the operating system's preference. */
export function resolvedTheme(theme: Theme): 'light' | 'dark' {
  if (theme !== 'system') return theme
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
}
