/**
 * One connection as the control plane keeps it: a value in `connections` keyed by its id, whether
 * or not it is on screen. Types, the defaults of a new one, and the pure checks of its form.
 */
import type { Coded } from '../lib/coded'
import { coded } from '../lib/coded'
import { generateClientId } from '../lib/brokerUrl'
import { buildWill, EMPTY_WILL, type WillDraft } from '../mqtt/publishDraft'
import type {
  ConnackInfo,
  ConnectOptions,
  ConnectProperties,
  ConnectionState,
  ProtocolLevel,
  QoS,
  RetainHandling,
  SubscribeV5,
} from '../wire/mqtt'

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
  text: Coded
}

export interface ConnectionStatus {
  state: ConnectionState
  reason?: Coded
  note?: Coded
  protocolLevel?: ProtocolLevel
  /** What the broker said in its last CONNACK. */
  connack?: ConnackInfo
}

export interface Subscription {
  filter: string
  qos: QoS
  /** MQTT 5 options (No Local, Retain Handling, Subscription Identifier); absent: defaults. */
  v5?: SubscribeV5
  /** idle: waiting for a connection; pending: sent; active: granted; failed: refused. */
  state: 'idle' | 'pending' | 'active' | 'failed'
  grantedQos?: QoS
  reason?: Coded
}

/** The subscribe form's fields, as typed (the identifier as text). */
export interface SubscribeDraft {
  filter: string
  qos: QoS
  noLocal: boolean
  retainHandling: RetainHandling
  id: string
}

/** One connection tab: everything of it the control plane holds. */
export interface Connection {
  id: string
  /** The tab's name: the profile's, or one the user gave; undefined: named by host and port. */
  name: string | undefined
  form: ConnectionForm
  status: ConnectionStatus
  /** The connection's history, newest last. */
  connLog: ConnLogEntry[]
  subscriptions: Subscription[]
  /** The subscribe form's fields, as typed. */
  subscribeDraft: SubscribeDraft
  /** Tree: open branches, the selected topic and the filter text. */
  expanded: ReadonlySet<number>
  selectedTopicId: number | undefined
  treeFilter: string
  /** Log: paused, and the log total when the user paused (the view shows rows up to it). */
  paused: boolean
  pausedAt: number
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

/** A connection that was never connected. */
export function newConnection(id: string, form: ConnectionForm = DEFAULT_FORM): Connection {
  return {
    id,
    name: undefined,
    form,
    status: { state: 'disconnected' },
    connLog: [],
    subscriptions: [],
    subscribeDraft: { filter: '#', qos: 0, noLocal: false, retainHandling: 0, id: '' },
    expanded: new Set<number>(),
    selectedTopicId: undefined,
    treeFilter: '',
    paused: false,
    pausedAt: 0,
  }
}

/** Parses the advanced fields into CONNECT properties, or says which field is wrong. */
export function connectPropertiesOf(
  form: ConnectionForm,
): { ok: true; properties: ConnectProperties } | { ok: false; error: Coded } {
  const properties: ConnectProperties = {}
  const fields = [
    ['receiveMaximum', form.receiveMaximum, 1, 65_535],
    ['maximumPacketSize', form.maximumPacketSize, 1, 268_435_455],
    ['topicAliasMaximum', form.topicAliasMaximum, 0, 65_535],
  ] as const
  for (const [name, text, min, max] of fields) {
    if (text.trim() === '') continue
    const n = Number(text)
    if (!Number.isInteger(n) || n < min || n > max)
      return {
        ok: false,
        error: coded('connect.propertyRange', { field: coded(`field.${name}`), min, max }),
      }
    properties[name] = n
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
      return { ok: false, error: coded('connect.userPropertyForm', { line: line.trim() }) }
    userProperties.push({ key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim() })
  }
  if (userProperties.length > 0) properties.userProperties = userProperties
  return { ok: true, properties }
}

/**
 * What the session needs to connect, from the form, or why the form cannot connect. The client
 * id is generated when empty and the keep alive clamped; `form` returns them as used.
 */
export function connectOptionsOf(
  form: ConnectionForm,
):
  | { ok: true; options: ConnectOptions; form: Pick<ConnectionForm, 'clientId' | 'keepalive'> }
  | { ok: false; error: Coded } {
  const will = buildWill(form.will)
  if (!will.ok) return will
  const props = connectPropertiesOf(form)
  if (!props.ok) return props
  const seconds = (v: number, fallback: number) => (Number.isFinite(v) && v >= 0 ? v : fallback)
  const keepalive = Number.isFinite(form.keepalive)
    ? Math.max(0, Math.min(65_535, Math.round(form.keepalive)))
    : 30
  const clientId = form.clientId.trim() || generateClientId()
  return {
    ok: true,
    form: { clientId, keepalive },
    options: {
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
    },
  }
}
