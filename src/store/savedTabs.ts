/**
 * The open tabs survive a reload: each tab's form (never its password), name, subscriptions and
 * chart layout, in tab order, and which one was shown. Saved on change (debounced), restored at
 * start when no deep link says otherwise.
 */
import { readLocal, writeLocal } from '../lib/localStore'
import type { QoS } from '../wire/mqtt'
import { useAppStore } from './appStore'
import { chartLayouts, setCharts, type ChartConfig } from './chartsStore'
import { DEFAULT_FORM, type ConnectionForm } from './connection'
import { openConnection, showConnection } from './connections'
import { subscribe } from './subscriptions'

export const TABS_STORAGE_KEY = 'mqtt-scope.tabs'
const TABS_VERSION = 1
/** Writes wait this long for more changes (typing in a form). */
const SAVE_DELAY_MS = 500

export interface SavedTab {
  id: string
  name?: string
  form: Omit<ConnectionForm, 'password'>
  subscriptions: { filter: string; qos: QoS }[]
  charts: ChartConfig[]
}

export interface SavedTabs {
  version: number
  shownId: string
  tabs: SavedTab[]
}

/** What is saved of the open tabs now. */
export function snapshotTabs(): SavedTabs {
  const s = useAppStore.getState()
  const tabs: SavedTab[] = []
  for (const id of s.order) {
    const conn = s.connections[id]
    if (!conn) continue
    const { password: _password, ...form } = conn.form
    tabs.push({
      id,
      ...(conn.name ? { name: conn.name } : {}),
      form,
      subscriptions: conn.subscriptions.map(({ filter, qos }) => ({ filter, qos })),
      charts: chartLayouts.get(id).charts,
    })
  }
  return { version: TABS_VERSION, shownId: s.shownId, tabs }
}

function isSavedTabs(v: unknown): v is SavedTabs {
  const r = v as Partial<SavedTabs> | undefined
  return (
    typeof r === 'object' &&
    r !== null &&
    r.version === TABS_VERSION &&
    typeof r.shownId === 'string' &&
    Array.isArray(r.tabs) &&
    r.tabs.every(
      (t) =>
        typeof t === 'object' &&
        typeof t.id === 'string' &&
        typeof t.form === 'object' &&
        Array.isArray(t.subscriptions) &&
        Array.isArray(t.charts),
    )
  )
}

/**
 * Restores the saved tabs into the store (replacing the first, empty tab); returns whether any
 * were restored. Subscriptions are listed and go out when each tab connects.
 */
export function restoreTabs(): boolean {
  const read = readLocal(TABS_STORAGE_KEY)
  if (read.kind !== 'json' || !isSavedTabs(read.value) || read.value.tabs.length === 0) return false
  const saved = read.value
  const first = useAppStore.getState().order[0]
  saved.tabs.forEach((tab, i) => {
    const form: ConnectionForm = { ...DEFAULT_FORM, ...tab.form, password: '' }
    const id =
      i === 0 && first !== undefined
        ? first
        : openConnection({ form, ...(tab.name ? { name: tab.name } : {}), show: false })
    if (i === 0)
      useAppStore.setState((s) => ({
        connections: { ...s.connections, [id]: { ...s.connections[id]!, form, name: tab.name } },
      }))
    for (const sub of tab.subscriptions) subscribe(id, sub.filter, sub.qos)
    setCharts(id, tab.charts)
    if (tab.id === saved.shownId) showConnection(id)
  })
  return true
}

/** Saves the tabs whenever they change; returns the stop. */
export function keepTabsSaved(onError: (full: boolean) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const schedule = () => {
    clearTimeout(timer)
    timer = setTimeout(() => writeLocal(TABS_STORAGE_KEY, snapshotTabs(), onError), SAVE_DELAY_MS)
  }
  const stops = [useAppStore.subscribe(schedule), chartLayouts.store.subscribe(schedule)]
  return () => {
    clearTimeout(timer)
    for (const stop of stops) stop()
  }
}
