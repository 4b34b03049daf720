import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, type Mosquitto } from '../../e2e/fixtures/mosquitto'
import type { RetainedMessage, RetainedProgress } from '../wire/retained'
import type { ConnectOptions, PublishMessage, PublishResult } from '../wire/mqtt'
import type { Clock } from './clock'
import { InlineChannel } from './inlineChannel'
import type { PublishTransport } from './transport'
import { clearMessages, publishBatch, restoreMessages } from './retainedClear'
import { messageProperties, scanClientId } from './retainedScan'

/** A transport whose answers the test gives by hand. */
function fakeTransport() {
  const sent: { message: PublishMessage; done: (r: PublishResult) => void }[] = []
  const transport: PublishTransport & { connected: boolean } = {
    connected: true,
    protocolLevel: 5,
    publish: (message, done) => sent.push({ message, done }),
    subscribe: () => undefined,
  }
  return { transport, sent }
}

function fakeClock() {
  let timer: { fn: () => void; at: number } | undefined
  let now = 0
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => (timer = { fn, at: now + ms }),
    clearTimeout: (h) => {
      if (h === timer) timer = undefined
    },
  }
  return {
    clock,
    advance: (ms: number) => {
      now += ms
      if (timer && timer.at <= now) {
        const { fn } = timer
        timer = undefined
        fn()
      }
    },
  }
}

const ok = (qos: 0 | 1 | 2 = 1): PublishResult => ({
  ok: true,
  qos,
  reasonCode: 0,
})

describe('publishBatch', () => {
  it('keeps at most maxInFlight unanswered and reports progress to the end', async () => {
    const { transport, sent } = fakeTransport()
    const progress: number[] = []
    const topics = Array.from({ length: 25 }, (_, i) => `t/${i}`)
    const batch = publishBatch(transport, clearMessages(topics), (n) => progress.push(n), {
      maxInFlight: 10,
      ackTimeoutMs: 1000,
    })
    expect(sent).toHaveLength(10)
    expect(sent[0]!.message).toMatchObject({ topic: 't/0', qos: 1, retain: true })
    expect(sent[0]!.message.payload.byteLength).toBe(0)
    let answered = 0
    while (answered < sent.length) {
      sent[answered++]!.done(ok())
      expect(sent.length - answered).toBeLessThanOrEqual(10)
    }
    expect(await batch.result).toEqual({ succeeded: 25, failed: 0, failedTopics: [] })
    expect(progress).toEqual(Array.from({ length: 25 }, (_, i) => i + 1))
  })

  it('counts refusals with the first reason, and stops when the broker goes silent', async () => {
    const { transport, sent } = fakeTransport()
    const { clock, advance } = fakeClock()
    const batch = publishBatch(
      transport,
      clearMessages(['a', 'b', 'c', 'd']),
      () => undefined,
      { maxInFlight: 2, ackTimeoutMs: 1000 },
      clock,
    )
    sent[0]!.done({ ok: false, reason: { code: 'puback.135' }, reasonCode: 135 })
    sent[1]!.done(ok())
    // c and d are in flight now and never answered.
    advance(999)
    advance(1)
    const result = await batch.result
    expect(result.succeeded).toBe(1)
    expect(result.failed).toBe(3)
    expect(result.failedTopics).toEqual(['a', 'c', 'd'])
    expect(result.error).toEqual({
      code: 'retained.ackTimeout',
      values: { seconds: 1, done: 2, total: 4 },
    })
    // A late answer changes nothing.
    sent[2]!.done(ok())
    expect((await batch.result).succeeded).toBe(1)
  })

  it('stops when the connection is gone and names what was not done', async () => {
    const { transport, sent } = fakeTransport()
    const batch = publishBatch(transport, clearMessages(['a', 'b', 'c']), () => undefined, {
      maxInFlight: 1,
      ackTimeoutMs: 1000,
    })
    transport.connected = false
    sent[0]!.done(ok())
    const result = await batch.result
    expect(result).toMatchObject({ succeeded: 1, failed: 2, failedTopics: ['b', 'c'] })
    expect(result.error).toEqual({
      code: 'retained.connectionLost',
      values: { done: 1, total: 3 },
    })
  })

  it('finishes at once with nothing to do', async () => {
    const { transport } = fakeTransport()
    expect(await publishBatch(transport, [], () => undefined).result).toEqual({
      succeeded: 0,
      failed: 0,
      failedTopics: [],
    })
  })
})

describe('retained helpers', () => {
  it('restores with QoS, payload and (MQTT 5 only) properties, always retained', () => {
    const backup = [
      {
        topic: 'a',
        payload: new Uint8Array([1]),
        qos: 2 as const,
        properties: { contentType: 'x' },
      },
      { topic: 'b', payload: new Uint8Array([2]), qos: 0 as const },
    ]
    expect(restoreMessages(backup, 5)).toEqual([
      {
        topic: 'a',
        payload: new Uint8Array([1]),
        qos: 2,
        retain: true,
        properties: { contentType: 'x' },
      },
      { topic: 'b', payload: new Uint8Array([2]), qos: 0, retain: true },
    ])
    expect(restoreMessages(backup, 4)[0]).not.toHaveProperty('properties')
  })

  it('keeps the message properties and drops the per-delivery ones', () => {
    expect(
      messageProperties({
        contentType: 'application/json',
        payloadFormatIndicator: true,
        correlationData: Buffer.from([7, 8]),
        userProperties: { a: '1', b: ['2', '3'] },
        topicAlias: 4,
        subscriptionIdentifier: 9,
      }),
    ).toEqual({
      contentType: 'application/json',
      payloadFormatIndicator: true,
      correlationData: new Uint8Array([7, 8]),
      userProperties: [
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
        { key: 'b', value: '3' },
      ],
    })
    expect(messageProperties({ topicAlias: 3 })).toBeUndefined()
    expect(messageProperties(undefined)).toBeUndefined()
  })

  it('gives the scan a client id of its own', () => {
    expect(scanClientId('dash-1', () => 0.5)).toBe('dash-1-rscan-7fffff')
    expect(scanClientId('', () => 0)).toBe('mqtt-scope-rscan-000000')
  })
})

/**
 * Against a real mosquitto over TCP (the same core the worker runs): a scan finds exactly the
 * retained messages under the filter with QoS and MQTT 5 properties, a clear deletes them, and
 * the backup restores them.
 */
describe('scan, clear and restore on mosquitto', () => {
  let broker: Mosquitto
  beforeAll(async () => {
    broker = await startMosquitto()
  })
  afterAll(async () => {
    await broker.stop()
  })

  function options(patch: Partial<ConnectOptions> = {}): ConnectOptions {
    return {
      url: broker.tcpUrl,
      clientId: `test-${Math.random().toString(16).slice(2, 10)}`,
      protocolLevel: 5,
      keepalive: 30,
      clean: true,
      connectTimeoutMs: 3000,
      reconnectPeriodMs: 0,
      fallbackTo311: false,
      ...patch,
    }
  }

  /** One connection's retained calls over the channel to an in-thread host. */
  function session() {
    const ch = new InlineChannel((url, opts) => mqtt.connect(url, opts))
    const conn = 'c1'
    return {
      ch,
      scanRetained: (filter: string, onProgress?: (p: RetainedProgress) => void) =>
        ch.call(conn, 'retainedScan', { filter }, onProgress ? { onProgress } : {}).result,
      clearRetained: (topics: string[]) => ch.call(conn, 'retainedClear', { topics }).result,
      restoreRetained: (messages: RetainedMessage[]) =>
        ch.call(conn, 'retainedRestore', { messages }).result,
      dispose: () => ch.dispose(),
    }
  }

  async function connected(patch: Partial<ConnectOptions> = {}) {
    const s = session()
    await new Promise<void>((resolve, reject) => {
      s.ch.listen('c1', (m) => {
        if (m.type !== 'status') return
        if (m.state === 'connected') resolve()
        if (m.state === 'disconnected') reject(new Error(JSON.stringify(m.reason)))
      })
      s.ch.cast('c1', { type: 'connect', options: options(patch) })
    })
    return s
  }

  it('lists, clears and restores, independent of the session’s subscriptions', async () => {
    const pub = await mqtt.connectAsync(broker.tcpUrl, { protocolVersion: 5, reconnectPeriod: 0 })
    for (let i = 0; i < 30; i++)
      await pub.publishAsync(`scan/a/${i}`, `value ${i}`, { qos: 1, retain: true })
    await pub.publishAsync('scan/b/props', Buffer.from([0, 1, 2]), {
      qos: 2,
      retain: true,
      properties: { contentType: 'application/x-test', userProperties: { site: 'north' } },
    })
    await pub.publishAsync('scan/live', 'not retained', { qos: 1 })
    await pub.publishAsync('other/kept', 'outside', { qos: 0, retain: true })

    const s = await connected()
    const phases: string[] = []
    const scan = await s.scanRetained('scan/#', (p) => phases.push(p.phase))
    if (!scan.ok) throw new Error(scan.reason.code)
    expect(scan.cut).toBeUndefined()
    expect(scan.messages.map((m) => m.topic).sort()).toEqual(
      [...Array.from({ length: 30 }, (_, i) => `scan/a/${i}`), 'scan/b/props'].sort(),
    )
    const props = scan.messages.find((m) => m.topic === 'scan/b/props')!
    expect(props.qos).toBe(2)
    expect([...props.payload]).toEqual([0, 1, 2])
    expect(props.properties).toEqual({
      contentType: 'application/x-test',
      userProperties: [{ key: 'site', value: 'north' }],
    })
    expect(scan.messages.find((m) => m.topic === 'scan/a/3')!.qos).toBe(1)
    expect(scan.bytes).toBe(scan.messages.reduce((n, m) => n + m.payload.byteLength, 0))
    expect(phases).toContain('scan')

    const cleared = await s.clearRetained(scan.messages.map((m) => m.topic))
    expect(cleared).toEqual({ succeeded: 31, failed: 0, failedTopics: [] })
    const after = await s.scanRetained('scan/#')
    expect(after).toMatchObject({ ok: true, messages: [] })
    const outside = await s.scanRetained('other/#')
    expect(outside.ok && outside.messages.map((m) => m.topic)).toEqual(['other/kept'])

    const restored = await s.restoreRetained(scan.messages)
    expect(restored).toEqual({ succeeded: 31, failed: 0, failedTopics: [] })
    const again = await s.scanRetained('scan/#')
    if (!again.ok) throw new Error(again.reason.code)
    expect(again.messages).toHaveLength(31)
    expect(again.messages.find((m) => m.topic === 'scan/b/props')).toEqual(props)
    expect(
      new TextDecoder().decode(again.messages.find((m) => m.topic === 'scan/a/7')!.payload),
    ).toBe('value 7')
    s.dispose()
    await pub.endAsync()
  })

  it('says the list may be incomplete where a broker may have cut it', async () => {
    // mosquitto sends one QoS 1/2 subscription at most 20 in flight + 1 000 queued, dropping the
    // rest silently: the scan cannot see past that, so it says so.
    const n = 1100
    const pub = await mqtt.connectAsync(broker.tcpUrl, { reconnectPeriod: 0 })
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        pub.publishAsync(`many/${i}`, `v${i}`, { qos: i < 10 ? 2 : 1, retain: true }),
      ),
    )
    await pub.endAsync()
    const s = await connected()
    const scan = await s.scanRetained('many/#')
    if (!scan.ok) throw new Error(scan.reason.code)
    expect(scan.messages.length).toBeGreaterThanOrEqual(1000)
    expect(scan.messages.length).toBeLessThanOrEqual(n)
    expect(scan.cut).toMatchObject({
      code: 'retained.mayBeIncomplete',
      values: { filter: 'many/#', found: scan.messages.length },
    })
    const under1000 = await s.scanRetained('scan/#')
    expect(under1000.ok && under1000.cut).toBeFalsy()
    s.dispose()
  })

  it('says so when not connected or when the filter is refused', async () => {
    const idle = session()
    expect(await idle.scanRetained('#')).toEqual({
      ok: false,
      reason: { code: 'retained.scanNotConnected' },
    })
    expect((await idle.clearRetained(['a'])).error).toEqual({
      code: 'retained.publishNotConnected',
    })
    idle.dispose()

    const s = await connected()
    const bad = await s.scanRetained('a/#/b')
    expect(bad.ok).toBe(false)
    expect(!bad.ok && bad.reason.code).toMatch(/^retained\.scan/)
    s.dispose()
  })
})
