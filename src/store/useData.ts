import { useCallback, useSyncExternalStore } from 'react'
import { dataStore, type DataKey } from './dataStore'

/**
 * Re-renders the calling component when any of `keys` changes in the data store, at most once
 * per frame (frames are paced by the UI's credit). Returns a version to use as a memo dependency.
 */
export function useDataVersion(...keys: DataKey[]): number {
  const joined = keys.join(',')
  const subscribe = useCallback(
    (onChange: () => void) => {
      const offs = joined.split(',').map((k) => dataStore.subscribe(k as DataKey, onChange))
      return () => offs.forEach((off) => off())
    },
    [joined],
  )
  const getVersion = useCallback(
    () => joined.split(',').reduce((sum, k) => sum + dataStore.events.version(k as DataKey), 0),
    [joined],
  )
  return useSyncExternalStore(subscribe, getVersion)
}
