/**
 * Connecting, disconnecting and the statuses that come back, per connection id. A connection's
 * status drives only its own subscriptions, queue and jobs (see `onConnected`).
 */
import { boundDecodeScripts } from './scriptStore'
import { schemaSets } from './schemaStore'
import { coded } from '../lib/coded'
import { validateBrokerUrl } from '../lib/brokerUrl'
import type { StatusMessage } from '../wire/mqtt'
import { connectionOf, patchConnection } from './appStore'
import { connectOptionsOf, type ConnectionStatus } from './connection'
import { dataStore } from './dataStore'
import { channel } from './sessions'
import { sendIdleSubscriptions } from './subscriptions'

/** Connection log lines kept per connection (oldest dropped first). */
const CONN_LOG_MAX = 200

const connectedListeners = new Set<(id: string) => void>()

/** Calls `listener` with a connection's id each time it becomes connected; returns the removal. */
export function onConnected(listener: (id: string) => void): () => void {
  connectedListeners.add(listener)
  return () => connectedListeners.delete(listener)
}

/** Connects connection `id` with its form, or says on its status why the form cannot. */
export function connect(id: string): void {
  const conn = connectionOf(id)
  if (!conn) return
  const problem = validateBrokerUrl(conn.form.url, globalThis.location?.protocol) ?? undefined
  const built = problem ? { ok: false as const, error: problem } : connectOptionsOf(conn.form)
  if (!built.ok) {
    patchConnection(id, { status: { state: 'disconnected', reason: built.error } })
    return
  }
  patchConnection(id, (c) => ({
    form: { ...c.form, ...built.form },
    status: { state: 'connecting' },
    paused: false,
    // Each goes out again (with its MQTT 5 options) once connected; the last answer is gone.
    subscriptions: c.subscriptions.map((sub) => ({
      filter: sub.filter,
      qos: sub.qos,
      ...(sub.v5 ? { v5: sub.v5 } : {}),
      state: 'idle' as const,
    })),
  }))
  // The user's .proto schemas first: charted protobuf fields decode with them (issue #16).
  channel().cast(id, { type: 'schemas', sets: schemaSets() })
  // And the decode scripts bound to filters: charted fields of script-decoded topics use them.
  channel().cast(id, { type: 'decodeScripts', scripts: boundDecodeScripts() })
  channel().cast(id, { type: 'connect', options: built.options })
}

export function disconnect(id: string): void {
  channel().cast(id, { type: 'disconnect' })
}

/**
 * Empties connection `id`'s data on purpose ("Clear data"): its tree, log, histories and chart
 * points. Connecting again to the same broker keeps them; this is the way to start afresh.
 */
export function clearData(id: string): void {
  patchConnection(id, { expanded: new Set<number>(), selectedTopicId: undefined, pausedAt: 0 })
  if (dataStore.activeId === id) dataStore.clearDetail()
  channel().cast(id, { type: 'clearData' })
}

/** Applies a status that connection `id`'s session sent. */
export function applyStatus(id: string, msg: StatusMessage): void {
  const before = connectionOf(id)
  if (!before) return // a late status of a closed connection
  const wasConnected = before.status.state === 'connected'
  const status: ConnectionStatus = { state: msg.state }
  if (msg.reason) status.reason = msg.reason
  if (msg.note) status.note = msg.note
  if (msg.protocolLevel) status.protocolLevel = msg.protocolLevel
  if (msg.connack) status.connack = msg.connack
  else if (msg.state !== 'disconnected' && before.status.connack)
    status.connack = before.status.connack
  const line =
    msg.event ??
    (msg.state === before.status.state
      ? undefined
      : msg.reason
        ? coded('event.stateWithReason', { state: coded(`state.${msg.state}`), reason: msg.reason })
        : coded(`state.${msg.state}`))
  patchConnection(id, (c) => ({
    status,
    ...(line
      ? { connLog: [...c.connLog, { ts: Date.now(), text: line }].slice(-CONN_LOG_MAX) }
      : {}),
    subscriptions:
      msg.state === 'disconnected'
        ? c.subscriptions.map((sub) =>
            sub.state === 'failed' ? sub : { ...sub, state: 'idle' as const },
          )
        : c.subscriptions,
  }))
  if (msg.state === 'connected' && !wasConnected) {
    // Subscriptions that wait for a connection go out; after a reconnect with a kept session
    // (or the worker's own resubscribe) the granted ones are already active.
    sendIdleSubscriptions(id)
    for (const listener of [...connectedListeners]) listener(id)
  }
}
