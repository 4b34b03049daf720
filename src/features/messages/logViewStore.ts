import { create } from 'zustand'
import { coded, type Coded } from '../../lib/coded'
import { readLocal, writeLocal } from '../../lib/localStore'

/** How the log shows time: the clock with ms, or the time since the previous row. */
export type LogTimeMode = 'clock' | 'relative'

export const LOG_VIEW_STORAGE_KEY = 'mqtt-scope.log'

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

function storedTimeMode(): LogTimeMode {
  const read = readLocal(LOG_VIEW_STORAGE_KEY)
  // Anything unreadable or unknown falls back to the clock; nothing else is stored here.
  if (read.kind !== 'json') return 'clock'
  const mode = (read.value as { timeMode?: unknown } | null)?.timeMode
  return mode === 'relative' ? 'relative' : 'clock'
}

/** The message log's view settings, shared by every connection tab. */
export const useLogViewStore = create<LogViewState>()((set) => ({
  timeMode: storedTimeMode(),
  topicFilter: '',
  textFilter: '',
  storageNote: undefined,
  setTimeMode: (timeMode) => {
    let storageNote: Coded | undefined
    writeLocal(LOG_VIEW_STORAGE_KEY, { timeMode }, (full) => {
      storageNote = full ? coded('log.storageFull') : coded('log.storageBlocked')
    })
    set({ timeMode, storageNote })
  },
  setTopicFilter: (topicFilter) => set({ topicFilter }),
  setTextFilter: (textFilter) => set({ textFilter }),
}))
