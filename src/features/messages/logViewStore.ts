import { create } from 'zustand'
import type { Coded } from '../../lib/coded'
import { loadSaved, saveSaved, storageKey } from '../../lib/persist'
import { savedLogView, type LogTimeMode } from '../../store/saved/logView'

export type { LogTimeMode }

export const LOG_VIEW_STORAGE_KEY = storageKey(savedLogView)

interface LogViewState {
  timeMode: LogTimeMode
  /** The two filter boxes; not persisted (a forgotten filter would hide messages next time). */
  topicFilter: string
  textFilter: string
  /** Why the time mode could not be saved, shown next to its select. */
  storageNote: Coded | undefined
  setTimeMode: (mode: LogTimeMode) => void
  setTopicFilter: (text: string) => void
  setTextFilter: (text: string) => void
}

/** The message log's view settings, shared by every connection tab. */
export const useLogViewStore = create<LogViewState>()((set) => ({
  // Anything unreadable falls back to the clock; nothing else is stored here, so no notice.
  timeMode: loadSaved(savedLogView).value.timeMode,
  topicFilter: '',
  textFilter: '',
  storageNote: undefined,
  setTimeMode: (timeMode) => set({ timeMode, storageNote: saveSaved(savedLogView, { timeMode }) }),
  setTopicFilter: (topicFilter) => set({ topicFilter }),
  setTextFilter: (textFilter) => set({ textFilter }),
}))
