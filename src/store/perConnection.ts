import { create, type StoreApi, type UseBoundStore } from 'zustand'
import { useAppStore } from './appStore'
import { onConnectionClosed } from './connections'

/**
 * A feature's state of each connection, keyed by connection id, in a zustand store of its own:
 * the connection on screen only selects which entry panels show. An entry is made on first
 * write from `initial` and dropped when its connection closes.
 */
export interface PerConnection<T> {
  /** Connection `id`'s entry (the initial value when it has none yet). */
  get(id: string): T
  /** Updates connection `id`'s entry. */
  patch(id: string, patch: Partial<T> | ((entry: T) => Partial<T>)): void
  /** A hook: `selector` of the SHOWN connection's entry (use useShallow for derived objects). */
  useShown<U>(selector: (entry: T) => U): U
  /** A hook: `selector` of connection `id`'s entry. */
  use<U>(id: string, selector: (entry: T) => U): U
  /** The underlying store (tests, subscriptions). */
  readonly store: UseBoundStore<StoreApi<{ byConn: Readonly<Record<string, T>> }>>
}

/** Every per-connection store, so tests can start from nothing. */
const all: UseBoundStore<StoreApi<{ byConn: Readonly<Record<string, unknown>> }>>[] = []

/** Empties every per-connection store (tests). */
export function resetPerConnection(): void {
  for (const store of all) store.setState({ byConn: {} })
}

export function perConnection<T extends object>(initial: T): PerConnection<T> {
  const store = create<{ byConn: Readonly<Record<string, T>> }>()(() => ({ byConn: {} }))
  all.push(store)
  const get = (id: string): T => store.getState().byConn[id] ?? initial
  onConnectionClosed((id) =>
    store.setState((s) => {
      if (!(id in s.byConn)) return {}
      const byConn = { ...s.byConn }
      delete byConn[id]
      return { byConn }
    }),
  )
  return {
    store,
    get,
    patch: (id, patch) =>
      store.setState((s) => {
        const current = s.byConn[id] ?? initial
        const changes = typeof patch === 'function' ? patch(current) : patch
        return { byConn: { ...s.byConn, [id]: { ...current, ...changes } } }
      }),
    useShown: (selector) => {
      const id = useAppStore((s) => s.shownId)
      return store((s) => selector(s.byConn[id] ?? initial))
    },
    use: (id, selector) => store((s) => selector(s.byConn[id] ?? initial)),
  }
}
