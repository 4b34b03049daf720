import mqtt from 'mqtt'
import { afterEach, describe, expect, it } from 'vitest'
import { startBroker } from '../../server/broker'
import { REPEAT_PROGRESS_MS } from '../engine/budgets'
import type { Coded } from '../lib/coded'
import { ManualClock } from '../test/manualClock'
import type { ConnEvent } from '../wire/channel'
import type { ProtocolLevel, PublishMessage, PublishResult, RepeatProgress } from '../wire/mqtt'
import { Outbox } from './outbox'
import { EMPTY_DRAFT } from './publishDraft'
import { Repeats } from './repeats'
import { Requests } from './requests'
import { mqttTransport, type PublishTransport } from './transport'

/** A transport that records publishes and subscriptions and answers them when told (or at once). */
class FakeTransport implements PublishTransport {
  connected = true
  published: PublishMessage[] = []
  subscribed: string[] = []
  answers: ((r: PublishResult) => void)[] = []
  autoAck = true
  readonly protocolLevel: ProtocolLevel
  constructor(level: ProtocolLevel = 5) {
    this.protocolLevel = level
  }
  publish(message: PublishMessage, done: (r: PublishResult) => void) {
    this.published.push(message)
    if (this.autoAck) done({ ok: true, qos: message.qos, reasonCode: 0 })
    else this.answers.push(done)
  }
  subscribe(filter: string, done: (error?: Coded) => void) {
    this.subscribed.push(filter)
    done()
  }
}

function setup(level: ProtocolLevel = 5) {
  const clock = new ManualClock()
  const outbox = new Outbox()
  const transport = new FakeTransport(level)
  outbox.attach(transport)
  const events: ConnEvent[] = []
  const requests = new Requests(outbox, (e) => events.push(e), clock)
  const repeats = new Repeats(outbox, clock)
  return { clock, outbox, transport, events, requests, repeats }
}

const bytes = (s: string) => new TextEncoder().encode(s)
const text = (b: Uint8Array) => new TextDecoder().decode(b)
const message = (topic: string, qos: 0 | 1 | 2 = 1): PublishMessage => ({
  topic,
  payload: bytes('x'),
  qos,
  retain: false,
})

describe('Outbox', () => {
  it('answers a publish with the transport result', () => {
    const { outbox } = setup()
    const results: PublishResult[] = []
    outbox.publish(message('a'), (r) => results.push(r))
    expect(results).toEqual([{ ok: true, qos: 1, reasonCode: 0 }])
  })

  it('refuses to publish while not connected', () => {
    const { outbox, transport } = setup()
    transport.connected = false
    const results: PublishResult[] = []
    outbox.publish(message('a', 0), (r) => results.push(r))
    expect(results).toEqual([{ ok: false, reason: { code: 'publish.notConnected' } }])
  })

  it('fails unanswered publishes once when the connection goes away', () => {
    const { outbox, transport } = setup()
    transport.autoAck = false
    const results: PublishResult[] = []
    outbox.publish(message('a'), (r) => results.push(r))
    outbox.detach()
    transport.answers[0]!({ ok: true, qos: 1, reasonCode: 0 })
    expect(results).toEqual([{ ok: false, reason: { code: 'publish.dropped' } }])
  })
})

describe('Repeats', () => {
  it('repeats on a steady grid with distinct counters and reports progress at most every 100 ms', () => {
    const { clock, transport, repeats } = setup()
    const progress: RepeatProgress[] = []
    let done: RepeatProgress | undefined
    repeats.start(
      3,
      {
        draft: { ...EMPTY_DRAFT, topic: 'r', payload: 'n={{counter}}' },
        intervalMs: 10,
        count: 100,
        counterStart: 1,
      },
      (p) => progress.push(p),
      (p) => (done = p),
    )
    clock.advance(2000)
    const payloads = transport.published.map((m) => text(m.payload))
    expect(payloads).toHaveLength(100)
    expect(new Set(payloads).size).toBe(100)
    expect(payloads[0]).toBe('n=1')
    expect(payloads[99]).toBe('n=100')
    expect(done).toEqual({ repeatId: 3, published: 100, succeeded: 100, failed: 0, done: true })
    // 100 messages over ~1 s: about ten progress reports, not a hundred.
    expect(progress.length).toBeLessThanOrEqual(1000 / REPEAT_PROGRESS_MS + 2)
    expect(progress.length).toBeGreaterThan(0)
  })

  it('stops a repeat on request and when the connection is lost, saying why', () => {
    const { clock, transport, repeats } = setup()
    const ends: RepeatProgress[] = []
    const draft = { ...EMPTY_DRAFT, topic: 'r' }
    repeats.start(
      1,
      { draft, intervalMs: 100, count: null, counterStart: 1 },
      () => undefined,
      (p) => ends.push(p),
    )
    clock.advance(450)
    repeats.stop(1)
    clock.advance(1000)
    expect(transport.published).toHaveLength(5)
    expect(ends[0]).toMatchObject({ done: true, published: 5 })

    repeats.start(
      2,
      { draft, intervalMs: 100, count: null, counterStart: 1 },
      () => undefined,
      (p) => ends.push(p),
    )
    clock.advance(250)
    transport.connected = false
    clock.advance(200)
    expect(ends[1]).toMatchObject({
      repeatId: 2,
      done: true,
      error: { code: 'repeat.connectionLost', values: { count: 3 } },
    })
  })
})

describe('Requests', () => {
  const request = (requests: Requests, reqId: number, corr: string, answers: PublishResult[]) =>
    requests.request(
      reqId,
      {
        topic: 'svc/req',
        payload: bytes('ping'),
        qos: 1,
        retain: false,
        properties: { responseTopic: 'svc/res', correlationData: bytes(corr) },
      },
      1000,
      (r) => answers.push(r),
    )

  it('pairs a reply by correlation data, measures the round trip and marks timeouts and late replies', () => {
    const { clock, transport, events, requests } = setup()
    const answers: PublishResult[] = []
    request(requests, 1, 'c1', answers)
    request(requests, 2, 'c2', answers)
    expect(transport.subscribed).toEqual(['svc/res'])
    clock.advance(42)
    requests.onMessage('svc/res', bytes('pong'), bytes('c1'))
    expect(events[0]).toMatchObject({
      type: 'requestReply',
      reqId: 1,
      rttMs: 42,
      topic: 'svc/res',
      size: 4,
      late: false,
    })
    clock.advance(1000)
    expect(events[1]).toEqual({ type: 'requestTimeout', reqId: 2, timeoutMs: 1000 })
    requests.onMessage('svc/res', bytes('late'), bytes('c2'))
    expect(events[2]).toMatchObject({ type: 'requestReply', reqId: 2, late: true })
    // Unrelated messages cost nothing and say nothing.
    requests.onMessage('x', bytes(''), undefined)
    requests.onMessage('svc/res', bytes(''), bytes('other'))
    expect(events).toHaveLength(3)
  })

  it('subscribes to the response topic again after the broker lost the session', () => {
    // The bug this guards: after a reconnect without a kept session the broker no longer holds
    // the response subscription, and a request that believed it subscribed never got its reply.
    const { transport, requests } = setup()
    const answers: PublishResult[] = []
    request(requests, 1, 'a', answers)
    request(requests, 2, 'b', answers)
    expect(transport.subscribed).toEqual(['svc/res'])
    requests.sessionLost()
    request(requests, 3, 'c', answers)
    expect(transport.subscribed).toEqual(['svc/res', 'svc/res'])
    expect(answers.every((a) => a.ok)).toBe(true)
  })

  it('refuses requests on MQTT 3.1.1', () => {
    const { requests } = setup(4)
    const answers: PublishResult[] = []
    request(requests, 1, 'c', answers)
    expect(answers).toEqual([{ ok: false, reason: { code: 'request.needsV5' } }])
  })
})

describe('mqttTransport', () => {
  const cleanups: (() => Promise<unknown> | void)[] = []
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()!()
  })

  it('publishes at QoS 0, 1 and 2 through a real broker and reports each as sent or acknowledged', async () => {
    const broker = await startBroker({ tcpPort: 0, wsPort: 0 })
    cleanups.push(() => broker.close())
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.tcpPort}`, {
      protocolVersion: 4,
      reconnectPeriod: 0,
    })
    cleanups.push(() => client.endAsync(true))
    const transport = mqttTransport(client, 4)
    const results = await Promise.all(
      ([0, 1, 2] as const).map(
        (qos) =>
          new Promise<PublishResult>((resolve) =>
            transport.publish(
              { topic: `t/${qos}`, payload: bytes('x'), qos, retain: false },
              resolve,
            ),
          ),
      ),
    )
    expect(results).toEqual([
      { ok: true, qos: 0, reasonCode: 0 },
      { ok: true, qos: 1, reasonCode: 0 },
      { ok: true, qos: 2, reasonCode: 0 },
    ])
  })
})
