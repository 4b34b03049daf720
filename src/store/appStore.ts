import { create } from 'zustand'
import type { PayloadFormat } from '../codecs/payload'
import type { Coded } from '../lib/coded'
import { DEFAULT_FORM, newConnection, type Connection, type ConnectionForm } from './connection'

export type { Connection, ConnectionForm }
export type { ConnectionStatus, ConnLogEntry, Subscription } from './connection'

/**
 * The control plane: every open connection as a value keyed by its id (`connections`), the tab
 * order, and which one is on screen (`shownId`, which only selects what panels show). Actions
 * that concern a connection take its id (`store/connections.ts`, `store/lifecycle.ts`,
 * `store/subscriptions.ts`); hot data lives in `dataStore`, not here.
 */
export interface AppState {
  connections: Readonly<Record<string, Connection>>
  /** Open connections, in tab order. */
  order: readonly string[]
  shownId: string
  /** How the log and the details show payloads (a view preference of every connection). */
  payloadFormat: PayloadFormat
  /** Why the open tabs could not be saved or restored, until the user dismisses it. */
  tabsNotice: Coded | undefined
}

/** The first connection's id (tests and single-connection code paths use it). */
export const FIRST_CONN = 'c1'

export const useAppStore = create<AppState>()(() => ({
  connections: { [FIRST_CONN]: newConnection(FIRST_CONN, DEFAULT_FORM) },
  order: [FIRST_CONN],
  shownId: FIRST_CONN,
  payloadFormat: 'auto',
  tabsNotice: undefined,
}))

/** A connection's record; undefined once it was closed. */
export function connectionOf(id: string): Connection | undefined {
  return useAppStore.getState().connections[id]
}

/** Updates a connection's record (nothing when it was closed meanwhile). */
export function patchConnection(
  id: string,
  patch: Partial<Connection> | ((c: Connection) => Partial<Connection>),
): void {
  useAppStore.setState((s) => {
    const current = s.connections[id]
    if (!current) return {}
    const changes = typeof patch === 'function' ? patch(current) : patch
    return { connections: { ...s.connections, [id]: { ...current, ...changes } } }
  })
}

export function setForm(id: string, patch: Partial<ConnectionForm>): void {
  patchConnection(id, (c) => ({ form: { ...c.form, ...patch } }))
}

export function setPayloadFormat(payloadFormat: PayloadFormat): void {
  useAppStore.setState({ payloadFormat })
}

// Selectors of the connection on screen (module-level, as zustand recommends). The shown
// connection always exists: closing the last tab is refused.
const shown = (s: AppState): Connection => s.connections[s.shownId]!

export const selectShownId = (s: AppState) => s.shownId
export const selectShown = shown
export const selectForm = (s: AppState) => shown(s).form
export const selectStatus = (s: AppState) => shown(s).status
export const selectConnLog = (s: AppState) => shown(s).connLog
export const selectSubscriptions = (s: AppState) => shown(s).subscriptions
export const selectSubscribeDraft = (s: AppState) => shown(s).subscribeDraft
export const selectExpanded = (s: AppState) => shown(s).expanded
export const selectSelectedTopicId = (s: AppState) => shown(s).selectedTopicId
export const selectTreeFilter = (s: AppState) => shown(s).treeFilter
export const selectPaused = (s: AppState) => shown(s).paused
export const selectPausedAt = (s: AppState) => shown(s).pausedAt
export const selectPayloadFormat = (s: AppState) => s.payloadFormat
export const selectOrder = (s: AppState) => s.order
export const selectConnections = (s: AppState) => s.connections
