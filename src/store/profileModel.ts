import type { ConnectionForm } from './appStore'
import type { SavedSubscription } from './saved/subscriptions'

/** The connection fields a profile keeps: the form without the password and the Last Will. */
export type ProfileFields = Pick<
  ConnectionForm,
  'url' | 'version' | 'clientId' | 'username' | 'keepalive' | 'clean'
>

/** The other options a profile keeps: the advanced fields and the Last Will. */
export type ProfileOptions = Partial<
  Pick<
    ConnectionForm,
    | 'connectTimeout'
    | 'reconnectPeriod'
    | 'reconnectMax'
    | 'maxReconnectAttempts'
    | 'resubscribe'
    | 'sessionExpiry'
    | 'receiveMaximum'
    | 'maximumPacketSize'
    | 'topicAliasMaximum'
    | 'requestResponseInformation'
    | 'requestProblemInformation'
    | 'userProperties'
    | 'will'
  >
>

export const NUMBER_OPTIONS = [
  'connectTimeout',
  'reconnectPeriod',
  'reconnectMax',
  'maxReconnectAttempts',
  'sessionExpiry',
] as const
export const TEXT_OPTIONS = [
  'receiveMaximum',
  'maximumPacketSize',
  'topicAliasMaximum',
  'userProperties',
] as const
export const FLAG_OPTIONS = [
  'resubscribe',
  'requestResponseInformation',
  'requestProblemInformation',
] as const

/** The options of a connection form, for saving in a profile. */
export function optionsOfForm(f: ConnectionForm): ProfileOptions {
  const out: ProfileOptions = { will: f.will }
  for (const k of NUMBER_OPTIONS) out[k] = f[k]
  for (const k of TEXT_OPTIONS) out[k] = f[k]
  for (const k of FLAG_OPTIONS) out[k] = f[k]
  return out
}

/** A saved connection profile. `password` is only ever set when `rememberPassword` is true. */
export interface Profile extends ProfileFields {
  id: string
  name: string
  password?: string
  rememberPassword: boolean
  /** Advanced options and the Last Will; absent in profiles saved before they existed. */
  options?: ProfileOptions
  /** Subscriptions made again when the profile is used; absent when the profile keeps none. */
  subscriptions?: SavedSubscription[]
}

/** A profile as it travels in a file: no id (ids are local to one browser). */
export type ProfileEntry = Omit<Profile, 'id'>

/** At most this many saved profiles: each is a button in the sidebar and a line in storage. */
export const MAX_PROFILES = 200
/** A default profile name is cut to this many characters. */
const MAX_NAME_CHARS = 120

const PRESET_PREFIX = 'preset:'

function preset(
  key: string,
  name: string,
  url: string,
  version: Profile['version'] = '5',
): Profile {
  return {
    id: PRESET_PREFIX + key,
    name,
    url,
    version,
    clientId: '',
    username: '',
    rememberPassword: false,
    keepalive: 30,
    clean: true,
  }
}

/**
 * Built-in, read-only profiles: the public test brokers with their documented WebSocket
 * listeners (wss first: an https page may only open wss://), and the embedded broker of
 * `npm start`. Sources are listed in docs/architecture.md ("Profiles"). These are public: anyone
 * can read what is published there.
 */
export const PRESETS: readonly Profile[] = [
  preset('emqx-wss', 'EMQX public broker (wss)', 'wss://broker.emqx.io:8084/mqtt'),
  preset('emqx-ws', 'EMQX public broker (ws)', 'ws://broker.emqx.io:8083/mqtt'),
  // Mosquitto serves MQTT on any WebSocket path; "/" is what its page documents.
  preset('mosquitto-wss', 'Mosquitto test broker (wss)', 'wss://test.mosquitto.org:8081'),
  preset('mosquitto-ws', 'Mosquitto test broker (ws)', 'ws://test.mosquitto.org:8080'),
  preset('hivemq-wss', 'HiveMQ public broker (wss)', 'wss://broker.hivemq.com:8884/mqtt'),
  preset('hivemq-ws', 'HiveMQ public broker (ws)', 'ws://broker.hivemq.com:8000/mqtt'),
  preset('eclipse-wss', 'Eclipse public broker (wss)', 'wss://mqtt.eclipseprojects.io:443/mqtt'),
  preset('eclipse-ws', 'Eclipse public broker (ws)', 'ws://mqtt.eclipseprojects.io:80/mqtt'),
  // Aedes speaks MQTT 3.1.1 only; asking for it avoids a refused MQTT 5 attempt first.
  preset('local', 'Local broker (npm start)', 'ws://127.0.0.1:9001', '3.1.1'),
]

/** The embedded broker's preset. */
export const LOCAL_PRESET_ID = `${PRESET_PREFIX}local`

/** Where the running `npm start` says its broker is (its local-broker.json). */
export interface LocalBroker {
  url: string
  version: Profile['version']
}

/**
 * The presets, the local one at the address `npm start` announced: its ports are configurable
 * (MQTT_SCOPE_BROKER_WS_PORT), so the built-in 9001 is only a guess until the server has said.
 */
export function presetsWith(local: LocalBroker | undefined): readonly Profile[] {
  if (!local) return PRESETS
  return PRESETS.map((p) =>
    p.id === LOCAL_PRESET_ID ? { ...p, url: local.url, version: local.version } : p,
  )
}

export const isPresetId = (id: string | undefined): boolean =>
  id !== undefined && id.startsWith(PRESET_PREFIX)

let idCounter = 0
/** A new local profile id. */
export function newProfileId(): string {
  idCounter++
  return `p-${Date.now().toString(36)}-${idCounter.toString(36)}-${Math.random().toString(36).slice(2, 6)}`
}

/**
 * `wanted` if no other profile (saved or built in) has that name, else `wanted (2)`, `(3)`, ...
 * Names are unique because each is the name of a "Use profile <name>" button.
 */
export function uniqueName(wanted: string, taken: Iterable<string>): string {
  const used = new Set<string>()
  for (const n of taken) used.add(n.toLowerCase())
  for (const p of PRESETS) used.add(p.name.toLowerCase())
  const base = wanted.trim() || 'Profile'
  if (!used.has(base.toLowerCase())) return base
  for (let i = 2; ; i++) {
    const candidate = `${base} (${i})`
    if (!used.has(candidate.toLowerCase())) return candidate
  }
}

/** A short default name for a profile of this URL: its host and port. */
export function nameFromUrl(url: string): string {
  try {
    const u = new URL(url.trim())
    return u.host || url.trim()
  } catch {
    return url.trim().slice(0, MAX_NAME_CHARS) || 'Profile'
  }
}

type Rec = Record<string, unknown>
export const isRec = (x: unknown): x is Rec =>
  typeof x === 'object' && x !== null && !Array.isArray(x)

/** '5' or '3.1.1' from the spellings people and tools use; undefined when it is neither. */
export function parseVersion(x: unknown): Profile['version'] | undefined {
  const s = typeof x === 'number' ? String(x) : typeof x === 'string' ? x.trim() : ''
  if (s === '5' || s === '5.0') return '5'
  if (s === '3.1.1' || s === '4') return '3.1.1'
  return undefined
}

/** Keep alive in whole seconds within what MQTT can carry (0 to 65 535); 30 when unusable. */
export function parseKeepalive(x: unknown, fallback = 30): number {
  const n = typeof x === 'string' && x.trim() !== '' ? Number(x) : x
  return typeof n === 'number' && Number.isFinite(n)
    ? Math.max(0, Math.min(65_535, Math.round(n)))
    : fallback
}
