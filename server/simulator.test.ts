import mqtt from 'mqtt'
import type { MqttClient } from 'mqtt'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startBroker } from './broker.ts'
import type { EmbeddedBroker } from './broker.ts'
import { METER_MAGIC, startSimulator } from './simulator.ts'
import type { Simulator } from './simulator.ts'

const cleanups: (() => Promise<unknown>)[] = []

afterEach(async () => {
  // Real timers first: MQTT.js's end() in the cleanups must not wait on a faked one.
  vi.useRealTimers()
  while (cleanups.length > 0) await cleanups.pop()!()
})

interface Seen {
  payload: Buffer
  retain: boolean
}

async function setup(rate: number): Promise<{
  broker: EmbeddedBroker
  simulator: Simulator
  subscriber: MqttClient
  last: Map<string, Seen>
}> {
  const broker = await startBroker({ tcpPort: 0, wsPort: 0 })
  cleanups.push(() => broker.close())
  const simulator = await startSimulator({ brokerUrl: `mqtt://127.0.0.1:${broker.tcpPort}`, rate })
  cleanups.push(() => simulator.stop())
  const subscriber = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.tcpPort}`, {
    protocolVersion: 4,
    reconnectPeriod: 0,
  })
  cleanups.push(() => subscriber.endAsync(true))
  const last = new Map<string, Seen>()
  subscriber.on('message', (topic, payload, packet) =>
    last.set(topic, { payload, retain: packet.retain }),
  )
  await subscriber.subscribeAsync('demo/#')
  return { broker, simulator, subscriber, last }
}

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

const room = 'demo/building/floor1/room101'
const wanted = [
  `${room}/temperature`,
  `${room}/humidity`,
  `${room}/power`,
  `${room}/env`,
  `${room}/door`,
  `${room}/occupied`,
  'demo/building/meter/raw',
  'demo/building/devices',
]

describe('startSimulator', () => {
  it('publishes numbers, JSON, door states, one binary topic and a retained device list', async () => {
    const { last } = await setup(200)
    await waitFor(() => wanted.every((t) => last.has(t)), 'every kind of topic', 3000)
    const text = (topic: string) => last.get(topic)!.payload.toString('utf8')

    expect(text(`${room}/temperature`)).toMatch(/^-?\d+\.\d{2}$/)
    expect(Number(text(`${room}/temperature`))).toBeGreaterThan(10)
    expect(Number(text(`${room}/humidity`))).toBeGreaterThan(0)
    expect(Number(text(`${room}/power`))).toBeGreaterThanOrEqual(0)
    const env = JSON.parse(text(`${room}/env`)) as {
      temperature: unknown
      humidity: unknown
      air: { co2: unknown; voc: unknown }
      ts: unknown
    }
    expect(env).toMatchObject({
      temperature: expect.any(Number) as number,
      humidity: expect.any(Number) as number,
      air: { co2: expect.any(Number) as number, voc: expect.any(Number) as number },
      ts: expect.any(Number) as number,
    })
    expect(['open', 'closed']).toContain(text(`${room}/door`))
    expect(['true', 'false']).toContain(text(`${room}/occupied`))

    const raw = last.get('demo/building/meter/raw')!.payload
    expect([...raw.subarray(0, 2)]).toEqual([...METER_MAGIC])
    expect(raw.length).toBe(28)
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(raw)).toThrow()

    const devices = last.get('demo/building/devices')!
    expect(devices.retain).toBe(true)
    const list = JSON.parse(devices.payload.toString()) as { id: string; topic: string }[]
    expect(list).toHaveLength(7)
    expect(list.map((d) => d.topic)).toContain(room)
  })

  it('keeps to the requested rate instead of flooding: rate × tick per tick, by its clock', async () => {
    // The pacer's clock is faked (its interval and performance.now), the sockets are real: a
    // second of simulated time publishes exactly `rate` messages, 10 per 10 ms tick at 1 000/s,
    // and every one of them reaches a subscriber. (Throughput is `npm run bench`'s business.)
    const broker = await startBroker({ tcpPort: 0, wsPort: 0 })
    cleanups.push(() => broker.close())
    const subscriber = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.tcpPort}`, {
      protocolVersion: 4,
      reconnectPeriod: 0,
    })
    cleanups.push(() => subscriber.endAsync(true))
    let received = 0
    subscriber.on('message', (_topic, _payload, packet) => {
      if (!packet.retain) received++
    })
    await subscriber.subscribeAsync('demo/#')
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] })
    const simulator = await startSimulator({
      brokerUrl: `mqtt://127.0.0.1:${broker.tcpPort}`,
      rate: 1000,
    })
    cleanups.push(() => simulator.stop())
    const retained = simulator.sent()
    const perTick: number[] = []
    for (let tick = 0; tick < 100; tick++) {
      const before = simulator.sent()
      vi.advanceTimersByTime(10)
      perTick.push(simulator.sent() - before)
    }
    expect(new Set(perTick)).toEqual(new Set([10]))
    expect(simulator.sent() - retained).toBe(1000)
    // Nothing more without time passing: the rate is a ceiling, not a loop as fast as it can.
    await waitFor(() => received === 1000, 'the 1 000 messages at the subscriber')
    expect(simulator.sent() - retained).toBe(1000)
  })

  it('marks its gateway offline and disconnects when stopped', async () => {
    const { broker, simulator, last } = await setup(40)
    await waitFor(
      () => last.get('demo/building/gateway/status')?.payload.toString() === 'online',
      'gateway online',
    )
    await simulator.stop()
    await waitFor(
      () => last.get('demo/building/gateway/status')?.payload.toString() === 'offline',
      'gateway offline',
    )
    await waitFor(() => broker.aedes.connectedClients === 1, 'the simulator to disconnect')
  })
})
