/**
 * The open tabs survive a reload: each tab's form (never its password: there is no "keep
 * password" for a tab; a profile can remember one), name, subscriptions and chart layout, in tab
 * order, and which one was shown (`saved/tabs.ts`). Saved on change, restored at start when no
 * deep link says otherwise.
 */
import type { Coded } from '../lib/coded'
import { loadSaved, saveSaved } from '../lib/persist'
import { useAppStore } from './appStore'
import { chartLayouts, chartsOf, setCharts } from './chartsStore'
import { DEFAULT_FORM, type ConnectionForm } from './connection'
import { openConnection, showConnection } from './connections'
import { savedCharts } from './saved/charts'
import { savedTabs, tabsToSave, type SavedTabs } from './saved/tabs'
import { subscribe } from './subscriptions'

/** Writes wait this long for more changes (typing in a form writes on every key). */
const SAVE_DELAY_MS = 500

/** What is saved of the open tabs now. */
export function snapshotTabs(): SavedTabs {
  const s = useAppStore.getState()
  const tabs = s.order.flatMap((id) => {
    const conn = s.connections[id]
    return conn
      ? [
          {
            id,
            form: conn.form,
            keepPassword: false,
            subscriptions: conn.subscriptions,
            name: conn.name,
            charts: chartsOf(id),
          },
        ]
      : []
  })
  return tabsToSave(tabs, s.shownId)
}

/**
 * Restores the saved tabs into the store (the first into the first, empty tab); returns whether
 * any were restored and what was wrong with the stored data. Subscriptions are listed and go out
 * when each tab connects.
 */
export function restoreTabs(): { restored: boolean; notice?: Coded } {
  const { value, notice } = loadSaved(savedTabs)
  if (value.tabs.length === 0) return { restored: false, ...(notice ? { notice } : {}) }
  const first = useAppStore.getState().order[0]
  value.tabs.forEach((tab, i) => {
    const form: ConnectionForm = { ...DEFAULT_FORM, ...tab.form }
    let id: string
    if (i === 0 && first !== undefined) {
      id = first
      useAppStore.setState((s) => ({
        connections: { ...s.connections, [id]: { ...s.connections[id]!, form, name: tab.name } },
      }))
    } else id = openConnection({ form, ...(tab.name ? { name: tab.name } : {}), show: false })
    for (const sub of tab.subscriptions) subscribe(id, sub.filter, sub.qos, sub.v5)
    setCharts(id, tab.charts)
    if (tab.id === value.shownId) showConnection(id)
  })
  return { restored: true, ...(notice ? { notice } : {}) }
}

/**
 * Chart layouts used to be saved per broker URL (before tabs were saved): a tab with no charts
 * of its own gets the layout its URL had, once.
 */
export function adoptLegacyCharts(id: string): void {
  if (chartsOf(id).length > 0) return
  const url = useAppStore.getState().connections[id]?.form.url.trim()
  const legacy = url ? loadSaved(savedCharts).value.layouts[url] : undefined
  if (legacy?.length) setCharts(id, legacy)
}

/** Saves the tabs whenever they change; problems go to `onNotice`. Returns the stop. */
export function keepTabsSaved(onNotice: (notice: Coded) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const save = () => {
    timer = undefined
    const notice = saveSaved(savedTabs, snapshotTabs())
    if (notice) onNotice(notice)
  }
  const schedule = () => {
    clearTimeout(timer)
    timer = setTimeout(save, SAVE_DELAY_MS)
  }
  // A reload or a closed tab within the delay still saves the last change.
  const flush = () => {
    if (timer === undefined) return
    clearTimeout(timer)
    save()
  }
  globalThis.addEventListener?.('pagehide', flush)
  const stops = [useAppStore.subscribe(schedule), chartLayouts.store.subscribe(schedule)]
  return () => {
    clearTimeout(timer)
    globalThis.removeEventListener?.('pagehide', flush)
    for (const stop of stops) stop()
  }
}
