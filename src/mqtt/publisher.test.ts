import mqtt from 'mqtt'
import { afterEach, describe, expect, it } from 'vitest'
import { startBroker } from '../../server/broker'
import type { ProtocolLevel, PublishFromWorker, PublishMessage, PublishResult } from '../wire/mqtt'
import { EMPTY_DRAFT } from './publishDraft'
import {
  mqttTransport,
  publishReasonText,
  Publisher,
  REPEAT_PROGRESS_MS,
  type PublisherClock,
  type PublishTransport,
} from './publisher'

/** A clock whose time moves only when the test says so. */
class ManualClock implements PublisherClock {
  t = 0
  #timers = new Map<number, { at: number; fn: () => void }>()
  #next = 1
  now = () => this.t
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.#next++
    this.#timers.set(id, { at: this.t + ms, fn })
    return id
  }
  clearTimeout = (h: unknown) => {
    this.#timers.delete(h as number)
  }
  /** Advances time, running due timers in order (including ones they schedule). */
  advance(ms: number) {
    const end = this.t + ms
    for (let guard = 0; guard < 1_000_000; guard++) {
      let first: [number, { at: number; fn: () => void }] | undefined
      for (const e of this.#timers) if (!first || e[1].at < first[1].at) first = e
      if (!first || first[1].at > end) break
      this.#timers.delete(first[0])
      this.t = Math.max(this.t, first[1].at)
      first[1].fn()
    }
    this.t = end
  }
}

/** A transport that records publishes and answers them when told (or at once). */
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
    if (this.autoAck) done({ ok: true, qos: message.qos, reasonCode: 0, reason: 'success' })
    else this.answers.push(done)
  }
  subscribe(filter: string, done: (error?: string) => void) {
    this.subscribed.push(filter)
    done()
  }
}

function setup(level: ProtocolLevel = 5) {
  const clock = new ManualClock()
  const posted: PublishFromWorker[] = []
  const publisher = new Publisher((m) => posted.push(m), clock)
  const transport = new FakeTransport(level)
  publisher.attach(transport)
  return { clock, posted, publisher, transport }
}

const bytes = (s: string) => new TextEncoder().encode(s)
const text = (b: Uint8Array) => new TextDecoder().decode(b)

describe('Publisher', () => {
  it('answers a publish with the transport result', () => {
    const { posted, publisher } = setup()
    publisher.handle({
      type: 'publish',
      reqId: 7,
      message: { topic: 'a', payload: bytes('x'), qos: 1, retain: false },
    })
    expect(posted).toEqual([
      {
        type: 'published',
        reqId: 7,
        result: { ok: true, qos: 1, reasonCode: 0, reason: 'success' },
      },
    ])
  })

  it('refuses to publish while not connected', () => {
    const { posted, publisher, transport } = setup()
    transport.connected = false
    publisher.handle({
      type: 'publish',
      reqId: 1,
      message: { topic: 'a', payload: bytes(''), qos: 0, retain: false },
    })
    expect(posted[0]).toMatchObject({
      result: { ok: false, reason: 'Not connected: connect first.' },
    })
  })

  it('fails unanswered publishes once when the connection goes away', () => {
    const { posted, publisher, transport } = setup()
    transport.autoAck = false
    publisher.handle({
      type: 'publish',
      reqId: 1,
      message: { topic: 'a', payload: bytes(''), qos: 1, retain: false },
    })
    publisher.detach()
    transport.answers[0]!({ ok: true, qos: 1, reasonCode: 0, reason: 'success' })
    expect(posted).toHaveLength(1)
    expect(posted[0]).toMatchObject({ result: { ok: false } })
  })

  it('repeats on a steady grid with distinct counters and reports progress at most every 100 ms', () => {
    const { clock, posted, publisher, transport } = setup()
    publisher.handle({
      type: 'repeatStart',
      repeatId: 3,
      draft: { ...EMPTY_DRAFT, topic: 'r', payload: 'n={{counter}}' },
      intervalMs: 10,
      count: 100,
      counterStart: 1,
    })
    clock.advance(2000)
    const payloads = transport.published.map((m) => text(m.payload))
    expect(payloads).toHaveLength(100)
    expect(new Set(payloads).size).toBe(100)
    expect(payloads[0]).toBe('n=1')
    expect(payloads[99]).toBe('n=100')
    const progress = posted.filter((m) => m.type === 'repeatProgress')
    expect(progress.at(-1)).toEqual({
      type: 'repeatProgress',
      repeatId: 3,
      published: 100,
      succeeded: 100,
      failed: 0,
      done: true,
    })
    // 100 messages over ~1 s: about ten progress reports, not a hundred.
    expect(progress.length).toBeLessThanOrEqual(1000 / REPEAT_PROGRESS_MS + 2)
  })

  it('stops a repeat on request and when the connection is lost', () => {
    const { clock, posted, publisher, transport } = setup()
    publisher.handle({
      type: 'repeatStart',
      repeatId: 1,
      draft: { ...EMPTY_DRAFT, topic: 'r' },
      intervalMs: 100,
      count: null,
      counterStart: 1,
    })
    clock.advance(450)
    publisher.handle({ type: 'repeatStop', repeatId: 1 })
    clock.advance(1000)
    expect(transport.published).toHaveLength(5)
    expect(posted.at(-1)).toMatchObject({ type: 'repeatProgress', done: true, published: 5 })

    publisher.handle({
      type: 'repeatStart',
      repeatId: 2,
      draft: { ...EMPTY_DRAFT, topic: 'r' },
      intervalMs: 100,
      count: null,
      counterStart: 1,
    })
    clock.advance(250)
    transport.connected = false
    clock.advance(200)
    expect(posted.at(-1)).toMatchObject({
      repeatId: 2,
      done: true,
      error: 'Stopped after 3: the connection was lost.',
    })
  })

  it('pairs a reply by correlation data, measures the round trip and marks timeouts and late replies', () => {
    const { clock, posted, publisher, transport } = setup()
    const request = (reqId: number, corr: string) =>
      publisher.handle({
        type: 'request',
        reqId,
        timeoutMs: 1000,
        message: {
          topic: 'svc/req',
          payload: bytes('ping'),
          qos: 1,
          retain: false,
          properties: { responseTopic: 'svc/res', correlationData: bytes(corr) },
        },
      })
    request(1, 'c1')
    request(2, 'c2')
    expect(transport.subscribed).toEqual(['svc/res'])
    clock.advance(42)
    publisher.onMessage('svc/res', bytes('pong'), bytes('c1'))
    const reply = posted.find((m) => m.type === 'requestReply')
    expect(reply).toMatchObject({ reqId: 1, rttMs: 42, topic: 'svc/res', size: 4, late: false })
    clock.advance(1000)
    expect(posted.find((m) => m.type === 'requestTimeout')).toEqual({
      type: 'requestTimeout',
      reqId: 2,
      timeoutMs: 1000,
    })
    publisher.onMessage('svc/res', bytes('late'), bytes('c2'))
    expect(posted.at(-1)).toMatchObject({ type: 'requestReply', reqId: 2, late: true })
    // Unrelated messages cost nothing and post nothing.
    const before = posted.length
    publisher.onMessage('x', bytes(''), undefined)
    publisher.onMessage('svc/res', bytes(''), bytes('other'))
    expect(posted).toHaveLength(before)
  })

  it('refuses requests on MQTT 3.1.1', () => {
    const { posted, publisher } = setup(4)
    publisher.handle({
      type: 'request',
      reqId: 1,
      timeoutMs: 1000,
      message: {
        topic: 'a',
        payload: bytes(''),
        qos: 0,
        retain: false,
        properties: { responseTopic: 'b', correlationData: bytes('c') },
      },
    })
    expect(posted[0]).toMatchObject({
      result: { ok: false, reason: expect.stringMatching(/need MQTT 5/) as unknown },
    })
  })

  it('words publish reason codes', () => {
    expect(publishReasonText(16)).toBe('no matching subscribers')
    expect(publishReasonText(135)).toBe('not authorized')
    expect(publishReasonText(153)).toBe('payload format invalid')
    expect(publishReasonText(151)).toBe('quota exceeded')
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
      { ok: true, qos: 0, reasonCode: 0, reason: 'success' },
      { ok: true, qos: 1, reasonCode: 0, reason: 'success' },
      { ok: true, qos: 2, reasonCode: 0, reason: 'success' },
    ])
  })
})
