import { create, type StateCreator } from 'zustand'
import type { PayloadFormat } from '../codecs/payload'
import { validateTopicFilter } from '../engine/topicFilter'
import { generateClientId, validateBrokerUrl } from '../lib/brokerUrl'
import type {
  ConnackInfo,
  ConnectProperties,
  ConnectionState,
  ProtocolLevel,
  QoS,
  StatusMessage,
} from '../mqtt/protocol'
import { buildWill, EMPTY_WILL, type WillDraft } from '../mqtt/publishDraft'
import { useChartsStore } from './chartsStore'
import { DEFAULT_CONN, dataStore } from './dataStore'
import { closeSession, getSession, setActiveConnection } from './session'

/** The connection form, as the user edits it. */
export interface ConnectionForm {
  url: string
  clientId: string
  username: string
  password: string
  version: '3.1.1' | '5'
  keepalive: number
  clean: boolean
  /** The Last Will (a collapsible fieldset of the form). */
  will: WillDraft
  /** Advanced options (a collapsible fieldset). Times in seconds, as the user enters them. */
  connectTimeout: number
  reconnectPeriod: number
  reconnectMax: number
  /** 0: keep trying. */
  maxReconnectAttempts: number
  resubscribe: boolean
  /** MQTT 5: seconds the broker keeps the session after a disconnect (with clean start off). */
  sessionExpiry: number
  /** MQTT 5 CONNECT properties; empty text means "not sent" (the broker's default). */
  receiveMaximum: string
  maximumPacketSize: string
  topicAliasMaximum: string
  requestResponseInformation: boolean
  requestProblemInformation: boolean
  /** MQTT 5 user properties, one `key=value` per line. */
  userProperties: string
}

/** One line of a connection's history (connected, lost, reconnecting, ...). */
export interface ConnLogEntry {
  ts: number
  text: string
}

export interface ConnectionStatus {
  state: ConnectionState
  reason?: string
  note?: string
  protocolLevel?: ProtocolLevel
  /** What the broker said in its last CONNACK. */
  connack?: ConnackInfo
}

export interface Subscription {
  filter: string
  qos: QoS
  /** idle: waiting for a connection; pending: sent; active: granted; failed: refused. */
  state: 'idle' | 'pending' | 'active' | 'failed'
  grantedQos?: QoS
  reason?: string
}

interface ConnectionSlice {
  form: ConnectionForm
  status: ConnectionStatus
  /** The connection's history, newest last. */
  connLog: ConnLogEntry[]
  setForm: (patch: Partial<ConnectionForm>) => void
  connect: () => void
  disconnect: () => void
  /** Applies a status from connection `connId`'s session (default: the active one). */
  applyStatus: (status: StatusMessage, connId?: string) => void
}

interface SubscriptionsSlice {
  subscriptions: Subscription[]
  /** Adds and (when connected) sends a subscription; returns an error sentence or undefined. */
  subscribe: (filter: string, qos: QoS) => string | undefined
  unsubscribe: (filter: string) => void
}

interface TopicTreeSlice {
  expanded: ReadonlySet<number>
  selectedTopicId: number | undefined
  treeFilter: string
  setExpanded: (id: number, open: boolean) => void
  collapseAll: () => void
  selectTopic: (id: number | undefined) => void
  setTreeFilter: (text: string) => void
}

interface MessagesSlice {
  paused: boolean
  /** Log total when the user paused: the view shows rows up to here. */
  pausedAt: number
  payloadFormat: PayloadFormat
  setPaused: (paused: boolean) => void
  setPayloadFormat: (format: PayloadFormat) => void
}

/**
 * The per-connection part of the control plane. The active connection's lives at the top level
 * of the store (so every panel reads `s.form`, `s.status`, … as if there were one connection);
 * the others wait in `background` and are swapped in by `switchConnection`.
 */
export interface ConnectionSnapshot {
  form: ConnectionForm
  status: ConnectionStatus
  connLog: ConnLogEntry[]
  subscriptions: Subscription[]
  expanded: ReadonlySet<number>
  selectedTopicId: number | undefined
  treeFilter: string
  paused: boolean
  pausedAt: number
}

interface ConnectionsSlice {
  /** Open connections, in tab order. */
  connectionIds: string[]
  activeConnId: string
  background: Record<string, ConnectionSnapshot>
  /** Opens a new connection tab (not yet connected) and shows it; returns its id. */
  newConnection: () => string
  switchConnection: (connId: string) => void
  /** Ends a connection and closes its tab (the last one stays). */
  closeConnection: (connId: string) => void
}

export type AppState = ConnectionSlice &
  SubscriptionsSlice &
  TopicTreeSlice &
  MessagesSlice &
  ConnectionsSlice

function snapshotOf(s: AppState): ConnectionSnapshot {
  return {
    form: s.form,
    status: s.status,
    connLog: s.connLog,
    subscriptions: s.subscriptions,
    expanded: s.expanded,
    selectedTopicId: s.selectedTopicId,
    treeFilter: s.treeFilter,
    paused: s.paused,
    pausedAt: s.pausedAt,
  }
}

/** A connection's control-plane state, wherever it lives; undefined once it was closed. */
function readConn(connId: string): ConnectionSnapshot | undefined {
  const s = useAppStore.getState()
  return connId === s.activeConnId ? snapshotOf(s) : s.background[connId]
}

/** Updates a connection's control-plane state, wherever it lives. */
function writeConn(connId: string, patch: Partial<ConnectionSnapshot>): void {
  useAppStore.setState((s) => {
    if (connId === s.activeConnId) return patch
    const current = s.background[connId]
    return current ? { background: { ...s.background, [connId]: { ...current, ...patch } } } : {}
  })
}

/** A new connection's form. */
export const DEFAULT_FORM: ConnectionForm = {
  url: 'ws://127.0.0.1:9001',
  clientId: '',
  username: '',
  password: '',
  version: '5',
  keepalive: 30,
  clean: true,
  will: EMPTY_WILL,
  connectTimeout: 10,
  reconnectPeriod: 2,
  reconnectMax: 30,
  maxReconnectAttempts: 0,
  resubscribe: true,
  sessionExpiry: 0,
  receiveMaximum: '',
  maximumPacketSize: '',
  topicAliasMaximum: '',
  requestResponseInformation: false,
  requestProblemInformation: true,
  userProperties: '',
}

/** Connection log lines kept per connection (oldest dropped first). */
const CONN_LOG_MAX = 200

/** Parses the advanced fields into CONNECT properties, or says which field is wrong. */
export function connectPropertiesOf(
  form: ConnectionForm,
): { ok: true; properties: ConnectProperties } | { ok: false; error: string } {
  const properties: ConnectProperties = {}
  const int = (label: string, text: string, min: number, max: number) => {
    if (text.trim() === '') return undefined
    const n = Number(text)
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(
        `${label} must be a whole number from ${min} to ${max}, or empty for the broker's default.`,
      )
    return n
  }
  try {
    const receiveMaximum = int('Receive maximum', form.receiveMaximum, 1, 65_535)
    if (receiveMaximum !== undefined) properties.receiveMaximum = receiveMaximum
    const maximumPacketSize = int('Maximum packet size', form.maximumPacketSize, 1, 268_435_455)
    if (maximumPacketSize !== undefined) properties.maximumPacketSize = maximumPacketSize
    const topicAliasMaximum = int('Topic alias maximum', form.topicAliasMaximum, 0, 65_535)
    if (topicAliasMaximum !== undefined) properties.topicAliasMaximum = topicAliasMaximum
  } catch (err) {
    return { ok: false, error: (err as Error).message }
  }
  if (Number.isFinite(form.sessionExpiry) && form.sessionExpiry > 0)
    properties.sessionExpiryInterval = Math.min(4_294_967_295, Math.round(form.sessionExpiry))
  if (form.requestResponseInformation) properties.requestResponseInformation = true
  if (!form.requestProblemInformation) properties.requestProblemInformation = false
  const userProperties = []
  for (const line of form.userProperties.split('\n')) {
    if (line.trim() === '') continue
    const eq = line.indexOf('=')
    if (eq <= 0)
      return { ok: false, error: `User property "${line.trim()}" needs the form key=value.` }
    userProperties.push({ key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim() })
  }
  if (userProperties.length > 0) properties.userProperties = userProperties
  return { ok: true, properties }
}

const createConnectionSlice: StateCreator<AppState, [], [], ConnectionSlice> = (set, get) => ({
  form: DEFAULT_FORM,
  status: { state: 'disconnected' },
  connLog: [],
  setForm: (patch) => set((s) => ({ form: { ...s.form, ...patch } })),
  connect: () => {
    const { form } = get()
    const problem = validateBrokerUrl(form.url, globalThis.location?.protocol)
    if (problem) {
      set({ status: { state: 'disconnected', reason: problem } })
      return
    }
    const will = buildWill(form.will)
    if (!will.ok) {
      set({ status: { state: 'disconnected', reason: will.error } })
      return
    }
    const props = connectPropertiesOf(form)
    if (!props.ok) {
      set({ status: { state: 'disconnected', reason: props.error } })
      return
    }
    const seconds = (v: number, fallback: number) => (Number.isFinite(v) && v >= 0 ? v : fallback)
    const keepalive = Number.isFinite(form.keepalive)
      ? Math.max(0, Math.min(65_535, Math.round(form.keepalive)))
      : 30
    const clientId = form.clientId.trim() || generateClientId()
    useChartsStore.getState().setProfile(form.url.trim())
    set((s) => ({
      form: { ...s.form, clientId, keepalive },
      status: { state: 'connecting' },
      // A new connection has new topic ids: old expansion and selection mean nothing.
      expanded: new Set<number>(),
      selectedTopicId: undefined,
      paused: false,
      pausedAt: 0,
      subscriptions: s.subscriptions.map((sub) => ({
        filter: sub.filter,
        qos: sub.qos,
        state: 'idle' as const,
      })),
    }))
    getSession().select(undefined)
    getSession().connect({
      url: form.url.trim(),
      clientId,
      username: form.username,
      password: form.password,
      protocolLevel: form.version === '5' ? 5 : 4,
      keepalive,
      clean: form.clean,
      connectTimeoutMs: Math.max(1, seconds(form.connectTimeout, 10)) * 1000,
      reconnectPeriodMs: seconds(form.reconnectPeriod, 2) * 1000,
      reconnectMaxMs: seconds(form.reconnectMax, 30) * 1000,
      maxReconnectAttempts: Math.round(seconds(form.maxReconnectAttempts, 0)),
      resubscribe: form.resubscribe,
      fallbackTo311: true,
      properties: props.properties,
      ...(will.will ? { will: will.will } : {}),
    })
  },
  disconnect: () => {
    getSession().disconnect()
  },
  applyStatus: (msg, connId = get().activeConnId) => {
    const before = readConn(connId)
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
          ? `${msg.state}: ${msg.reason}`
          : msg.state)
    writeConn(connId, {
      status,
      ...(line
        ? { connLog: [...before.connLog, { ts: Date.now(), text: line }].slice(-CONN_LOG_MAX) }
        : {}),
      subscriptions:
        msg.state === 'disconnected'
          ? before.subscriptions.map((sub) =>
              sub.state === 'failed' ? sub : { ...sub, state: 'idle' as const },
            )
          : before.subscriptions,
    })
    // Send the subscriptions that wait for a connection. After a reconnect MQTT.js resubscribes
    // by itself, and those are already active.
    if (msg.state === 'connected' && !wasConnected) {
      for (const sub of readConn(connId)?.subscriptions ?? [])
        if (sub.state === 'idle') sendSubscribe(connId, sub.filter, sub.qos)
    }
  },
})

function patchSub(connId: string, filter: string, patch: Partial<Subscription>): void {
  const conn = readConn(connId)
  if (!conn) return
  writeConn(connId, {
    subscriptions: conn.subscriptions.map((sub) =>
      sub.filter === filter ? { ...sub, ...patch } : sub,
    ),
  })
}

function sendSubscribe(connId: string, filter: string, qos: QoS): void {
  patchSub(connId, filter, { state: 'pending' })
  getSession(connId)
    .subscribe(filter, qos)
    .then((result) => {
      const conn = readConn(connId)
      if (!conn) return
      if (!conn.subscriptions.some((s) => s.filter === filter)) {
        // Removed while its SUBACK was on the way: undo it at the broker too, or its messages
        // would keep arriving for a filter the user no longer sees.
        if (result.ok && conn.status.state === 'connected') {
          getSession(connId)
            .unsubscribe(filter)
            .catch((err: unknown) => console.warn(`Unsubscribe ${filter} failed:`, err))
        }
        return
      }
      if (result.ok)
        patchSub(connId, filter, {
          state: 'active',
          grantedQos: result.grantedQos,
          reason: undefined,
        })
      else patchSub(connId, filter, { state: 'failed', reason: result.reason })
    })
    .catch((err: unknown) => patchSub(connId, filter, { state: 'failed', reason: String(err) }))
}

const createSubscriptionsSlice: StateCreator<AppState, [], [], SubscriptionsSlice> = (
  set,
  get,
) => ({
  subscriptions: [],
  subscribe: (rawFilter, qos) => {
    const filter = rawFilter.trim()
    const problem = validateTopicFilter(filter)
    if (problem) return problem
    const existing = get().subscriptions.find((s) => s.filter === filter)
    if (existing && existing.qos === qos && existing.state !== 'failed')
      return `Already subscribed to ${filter}.`
    const sub: Subscription = { filter, qos, state: 'idle' }
    set((s) => ({
      subscriptions: existing
        ? s.subscriptions.map((x) => (x.filter === filter ? sub : x))
        : [...s.subscriptions, sub],
    }))
    if (get().status.state === 'connected') sendSubscribe(get().activeConnId, filter, qos)
    return undefined
  },
  unsubscribe: (filter) => {
    const sub = get().subscriptions.find((s) => s.filter === filter)
    set((s) => ({ subscriptions: s.subscriptions.filter((x) => x.filter !== filter) }))
    if (sub && sub.state === 'active' && get().status.state === 'connected') {
      getSession()
        .unsubscribe(filter)
        .catch((err: unknown) => console.warn(`Unsubscribe ${filter} failed:`, err))
    }
  },
})

const createTopicTreeSlice: StateCreator<AppState, [], [], TopicTreeSlice> = (set) => ({
  expanded: new Set<number>(),
  selectedTopicId: undefined,
  treeFilter: '',
  setExpanded: (id, open) =>
    set((s) => {
      if (s.expanded.has(id) === open) return {}
      const expanded = new Set(s.expanded)
      if (open) expanded.add(id)
      else expanded.delete(id)
      return { expanded }
    }),
  collapseAll: () => set({ expanded: new Set<number>() }),
  selectTopic: (id) => {
    set({ selectedTopicId: id })
    dataStore.clearDetail()
    getSession().select(id)
  },
  setTreeFilter: (treeFilter) => set({ treeFilter }),
})

const createMessagesSlice: StateCreator<AppState, [], [], MessagesSlice> = (set) => ({
  paused: false,
  pausedAt: 0,
  payloadFormat: 'auto',
  setPaused: (paused) => set({ paused, pausedAt: dataStore.log.total }),
  setPayloadFormat: (payloadFormat) => set({ payloadFormat }),
})

let connCounter = 1

/** Shows connection `connId`: the session, the data store and the chart layout follow. */
function showConnection(connId: string, url: string): void {
  setActiveConnection(connId)
  dataStore.setActive(connId)
  useChartsStore.getState().setProfile(url.trim())
}

const createConnectionsSlice: StateCreator<AppState, [], [], ConnectionsSlice> = (set, get) => ({
  connectionIds: [DEFAULT_CONN],
  activeConnId: DEFAULT_CONN,
  background: {},
  newConnection: () => {
    const connId = `c${++connCounter}`
    const { form } = get()
    // A new tab starts from the current broker (usually the user changes it) with a new client id.
    const fresh: ConnectionSnapshot = {
      form: { ...DEFAULT_FORM, url: form.url, version: form.version },
      status: { state: 'disconnected' },
      connLog: [],
      subscriptions: [],
      expanded: new Set<number>(),
      selectedTopicId: undefined,
      treeFilter: '',
      paused: false,
      pausedAt: 0,
    }
    set((s) => ({
      background: { ...s.background, [s.activeConnId]: snapshotOf(s) },
      connectionIds: [...s.connectionIds, connId],
      activeConnId: connId,
      ...fresh,
    }))
    showConnection(connId, fresh.form.url)
    return connId
  },
  switchConnection: (connId) => {
    const s = get()
    const next = s.background[connId]
    if (connId === s.activeConnId || !next) return
    const background = { ...s.background, [s.activeConnId]: snapshotOf(s) }
    delete background[connId]
    set({ background, activeConnId: connId, ...next })
    showConnection(connId, next.form.url)
  },
  closeConnection: (connId) => {
    const s = get()
    if (s.connectionIds.length <= 1) return
    if (connId === s.activeConnId) {
      const index = s.connectionIds.indexOf(connId)
      get().switchConnection(s.connectionIds[index === 0 ? 1 : index - 1]!)
    }
    closeSession(connId)
    set((st) => {
      const background = { ...st.background }
      delete background[connId]
      return { background, connectionIds: st.connectionIds.filter((id) => id !== connId) }
    })
  },
})

/** The control plane: everything that changes at human speed. Hot data lives in `dataStore`. */
export const useAppStore = create<AppState>()((...a) => ({
  ...createConnectionSlice(...a),
  ...createSubscriptionsSlice(...a),
  ...createTopicTreeSlice(...a),
  ...createMessagesSlice(...a),
  ...createConnectionsSlice(...a),
}))

export const selectForm = (s: AppState) => s.form
export const selectStatus = (s: AppState) => s.status
export const selectSubscriptions = (s: AppState) => s.subscriptions
export const selectExpanded = (s: AppState) => s.expanded
export const selectSelectedTopicId = (s: AppState) => s.selectedTopicId
export const selectTreeFilter = (s: AppState) => s.treeFilter
export const selectPaused = (s: AppState) => s.paused
export const selectPausedAt = (s: AppState) => s.pausedAt
export const selectPayloadFormat = (s: AppState) => s.payloadFormat
export const selectConnectionIds = (s: AppState) => s.connectionIds
export const selectActiveConnId = (s: AppState) => s.activeConnId
export const selectBackground = (s: AppState) => s.background
export const selectConnLog = (s: AppState) => s.connLog
