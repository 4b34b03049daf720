import { useCallback, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react'
import { Pacer } from '../lib/pacer'
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

/**
 * A panel's render cadence: re-renders when any of `keys` changed in the data store, at an
 * animation frame and at most once every `everyMs` (however many frames arrived meanwhile), and
 * only if `shows()` says the change reaches the screen (rows on screen changed, say). Returns a
 * version that changes with each such render. Nothing is scheduled while nothing changed.
 */
export function usePacedData(
  keys: readonly DataKey[],
  everyMs: number,
  shows?: () => boolean,
): number {
  const joined = keys.join(',')
  const latest = useRef(shows)
  useLayoutEffect(() => {
    latest.current = shows
  })
  const [paced] = useState(() => new PacedVersion())
  const subscribe = useCallback(
    (onChange: () => void) =>
      paced.subscribe(joined, everyMs, () => latest.current?.() ?? true, onChange),
    [paced, joined, everyMs],
  )
  return useSyncExternalStore(subscribe, paced.read)
}

/** The version a paced view renders, bumped by its pacer when a change shows. */
class PacedVersion {
  #version = 0
  readonly read = (): number => this.#version

  subscribe(
    joined: string,
    everyMs: number,
    shows: () => boolean,
    onChange: () => void,
  ): () => void {
    const pacer = new Pacer(everyMs, () => {
      if (!shows()) return
      this.#version++
      onChange()
    })
    const mark = () => pacer.mark()
    const offs = joined.split(',').map((k) => dataStore.subscribe(k as DataKey, mark))
    return () => {
      offs.forEach((off) => off())
      pacer.dispose()
    }
  }
}
