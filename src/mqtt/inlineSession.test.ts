import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import type { Client } from 'aedes'
import mqtt from 'mqtt'
import type { MqttClient } from 'mqtt'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { startBroker } from '../../server/broker'
import type { EmbeddedBroker } from '../../server/broker'
import type { ConnectOptions, QoS, StatusMessage } from '../wire/mqtt'
import type { Frame } from '../wire/frame'
import { InlineChannel } from './inlineChannel'

const cleanups: (() => Promise<unknown> | void)[] = []

afterEach(async () => {
  // Session and clients first, the broker last, whatever the test got to.
  while (cleanups.length > 0) await cleanups.pop()!()
})

async function broker(): Promise<EmbeddedBroker> {
  const b = await startBroker({ tcpPort: 0, wsPort: 0 })
  cleanups.push(() => b.close())
  return b
}

async function publisher(b: EmbeddedBroker): Promise<MqttClient> {
  const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${b.tcpPort}`, {
    protocolVersion: 4,
    reconnectPeriod: 0,
  })
  cleanups.push(() => c.endAsync(true))
  return c
}

/**
 * One connection over the channel to an in-thread host (the worker's code, run here): its
 * statuses and frames are recorded; frames are credited only when `autoCredit`.
 */
function session(autoCredit: boolean) {
  const ch = new InlineChannel((url, opts) => mqtt.connect(url, opts))
  cleanups.push(() => ch.dispose())
  const conn = 'c1'
  const statuses: StatusMessage[] = []
  const frames: Frame[] = []
  ch.listen(conn, (event) => {
    if (event.type === 'status') statuses.push(event)
  })
  ch.onFrames((frame) => {
    for (const part of frame.parts) frames.push({ ...part, seq: frame.seq })
    if (autoCredit) ch.credit(frame.seq)
  })
  const s = {
    connect: (o: ConnectOptions) => ch.cast(conn, { type: 'connect', options: o }),
    disconnect: () => ch.cast(conn, { type: 'disconnect' }),
    subscribe: (filter: string, qos: QoS) => ch.call(conn, 'subscribe', { filter, qos }).result,
    credit: (seq: number) => ch.credit(seq),
  }
  return { s, statuses, frames }
}

/** A status's reason with its values, as text to look into (the view words it). */
const reasonOf = (status: StatusMessage | undefined) => JSON.stringify(status?.reason ?? null)

function options(url: string, patch: Partial<ConnectOptions> = {}): ConnectOptions {
  return {
    url,
    clientId: `test-${Math.random().toString(16).slice(2, 10)}`,
    protocolLevel: 5,
    keepalive: 30,
    clean: true,
    connectTimeoutMs: 3000,
    reconnectPeriodMs: 0,
    fallbackTo311: true,
    ...patch,
  }
}

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 4000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

const last = <T>(list: T[]): T | undefined => list[list.length - 1]

/** A port nothing listens on: bound once to get a free number, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Rebuilds full topics from the inserts of several frames. */
function topicsOf(frames: Frame[]): Map<string, number> {
  const parent = new Map<number, number>()
  const name = new Map<number, string>()
  for (const f of frames)
    f.inserts.ids.forEach((id, i) => {
      parent.set(id, f.inserts.parents[i]!)
      name.set(id, f.inserts.names[i]!)
    })
  const topicOf = (id: number): string => {
    const p = parent.get(id)!
    return p > 0 ? `${topicOf(p)}/${name.get(id)!}` : name.get(id)!
  }
  return new Map([...name.keys()].map((id) => [topicOf(id), id]))
}

/** The latest value of one stats column for `id` over several frames. */
function latestStat(frames: Frame[], id: number, column: 'counts' | 'subtree'): number | undefined {
  let value: number | undefined
  for (const f of frames) {
    const i = f.stats.ids.indexOf(id)
    if (i >= 0) value = f.stats[column][i]
  }
  return value
}

describe('InlineSession against the embedded broker', () => {
  it('falls back to MQTT 3.1.1, subscribes and counts every message exactly', async () => {
    const b = await broker()
    const { s, statuses, frames } = session(true)
    s.connect(options(`ws://127.0.0.1:${b.wsPort}`))
    await waitFor(() => last(statuses)?.state === 'connected', 'connected')

    expect(statuses[0]).toEqual({ type: 'status', state: 'connecting' })
    expect(statuses.map((m) => m.state)).toEqual(['connecting', 'connecting', 'connected'])
    expect(last(statuses)).toEqual({
      type: 'status',
      state: 'connected',
      protocolLevel: 4,
      note: { code: 'session.fallback311' },
      connack: { sessionPresent: false },
      event: { code: 'event.connected' },
    })

    expect(await s.subscribe('#', 0)).toEqual({ ok: true, grantedQos: 0 })

    const pub = await publisher(b)
    const topics = ['sensors/room2/temp', 'sensors/room10/temp', 'sensors/room2/hum']
    const perTopic = 10
    for (let i = 0; i < perTopic; i++)
      for (const topic of topics) await pub.publishAsync(topic, `${i}`, { qos: 0 })
    const n = perTopic * topics.length
    await waitFor(() => last(frames)?.totals.received === n, `${n} messages`)

    expect(frames[0]!.reset).toBe(true)
    expect(frames.slice(1).every((f) => !f.reset)).toBe(true)
    expect(frames.map((f) => f.seq)).toEqual(frames.map((_, i) => i + 1))
    expect(last(frames)!.totals).toMatchObject({ received: n, dropped: 0, topics: 3, nodes: 6 })
    expect(frames.reduce((sum, f) => sum + f.log.topicIds.length, 0)).toBe(n)

    const ids = topicsOf(frames)
    expect([...ids.keys()].sort()).toEqual([
      'sensors',
      'sensors/room10',
      'sensors/room10/temp',
      'sensors/room2',
      'sensors/room2/hum',
      'sensors/room2/temp',
    ])
    for (const topic of topics) expect(latestStat(frames, ids.get(topic)!, 'counts')).toBe(perTopic)
    expect(latestStat(frames, ids.get('sensors/room2')!, 'subtree')).toBe(2 * perTopic)
    expect(latestStat(frames, ids.get('sensors')!, 'subtree')).toBe(n)
  })

  it('connects with MQTT 3.1.1 straight away when asked, without a note', async () => {
    const b = await broker()
    const { s, statuses } = session(true)
    s.connect(options(`ws://127.0.0.1:${b.wsPort}/mqtt`, { protocolLevel: 4 }))
    await waitFor(() => last(statuses)?.state === 'connected', 'connected')
    expect(statuses).toEqual([
      { type: 'status', state: 'connecting' },
      {
        type: 'status',
        state: 'connected',
        protocolLevel: 4,
        connack: { sessionPresent: false },
        event: { code: 'event.connected' },
      },
    ])
  })

  it('reports an unreachable port as disconnected with a reason naming the URL', async () => {
    const port = await closedPort()
    const url = `ws://127.0.0.1:${port}`
    const { s, statuses } = session(true)
    s.connect(options(url, { reconnectPeriodMs: 2000 }))
    await waitFor(() => last(statuses)?.state === 'disconnected', 'disconnected')
    expect(statuses.map((m) => m.state)).toEqual(['connecting', 'disconnected'])
    expect(reasonOf(last(statuses))).toContain(url)
  })

  it('reports a WebSocket server that never answers CONNECT with a reason naming the URL', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise<void>((resolve) => wss.once('listening', resolve))
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const ws of wss.clients) ws.terminate()
          wss.close(() => resolve())
        }),
    )
    const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/mqtt`
    const { s, statuses } = session(true)
    s.connect(options(url, { connectTimeoutMs: 300 }))
    await waitFor(() => last(statuses)?.state === 'disconnected', 'disconnected')
    expect(statuses.map((m) => m.state)).toEqual(['connecting', 'disconnected'])
    // Not MQTT.js's bare "connack timeout": the user needs to hear which URL failed and why.
    expect(reasonOf(last(statuses))).toContain(url)
  })

  it.each([
    [4, 'connack.4'],
    [5, 'connack.5'],
  ] as const)(
    'reports a CONNACK refusal with return code %i as its code',
    async (returnCode, expected) => {
      const b = await broker()
      b.aedes.authenticate = (
        _client: Client,
        _user: Readonly<string | undefined>,
        _pass: Readonly<Buffer | undefined>,
        done,
      ) => done(Object.assign(new Error('refused'), { returnCode }), false)
      const { s, statuses } = session(true)
      s.connect(options(`ws://127.0.0.1:${b.wsPort}`, { username: 'u', password: 'wrong' }))
      await waitFor(() => last(statuses)?.state === 'disconnected', 'disconnected')
      expect(statuses.some((m) => m.state === 'connected')).toBe(false)
      expect(last(statuses)!.reason).toEqual({ code: expected })
    },
  )

  it('refuses to subscribe while not connected, with a code', async () => {
    const { s } = session(true)
    expect(await s.subscribe('#', 1)).toEqual({
      ok: false,
      reason: { code: 'subscribe.notConnected' },
    })
  })

  it('posts no new frame until the credit returns, then one frame with everything', async () => {
    const b = await broker()
    const { s, statuses, frames } = session(false)
    let sessionClientId = ''
    const acked = { count: 0 }
    // QoS 1 end to end: the broker sees the session's PUBACK only after the message was ingested.
    b.aedes.on('ack', (_packet, client) => {
      if (client.id === sessionClientId) acked.count++
    })
    const opts = options(`ws://127.0.0.1:${b.wsPort}`, { protocolLevel: 4 })
    sessionClientId = opts.clientId
    s.connect(opts)
    await waitFor(() => last(statuses)?.state === 'connected', 'connected')
    expect(await s.subscribe('load/#', 1)).toEqual({ ok: true, grantedQos: 1 })
    expect(frames).toHaveLength(1)
    expect(frames[0]!.reset).toBe(true)

    const pub = await publisher(b)
    const n = 50
    for (let i = 0; i < n; i++) await pub.publishAsync(`load/${i % 5}`, `${i}`, { qos: 1 })
    await waitFor(() => acked.count === n, `${n} acks`)
    // Every message was ingested (its PUBACK went out after that) in 50 round trips, each of
    // which asked for a frame: none went out, since frame 1 is not credited.
    expect(frames).toHaveLength(1)

    s.credit(frames[0]!.seq)
    await waitFor(() => frames.length === 2, 'frame 2')
    const second = frames[1]!
    expect(second.totals.received).toBe(n)
    expect(second.totals.dropped).toBe(0)
    expect(second.log.topicIds).toHaveLength(n)
    expect(second.inserts.names).toHaveLength(6)

    // A stale credit does not open the gate twice: a message ingested after it (acked) stays
    // out of any frame until frame 2 is credited, and then comes in frame 3.
    s.credit(frames[0]!.seq)
    await pub.publishAsync('load/late', 'late', { qos: 1 })
    await waitFor(() => acked.count === n + 1, 'the late ack')
    expect(frames).toHaveLength(2)
    s.credit(second.seq)
    await waitFor(() => frames.length === 3, 'frame 3')
    expect(frames[2]!.totals.received).toBe(n + 1)
    expect(frames[2]!.log.topicIds).toHaveLength(1)
  })

  it('says disconnected when asked to disconnect without a connection', async () => {
    const { s, statuses } = session(true)
    s.disconnect()
    await waitFor(() => statuses.length === 1, 'a status')
    expect(statuses[0]).toEqual({ type: 'status', state: 'disconnected' })
  })
})
