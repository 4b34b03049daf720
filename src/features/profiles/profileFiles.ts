import { coded, isCoded, type Coded } from '../../lib/coded'
import {
  isRec,
  parseKeepalive,
  parseVersion,
  type Profile,
  type ProfileEntry,
} from '../../store/profileModel'
import { parseProfileEntry } from '../../store/saved/profiles'
import { parseSavedSchemas, type SavedSchemas } from '../../store/saved/schemas'
import { parseSavedScripts, type SavedScripts } from '../../store/saved/scripts'
import { parseSavedSubscription, type SavedSubscription } from '../../store/saved/subscriptions'

/** The `format` tag of mqtt-scope's profiles file. */
export const PROFILES_FILE_FORMAT = 'mqtt-scope-profiles'
export const PROFILES_FILE_VERSION = 1
export const PROFILES_FILE_NAME = 'mqtt-scope-profiles.json'

/**
 * The profiles as a JSON file. Passwords are left out unless `includePasswords` is set; even
 * then only profiles that remember one have one.
 */
export function serializeProfiles(
  profiles: readonly Profile[],
  opts: { includePasswords?: boolean; schemas?: SavedSchemas; scripts?: SavedScripts } = {},
): string {
  // The user's .proto schemas, scripts and their bindings travel with the profiles (issue #16).
  const schemas = opts.schemas?.sets.length ? { schemas: opts.schemas } : {}
  const scripts = opts.scripts?.scripts.length ? { scripts: opts.scripts } : {}
  return JSON.stringify(
    {
      format: PROFILES_FILE_FORMAT,
      version: PROFILES_FILE_VERSION,
      ...schemas,
      ...scripts,
      profiles: profiles.map((p) => {
        const entry: ProfileEntry = {
          name: p.name,
          url: p.url,
          version: p.version,
          clientId: p.clientId,
          username: p.username,
          rememberPassword: p.rememberPassword,
          keepalive: p.keepalive,
          clean: p.clean,
        }
        if (opts.includePasswords && p.password) entry.password = p.password
        if (p.options) entry.options = p.options
        if (p.subscriptions) entry.subscriptions = p.subscriptions
        return entry
      }),
    },
    null,
    2,
  )
}

export type ParsedProfilesFile =
  | {
      ok: true
      source: 'mqtt-scope' | 'MQTTX'
      profiles: ProfileEntry[]
      /** Entries that were not profiles at all. */
      skipped: number
      /** Things the user has to know or do (one coded sentence each, area `profiles`). */
      notes: Coded[]
      /** The .proto schemas and protobuf bindings the file carries, if any. */
      schemas?: SavedSchemas
      /** The saved scripts and script decoder bindings the file carries, if any. */
      scripts?: SavedScripts
    }
  | {
      ok: false
      error: Coded
      /** Why each entry was skipped, when that is why nothing could be used. */
      notes: Coded[]
    }

const fail = (error: Coded, notes: Coded[] = []): ParsedProfilesFile => ({
  ok: false,
  error,
  notes,
})

/**
 * Reads an import file: mqtt-scope's profiles export, or MQTTX's connection export (one
 * connection object, or an array of them, as MQTTX's "Export data" writes). Never throws; a file
 * that is neither says what it is instead.
 */
export function parseProfilesFile(text: string): ParsedProfilesFile {
  if (text.trim() === '') return fail(coded('profiles.fileEmpty'))
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err)
    return fail(coded('profiles.fileNotJson', { error }))
  }
  if (isRec(data) && typeof data.format === 'string') {
    if (data.format !== PROFILES_FILE_FORMAT)
      return fail(
        coded('profiles.fileOtherFormat', { format: data.format, expected: PROFILES_FILE_FORMAT }),
      )
    return parseOwn(data)
  }
  if (Array.isArray(data)) {
    if (data.length === 0) return fail(coded('profiles.fileEmptyList'))
    const connections = flattenMqttx(data)
    if (connections.some(looksLikeMqttx)) return parseMqttx(connections)
    // A bare list of our entries (what version 0 of the storage held).
    return fromEntries('mqtt-scope', data)
  }
  if (looksLikeMqttx(data)) return parseMqttx([data])
  return fail(coded('profiles.fileUnknown', { expected: PROFILES_FILE_FORMAT }))
}

function parseOwn(data: Record<string, unknown>): ParsedProfilesFile {
  const version = data.version
  if (typeof version === 'number' && version > PROFILES_FILE_VERSION)
    return fail(coded('profiles.fileNewer', { version, supported: PROFILES_FILE_VERSION }))
  if (!Array.isArray(data.profiles)) return fail(coded('profiles.fileNoList'))
  const parsed = fromEntries('mqtt-scope', data.profiles)
  const schemas = data.schemas === undefined ? undefined : parseSavedSchemas(data.schemas)
  if (!parsed.ok) return parsed
  const withSchemas = schemas ? { ...parsed, schemas } : parsed
  if (data.scripts === undefined) return withSchemas
  // Scripts that cannot be read are said, never silently lost; the profiles still import.
  const scripts = parseSavedScripts(data.scripts)
  if (!scripts)
    return { ...withSchemas, notes: [...parsed.notes, coded('profiles.scriptsUnreadable')] }
  const dropped = scripts.dropped
    ? [coded('profiles.scriptsDropped', { count: scripts.dropped })]
    : []
  return { ...withSchemas, scripts: scripts.value, notes: [...parsed.notes, ...dropped] }
}

function fromEntries(source: 'mqtt-scope', list: unknown[]): ParsedProfilesFile {
  const profiles: ProfileEntry[] = []
  let skipped = 0
  for (const raw of list) {
    const entry = parseProfileEntry(raw)
    if (entry) profiles.push(entry)
    else skipped++
  }
  if (profiles.length === 0) return fail(coded('profiles.fileNoUsable', { count: skipped }))
  return { ok: true, source, profiles, skipped, notes: [] }
}

// ---- MQTTX -----------------------------------------------------------------------------------

/**
 * MQTTX (emqx/MQTTX) exports `ConnectionModel` objects: name, host, port, path, protocol
 * ('ws' | 'wss' | 'mqtt' | 'mqtts'; older files only have `ssl`), clientId, username, password,
 * mqttVersion ('3.1.1' | '5.0'), keepalive, clean, plus messages, subscriptions, certificates
 * and MQTT 5 properties that a profile does not keep.
 */
function looksLikeMqttx(x: unknown): boolean {
  return isRec(x) && typeof x.host === 'string' && ('port' in x || 'mqttVersion' in x)
}

/** Newer MQTTX versions group connections in collections (`isCollection`, `children`). */
function flattenMqttx(list: unknown[]): unknown[] {
  const out: unknown[] = []
  for (const x of list) {
    if (isRec(x) && x.isCollection === true && Array.isArray(x.children))
      out.push(...flattenMqttx(x.children))
    else out.push(x)
  }
  return out
}

type MqttxProtocol = 'ws' | 'wss' | 'mqtt' | 'mqtts'
const PROTOCOLS: readonly string[] = ['ws', 'wss', 'mqtt', 'mqtts']

function parseMqttx(connections: unknown[]): ParsedProfilesFile {
  const profiles: ProfileEntry[] = []
  const notes: Coded[] = []
  const tcp: string[] = []
  let skipped = 0
  let passwords = 0
  for (const raw of connections) {
    const result = mqttxEntry(raw)
    if (isCoded(result)) {
      skipped++
      notes.push(result)
      continue
    }
    profiles.push(result.entry)
    if (result.tcp) tcp.push(`${result.entry.name} (${result.entry.url})`)
    if (result.hadPassword) passwords++
    if (result.note) notes.push(result.note)
  }
  if (tcp.length > 0)
    notes.unshift(coded('profiles.mqttxTcp', { count: tcp.length, list: tcp.join(', ') }))
  if (passwords > 0) notes.push(coded('profiles.mqttxPasswords', { count: passwords }))
  if (profiles.length === 0) return fail(coded('profiles.mqttxNoUsable'), notes)
  return { ok: true, source: 'MQTTX', profiles, skipped, notes }
}

interface MqttxResult {
  entry: ProfileEntry
  tcp: boolean
  hadPassword: boolean
  note?: Coded
}

/** A usable connection, or why it was skipped. */
function mqttxEntry(x: unknown): MqttxResult | Coded {
  if (!isRec(x)) return coded('profiles.mqttxNotConnection')
  const label = typeof x.name === 'string' && x.name.trim() !== '' ? x.name.trim() : undefined
  let host = typeof x.host === 'string' ? x.host.trim() : ''
  // Some versions keep the scheme in the host ("mqtt://broker.emqx.io").
  let protocol: MqttxProtocol | undefined
  const scheme = /^([a-z]+):\/\//i.exec(host)
  if (scheme) {
    const s = (scheme[1] ?? '').toLowerCase()
    if (PROTOCOLS.includes(s)) protocol = s as MqttxProtocol
    host = host.slice(scheme[0].length).replace(/\/.*$/, '')
  }
  if (host === '')
    return label
      ? coded('profiles.mqttxNoHostNamed', { name: label })
      : coded('profiles.mqttxNoHost')
  const rawProtocol = typeof x.protocol === 'string' ? x.protocol.toLowerCase() : undefined
  if (rawProtocol !== undefined && !PROTOCOLS.includes(rawProtocol))
    return coded('profiles.mqttxProtocol', { name: label ?? host, protocol: rawProtocol })
  protocol = (rawProtocol as MqttxProtocol | undefined) ?? protocol ?? (x.ssl ? 'mqtts' : 'mqtt')
  const port = typeof x.port === 'string' ? Number(x.port) : x.port
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535)
    return coded('profiles.mqttxPort', { name: label ?? host })
  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
  const ws = protocol === 'ws' || protocol === 'wss'
  let path = ''
  if (ws) {
    const raw = typeof x.path === 'string' && x.path.trim() !== '' ? x.path.trim() : '/mqtt'
    path = raw.startsWith('/') ? raw : `/${raw}`
  }
  const mqttVersion = x.mqttVersion
  const version = parseVersion(mqttVersion)
  const entry: ProfileEntry = {
    name: label ?? `${host}:${port}`,
    url: `${protocol}://${hostPart}:${port}${path}`,
    version: version ?? '5',
    clientId: typeof x.clientId === 'string' ? x.clientId : '',
    username: typeof x.username === 'string' ? x.username : '',
    rememberPassword: false,
    keepalive: parseKeepalive(x.keepalive, 60),
    clean: typeof x.clean === 'boolean' ? x.clean : true,
  }
  const subscriptions = mqttxSubscriptions(x.subscriptions)
  if (subscriptions.length > 0) entry.subscriptions = subscriptions
  const result: MqttxResult = {
    entry,
    tcp: !ws,
    hadPassword: typeof x.password === 'string' && x.password !== '',
  }
  if (mqttVersion === '3.1' || mqttVersion === 3)
    result.note = coded('profiles.mqttx31', { name: entry.name })
  else if (x.certType === 'self') result.note = coded('profiles.mqttxCert', { name: entry.name })
  return result
}

/**
 * MQTTX's subscriptions (`SubscriptionModel`: topic, qos and, for MQTT 5, nl, rap, rh and in newer
 * versions subscriptionIdentifier) as the profile's: the first of each filter, valid filters only,
 * none that MQTTX keeps switched off (`disabled`). Retain As Published is not read: mqtt-scope
 * always asks for it.
 */
function mqttxSubscriptions(list: unknown): SavedSubscription[] {
  if (!Array.isArray(list)) return []
  const out: SavedSubscription[] = []
  for (const x of list) {
    if (!isRec(x) || x.disabled === true) continue
    const sub = parseSavedSubscription({
      filter: x.topic,
      qos: x.qos ?? 0,
      v5: { noLocal: x.nl, retainHandling: x.rh, id: x.subscriptionIdentifier },
    })
    if (sub && !out.some((s) => s.filter === sub.filter)) out.push(sub)
  }
  return out
}
