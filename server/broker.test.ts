import { createServer } from 'node:net'
import type { AddressInfo, Server } from 'node:net'
import mqtt from 'mqtt'
import type { MqttClient } from 'mqtt'
import { generate, parser } from 'mqtt-packet'
import type { Packet } from 'mqtt-packet'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { BROKER_VERSION, startBroker } from './broker.ts'
import type { EmbeddedBroker } from './broker.ts'

const cleanups: (() => Promise<unknown>)[] = []

afterEach(async () => {
  // Clients first, broker last, whatever the test got to.
  while (cleanups.length > 0) await cleanups.pop()!()
})

async function broker(sysIntervalMs?: number): Promise<EmbeddedBroker> {
  const b = await startBroker({ tcpPort: 0, wsPort: 0, sysIntervalMs })
  cleanups.push(() => b.close())
  return b
}

async function client(url: string): Promise<MqttClient> {
  const c = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0 })
  cleanups.push(() => c.endAsync(true))
  return c
}

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

async function occupiedPort(): Promise<number> {
  const server: Server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise((resolve) => server.close(resolve)))
  return (server.address() as AddressInfo).port
}

describe('startBroker', () => {
  it('delivers a publish from a TCP client to a WebSocket subscriber with exact bytes and retain flags', async () => {
    const b = await broker()
    const publisher = await client(`mqtt://127.0.0.1:${b.tcpPort}`)
    const retainedPayload = Buffer.from([0x00, 0xff, 0xfe, 0x41, 0x0a])
    await publisher.publishAsync('test/retained', retainedPayload, { qos: 1, retain: true })

    // Any URL path is accepted, as with mosquitto.
    const subscriber = await client(`ws://127.0.0.1:${b.wsPort}/any/path`)
    const received: { topic: string; payload: Buffer; retain: boolean }[] = []
    subscriber.on('message', (topic, payload, packet) =>
      received.push({ topic, payload, retain: packet.retain }),
    )
    await subscriber.subscribeAsync('test/#')
    await publisher.publishAsync('test/live', 'héllo 21.5', { qos: 0 })
    await waitFor(() => received.length >= 2, 'two messages')

    expect(received).toEqual([
      { topic: 'test/retained', payload: retainedPayload, retain: true },
      { topic: 'test/live', payload: Buffer.from('héllo 21.5', 'utf8'), retain: false },
    ])
  })

  it('sends one WebSocket frame per PUBLISH instead of one per mqtt-packet write', async () => {
    const b = await broker()
    const ws = new WebSocket(`ws://127.0.0.1:${b.wsPort}/mqtt`, 'mqtt')
    cleanups.push(() => Promise.resolve(ws.terminate()))
    const packets: Packet[] = []
    const p = parser({ protocolVersion: 4 })
    p.on('packet', (packet: Packet) => packets.push(packet))
    let framesAfterSuback = 0
    let subacked = false
    ws.on('message', (data: Buffer) => {
      if (subacked) framesAfterSuback++
      p.parse(data)
      subacked ||= packets.some((pk) => pk.cmd === 'suback')
    })
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    ws.send(
      generate({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 4,
        clientId: 'frame-counter',
        clean: true,
        keepalive: 30,
      }),
    )
    await waitFor(() => packets.some((pk) => pk.cmd === 'connack'), 'CONNACK')
    ws.send(
      generate({
        cmd: 'subscribe',
        messageId: 1,
        subscriptions: [{ topic: 'frames/#', qos: 0 }],
      }),
    )
    await waitFor(() => subacked, 'SUBACK')

    const publisher = await client(`mqtt://127.0.0.1:${b.tcpPort}`)
    for (let i = 0; i < 100; i++) publisher.publish(`frames/${i % 7}`, `{"n":${i}}`)
    await waitFor(() => packets.filter((pk) => pk.cmd === 'publish').length === 100, '100 PUBLISH')

    // Uncoalesced, each PUBLISH goes out as ~5 frames (≥ 500 here).
    expect(framesAfterSuback).toBeGreaterThan(0)
    expect(framesAfterSuback).toBeLessThanOrEqual(102)
  })

  it('rejects with EADDRINUSE naming the port and the TCP listener when the TCP port is taken', async () => {
    const port = await occupiedPort()
    await expect(startBroker({ tcpPort: port, wsPort: 0 })).rejects.toMatchObject({
      code: 'EADDRINUSE',
      port,
      listener: 'tcp',
    })
  })

  it('rejects with EADDRINUSE naming the WebSocket listener and frees the TCP port it had taken', async () => {
    const port = await occupiedPort()
    const free = await occupiedPort()
    await cleanups.pop()!() // release `free` so the broker can take it as its TCP port
    await expect(startBroker({ tcpPort: free, wsPort: port })).rejects.toMatchObject({
      code: 'EADDRINUSE',
      port,
      listener: 'ws',
    })
    const again = await startBroker({ tcpPort: free, wsPort: 0 })
    await again.close()
  })

  it('publishes a retained Mosquitto-style $SYS summary that ignores its own traffic', async () => {
    const b = await broker(100)
    const sys = new Map<string, string>()
    const firstRetain = new Map<string, boolean>()
    const subscriber = await client(`ws://127.0.0.1:${b.wsPort}`)
    subscriber.on('message', (topic, payload, packet) => {
      if (!topic.startsWith('$SYS/')) return
      sys.set(topic, payload.toString())
      if (!firstRetain.has(topic)) firstRetain.set(topic, packet.retain)
    })
    await subscriber.subscribeAsync(['$SYS/#', 'app/#'])
    const publisher = await client(`mqtt://127.0.0.1:${b.tcpPort}`)
    for (let i = 0; i < 5; i++) await publisher.publishAsync('app/x', String(i), { qos: 1 })

    await waitFor(
      () =>
        sys.get('$SYS/broker/messages/received') === '5' &&
        sys.get('$SYS/broker/messages/sent') === '5',
      'the summary to count five messages each way',
    )
    expect(sys.get('$SYS/broker/version')).toBe(BROKER_VERSION)
    // Retained: a subscriber gets the summary at once, not after the next interval.
    expect(firstRetain.get('$SYS/broker/version')).toBe(true)
    expect(sys.get('$SYS/broker/clients/connected')).toBe('2')
    expect(sys.get('$SYS/broker/subscriptions/count')).toBe('2')
    expect(sys.get('$SYS/broker/uptime')).toMatch(/^\d+ seconds$/)
    expect(Number(sys.get('$SYS/broker/bytes/received'))).toBeGreaterThan(0)
    expect(Number(sys.get('$SYS/broker/bytes/sent'))).toBeGreaterThan(0)
    expect(Number(sys.get('$SYS/broker/load/messages/received/1min'))).toBeGreaterThan(0)
    // aedes' own $SYS/<broker id>/... bookkeeping stays inside the broker.
    expect([...sys.keys()].every((t) => t.startsWith('$SYS/broker/'))).toBe(true)
  })

  it('closes client connections and frees both ports on close()', async () => {
    const b = await startBroker({ tcpPort: 0, wsPort: 0 })
    const tcp = await mqtt.connectAsync(`mqtt://127.0.0.1:${b.tcpPort}`, { reconnectPeriod: 0 })
    const ws = await mqtt.connectAsync(`ws://127.0.0.1:${b.wsPort}`, { reconnectPeriod: 0 })
    cleanups.push(
      () => tcp.endAsync(true),
      () => ws.endAsync(true),
    )
    const closed = Promise.all([
      new Promise<void>((resolve) => tcp.once('close', () => resolve())),
      new Promise<void>((resolve) => ws.once('close', () => resolve())),
    ])

    await b.close()
    await closed
    const again = await startBroker({ tcpPort: b.tcpPort, wsPort: b.wsPort })
    await again.close()
  })
})
