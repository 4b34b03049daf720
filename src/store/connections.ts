/** Opening, showing, naming and closing connection tabs. */
import { useAppStore } from './appStore'
import { DEFAULT_FORM, newConnection, type ConnectionForm } from './connection'
import { dataStore } from './dataStore'
import { channel } from './sessions'

let counter = 1

const closedListeners = new Set<(id: string) => void>()

/** Calls `listener` with the id of each connection that is closed (per-connection stores drop it). */
export function onConnectionClosed(listener: (id: string) => void): () => void {
  closedListeners.add(listener)
  return () => closedListeners.delete(listener)
}

/**
 * Opens a new connection tab (not yet connected) and, unless `show` is false, shows it. By
 * default it starts from the shown connection's broker and version with a new client id.
 * Returns its id.
 */
export function openConnection(
  init: { form?: Partial<ConnectionForm>; name?: string; id?: string; show?: boolean } = {},
): string {
  const s = useAppStore.getState()
  let id = init.id ?? `c${++counter}`
  while (s.connections[id]) id = `c${++counter}`
  const from = s.connections[s.shownId]?.form
  const form: ConnectionForm = {
    ...DEFAULT_FORM,
    ...(from ? { url: from.url, version: from.version } : {}),
    ...init.form,
  }
  const conn = { ...newConnection(id, form), name: init.name }
  useAppStore.setState((st) => ({
    connections: { ...st.connections, [id]: conn },
    order: [...st.order, id],
  }))
  if (init.show ?? true) showConnection(id)
  return id
}

/** Shows connection `id`: panels and the data store's views follow; nothing else changes. */
export function showConnection(id: string): void {
  if (!useAppStore.getState().connections[id]) return
  useAppStore.setState({ shownId: id })
  dataStore.setActive(id)
}

/** Gives a tab a name of the user's (empty: named by its broker again). */
export function renameConnection(id: string, name: string): void {
  useAppStore.setState((s) => {
    const conn = s.connections[id]
    if (!conn) return {}
    const trimmed = name.trim()
    return { connections: { ...s.connections, [id]: { ...conn, name: trimmed || undefined } } }
  })
}

/** Ends a connection and closes its tab (the last one stays). */
export function closeConnection(id: string): void {
  const s = useAppStore.getState()
  if (s.order.length <= 1 || !s.connections[id]) return
  if (id === s.shownId) {
    const index = s.order.indexOf(id)
    showConnection(s.order[index === 0 ? 1 : index - 1]!)
  }
  channel().close(id)
  dataStore.drop(id)
  useAppStore.setState((st) => {
    const connections = { ...st.connections }
    delete connections[id]
    return { connections, order: st.order.filter((x) => x !== id) }
  })
  for (const listener of [...closedListeners]) listener(id)
}
