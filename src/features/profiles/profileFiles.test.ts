import { describe, expect, it } from 'vitest'
import { coded, type Coded } from '../../lib/coded'
import type { Profile } from '../../store/profileModel'
import { parseProfilesFile, PROFILES_FILE_FORMAT, serializeProfiles } from './profileFiles'

const base: Omit<Profile, 'id' | 'name' | 'url'> = {
  version: '5',
  clientId: '',
  username: '',
  rememberPassword: false,
  keepalive: 30,
  clean: true,
}

const saved: Profile[] = [
  { ...base, id: 'a', name: 'Plant', url: 'wss://plant.example:8884/mqtt', username: 'ops' },
  {
    ...base,
    id: 'b',
    name: 'Lab',
    url: 'ws://lab:9001',
    version: '3.1.1',
    clientId: 'lab-1',
    rememberPassword: true,
    password: 'hunter2',
    keepalive: 10,
    clean: false,
  },
]

/** A connection export as MQTTX's "Export data" writes it (JSON.stringify of ConnectionModel[]). */
const MQTTX_EXPORT = [
  {
    id: '7d6f2a2c-0f39-4b8e-9d42-1f3b2f1c9a01',
    clientId: 'mqttx_5c1e9f02',
    name: 'EMQX over WebSocket',
    clean: true,
    protocol: 'ws',
    host: 'broker.emqx.io',
    port: 8083,
    keepalive: 60,
    connectTimeout: 10,
    reconnect: false,
    username: 'emqx',
    password: 'public',
    path: '/mqtt',
    certType: '',
    ssl: false,
    mqttVersion: '5.0',
    subscriptions: [{ topic: 'testtopic/#', qos: 0, createAt: '2024-05-01 10:00:00' }],
    messages: [],
    unreadMessageCount: 0,
    ca: '',
    cert: '',
    key: '',
    properties: { sessionExpiryInterval: 0 },
  },
  {
    clientId: 'mqttx_tcp',
    name: 'Factory TCP',
    clean: false,
    protocol: 'mqtt',
    host: '10.0.0.5',
    port: 1883,
    keepalive: 120,
    username: '',
    password: '',
    path: '/mqtt',
    ssl: false,
    mqttVersion: '3.1.1',
  },
  {
    clientId: '',
    name: 'HiveMQ TLS',
    protocol: 'wss',
    host: 'broker.hivemq.com',
    port: '8884',
    path: 'mqtt',
    ssl: true,
    mqttVersion: '3.1.1',
    keepalive: 60,
    clean: true,
  },
]

describe('serializeProfiles', () => {
  it('leaves every password out by default', () => {
    const text = serializeProfiles(saved)
    expect(text).not.toContain('hunter2')
    const file = JSON.parse(text) as { format: string; version: number; profiles: unknown[] }
    expect(file.format).toBe(PROFILES_FILE_FORMAT)
    expect(file.version).toBe(1)
    expect(file.profiles).toHaveLength(2)
    expect(file.profiles[1]).not.toHaveProperty('password')
    expect(file.profiles[0]).not.toHaveProperty('id')
  })

  it('includes the saved passwords only when asked', () => {
    const file = JSON.parse(serializeProfiles(saved, { includePasswords: true })) as {
      profiles: { password?: string }[]
    }
    expect(file.profiles.map((p) => p.password)).toEqual([undefined, 'hunter2'])
  })
})

describe('parseProfilesFile: mqtt-scope files', () => {
  it('reads back what it wrote, field for field', () => {
    const parsed = parseProfilesFile(serializeProfiles(saved, { includePasswords: true }))
    expect(parsed).toEqual({
      ok: true,
      source: 'mqtt-scope',
      skipped: 0,
      notes: [],
      profiles: saved.map(({ id: _id, ...entry }) => entry),
    })
  })

  it('round-trips without passwords by default', () => {
    const parsed = parseProfilesFile(serializeProfiles(saved))
    expect(parsed.ok && parsed.profiles.map((p) => p.password)).toEqual([undefined, undefined])
    expect(parsed.ok && parsed.profiles[1]).toMatchObject({ name: 'Lab', keepalive: 10 })
  })

  it('skips entries that are not profiles and counts them', () => {
    const parsed = parseProfilesFile(
      JSON.stringify({
        format: PROFILES_FILE_FORMAT,
        version: 1,
        profiles: [{ name: 'Ok', url: 'ws://ok:1' }, { name: 'no url' }, 7],
      }),
    )
    expect(parsed).toMatchObject({ ok: true, skipped: 2, profiles: [{ name: 'Ok' }] })
  })

  it('says what is wrong with files it cannot use, without throwing', () => {
    const unknown = coded('profiles.fileUnknown', { expected: PROFILES_FILE_FORMAT })
    const cases: [string, Coded][] = [
      ['', coded('profiles.fileEmpty')],
      [
        '{"format": "mqtt-scope-templates", "version": 1, "templates": []}',
        coded('profiles.fileOtherFormat', {
          format: 'mqtt-scope-templates',
          expected: PROFILES_FILE_FORMAT,
        }),
      ],
      [
        '{"format": "mqtt-scope-profiles", "version": 9, "profiles": []}',
        coded('profiles.fileNewer', { version: 9, supported: 1 }),
      ],
      ['{"format": "mqtt-scope-profiles", "version": 1}', coded('profiles.fileNoList')],
      [
        '{"format": "mqtt-scope-profiles", "version": 1, "profiles": [{"x": 1}]}',
        coded('profiles.fileNoUsable', { count: 1 }),
      ],
      ['[]', coded('profiles.fileEmptyList')],
      ['{"hello": "world"}', unknown],
      ['42', unknown],
      ['null', unknown],
    ]
    for (const [text, error] of cases)
      expect(parseProfilesFile(text), text).toEqual({ ok: false, error, notes: [] })
  })

  it("passes the JSON parser's own words on as a value", () => {
    const parsed = parseProfilesFile(
      '{"format": "mqtt-scope-profiles", "version": 1, "profiles": [',
    )
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) {
      expect(parsed.error.code).toBe('profiles.fileNotJson')
      expect(parsed.error.values?.error).toMatch(/JSON/)
    }
  })
})

describe('parseProfilesFile: MQTTX exports', () => {
  it('turns MQTTX connections into profiles with WebSocket URLs built from host, port and path', () => {
    const parsed = parseProfilesFile(JSON.stringify(MQTTX_EXPORT))
    if (!parsed.ok) throw new Error(parsed.error.code)
    expect(parsed.source).toBe('MQTTX')
    expect(parsed.profiles).toEqual([
      {
        name: 'EMQX over WebSocket',
        url: 'ws://broker.emqx.io:8083/mqtt',
        version: '5',
        clientId: 'mqttx_5c1e9f02',
        username: 'emqx',
        rememberPassword: false,
        keepalive: 60,
        clean: true,
        subscriptions: [{ filter: 'testtopic/#', qos: 0 }],
      },
      {
        name: 'Factory TCP',
        url: 'mqtt://10.0.0.5:1883',
        version: '3.1.1',
        clientId: 'mqttx_tcp',
        username: '',
        rememberPassword: false,
        keepalive: 120,
        clean: false,
      },
      {
        name: 'HiveMQ TLS',
        url: 'wss://broker.hivemq.com:8884/mqtt',
        version: '3.1.1',
        clientId: '',
        username: '',
        rememberPassword: false,
        keepalive: 60,
        clean: true,
      },
    ])
  })

  it('notes that mqtt:// connections need the broker\u2019s WebSocket port, and that passwords were not kept', () => {
    const parsed = parseProfilesFile(JSON.stringify(MQTTX_EXPORT))
    if (!parsed.ok) throw new Error(parsed.error.code)
    expect(parsed.notes).toEqual([
      coded('profiles.mqttxTcp', { count: 1, list: 'Factory TCP (mqtt://10.0.0.5:1883)' }),
      coded('profiles.mqttxPasswords', { count: 1 }),
    ])
    expect(JSON.stringify(parsed.profiles)).not.toContain('public')
  })

  it('keeps the subscriptions with their MQTT 5 options, valid and switched on only', () => {
    const parsed = parseProfilesFile(
      JSON.stringify([
        {
          name: 'Subs',
          host: 'broker.example',
          port: 8083,
          protocol: 'ws',
          mqttVersion: '5.0',
          subscriptions: [
            { topic: 'a/#', qos: 1, nl: true, rap: true, rh: 2, createAt: 'x' },
            { topic: 'b/+', qos: 2, nl: false, rh: 1, subscriptionIdentifier: 12 },
            { topic: 'c', qos: 0, rh: 0, subscriptionIdentifier: 0 },
            { topic: 'off/#', qos: 0, disabled: true },
            { topic: 'bad/#/x', qos: 0 },
            { topic: 'q', qos: 5 },
            { topic: 'a/#', qos: 0 },
            'nonsense',
          ],
        },
      ]),
    )
    if (!parsed.ok) throw new Error(parsed.error.code)
    expect(parsed.profiles[0]?.subscriptions).toEqual([
      { filter: 'a/#', qos: 1, v5: { noLocal: true, retainHandling: 2 } },
      { filter: 'b/+', qos: 2, v5: { retainHandling: 1, id: 12 } },
      { filter: 'c', qos: 0 },
    ])
  })

  it('reads a single exported connection and older files with the scheme in the host or only ssl', () => {
    const one = parseProfilesFile(JSON.stringify(MQTTX_EXPORT[0]))
    expect(one.ok && one.profiles.map((p) => p.url)).toEqual(['ws://broker.emqx.io:8083/mqtt'])
    const old = parseProfilesFile(
      JSON.stringify([
        { name: 'Old', host: 'mqtts://secure.example', port: 8883, mqttVersion: '3.1.1' },
        { name: 'Older', host: 'plain.example', port: 1883, ssl: true },
      ]),
    )
    expect(old.ok && old.profiles.map((p) => p.url)).toEqual([
      'mqtts://secure.example:8883',
      'mqtts://plain.example:1883',
    ])
  })

  it('flattens MQTTX collections and skips connections it cannot use, saying why', () => {
    const parsed = parseProfilesFile(
      JSON.stringify([
        { isCollection: true, name: 'Group', children: [{ ...MQTTX_EXPORT[2], name: 'Inside' }] },
        { name: 'No port', host: 'x.example', mqttVersion: '5.0' },
        { name: 'QUIC', host: 'q.example', port: 14567, protocol: 'quic' },
        { name: 'v6', host: '::1', port: 8083, protocol: 'ws', mqttVersion: '3.1' },
      ]),
    )
    if (!parsed.ok) throw new Error(parsed.error.code)
    expect(parsed.profiles.map((p) => [p.name, p.url])).toEqual([
      ['Inside', 'wss://broker.hivemq.com:8884/mqtt'],
      ['v6', 'ws://[::1]:8083/mqtt'],
    ])
    expect(parsed.skipped).toBe(2)
    expect(parsed.notes).toEqual([
      coded('profiles.mqttxPort', { name: 'No port' }),
      coded('profiles.mqttxProtocol', { name: 'QUIC', protocol: 'quic' }),
      coded('profiles.mqttx31', { name: 'v6' }),
    ])
  })

  it('says why each unusable connection was skipped, and fails with those reasons when none is left', () => {
    const parsed = parseProfilesFile(
      JSON.stringify([
        { name: 'Bad', host: '', port: 1 },
        { host: '', port: 1 },
        { host: 'x', port: 1, protocol: 'ws', certType: 'self' },
        'not a connection',
      ]),
    )
    expect(parsed).toMatchObject({ ok: true, profiles: [{ name: 'x:1' }] })
    expect(parsed.notes).toEqual([
      coded('profiles.mqttxNoHostNamed', { name: 'Bad' }),
      coded('profiles.mqttxNoHost'),
      coded('profiles.mqttxCert', { name: 'x:1' }),
      coded('profiles.mqttxNotConnection'),
    ])
    const none = parseProfilesFile(JSON.stringify([{ name: 'Bad', host: '', port: 1 }]))
    expect(none).toEqual({
      ok: false,
      error: coded('profiles.mqttxNoUsable'),
      notes: [coded('profiles.mqttxNoHostNamed', { name: 'Bad' })],
    })
  })
})

describe('profiles files carry the saved scripts (issue #16)', () => {
  const scripts = {
    scripts: [{ id: 's1', name: 'Meter', source: 'export function decode(b) { return b[0] }' }],
    bindings: [{ filter: 'demo/+/raw', scriptId: 's1' }],
  }

  it('exports the scripts and their bindings and reads them back; none saved, no field', () => {
    const text = serializeProfiles(saved, { scripts })
    const parsed = parseProfilesFile(text)
    expect(parsed).toMatchObject({ ok: true, scripts, notes: [] })
    expect(
      JSON.parse(serializeProfiles(saved, { scripts: { scripts: [], bindings: [] } })),
    ).not.toHaveProperty('scripts')
    expect(parseProfilesFile(serializeProfiles(saved))).not.toHaveProperty('scripts')
  })

  it('says when the scripts cannot be read or some were damaged, and still imports the profiles', () => {
    const file = (value: unknown) => {
      const data = JSON.parse(serializeProfiles(saved)) as Record<string, unknown>
      return parseProfilesFile(JSON.stringify({ ...data, scripts: value }))
    }
    const unreadable = file('not scripts')
    expect(unreadable).toMatchObject({ ok: true, notes: [{ code: 'profiles.scriptsUnreadable' }] })
    expect(unreadable).not.toHaveProperty('scripts')
    if (unreadable.ok) expect(unreadable.profiles).toHaveLength(saved.length)
    const damaged = file({
      scripts: [...scripts.scripts, { id: 's2', name: '', source: 'x' }, 42],
      bindings: [...scripts.bindings, { filter: 'a/#/b', scriptId: 's1' }],
    })
    expect(damaged).toMatchObject({
      ok: true,
      scripts,
      notes: [{ code: 'profiles.scriptsDropped', values: { count: 3 } }],
    })
  })
})
