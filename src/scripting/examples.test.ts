import mqtt from 'mqtt'
import { afterAll, describe, expect, it } from 'vitest'
import { startBroker } from '../../server/broker'
import { startSimulator } from '../../server/simulator'
import { loadQuickJsWasmNode } from '../test/quickjsWasm'
import { ScriptHost } from './host'
import {
  METER_DECODE_SCRIPT,
  METER_ENCODE_SCRIPT,
  METER_TOPIC,
  MOCK_DEVICE_FILTER,
  MOCK_DEVICE_RESPONDER_SCRIPT,
} from './examples'
import { Responder } from './responder'

const host = new ScriptHost(loadQuickJsWasmNode, { budgetMs: Infinity })
afterAll(() => host.disposeAll())

async function load(id: string, source: string) {
  const r = await host.load({ id, name: id, source })
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.script
}

describe('example scripts', () => {
  it('decodes the meter frames the simulator really publishes', async () => {
    const broker = await startBroker({ tcpPort: 0, wsPort: 0 })
    const url = `mqtt://127.0.0.1:${broker.tcpPort}`
    const simulator = await startSimulator({ brokerUrl: url, rate: 200 })
    const sub = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0 })
    try {
      const frames: Buffer[] = []
      sub.on('message', (_t, payload) => frames.push(payload))
      await sub.subscribeAsync(METER_TOPIC)
      const deadline = Date.now() + 10_000
      while (frames.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      expect(frames.length).toBeGreaterThanOrEqual(2)
      const decoder = await load('meter', METER_DECODE_SCRIPT)
      const [a, b] = frames.map((f) => decoder.decode(new Uint8Array(f), METER_TOPIC))
      if (!a?.ok || !b?.ok) throw new Error(JSON.stringify([a, b]))
      const first = a.value as Record<string, number>
      const second = b.value as Record<string, number>
      expect(first).toMatchObject({
        version: 1,
        voltageV: expect.any(Number) as number,
        frequencyHz: expect.any(Number) as number,
      })
      expect(second.sequence).toBe((first.sequence ?? 0) + 1)
      expect(first.voltageV).toBeGreaterThan(200)
      expect(first.frequencyHz).toBeGreaterThan(49)
      expect(second.energyKWh).toBeGreaterThanOrEqual(first.energyKWh ?? Infinity)
      expect(decoder.decode(Uint8Array.from([1, 2]), METER_TOPIC)).toMatchObject({
        ok: false,
        error: {
          code: 'script.threw',
          values: { message: 'not a meter frame (2 bytes)', line: 6 },
        },
      })
    } finally {
      await sub.endAsync(true)
      await simulator.stop()
      await broker.close()
    }
  })

  it('encodes a meter frame that the decode example reads back', async () => {
    const encoder = await load('meterEnc', METER_ENCODE_SCRIPT)
    const decoder = await load('meterDec', METER_DECODE_SCRIPT)
    const input = {
      powerW: 1234.5,
      energyKWh: 42.25,
      sequence: 7,
      voltageV: 231.4,
      frequencyHz: 49.98,
      occupied: true,
      time: '2026-12-02T10:00:00.000Z',
    }
    const bytes = encoder.encode(input, METER_TOPIC)
    if (!bytes.ok) throw new Error(bytes.error.code)
    expect(bytes.value).toHaveLength(28)
    expect(decoder.decode(bytes.value, METER_TOPIC)).toEqual({
      ok: true,
      value: { version: 1, ...input },
      logs: [],
    })
  })

  it('mock device answers an MQTT 5 request on its response topic with its correlation data', async () => {
    const device = await load('mock', MOCK_DEVICE_RESPONDER_SCRIPT)
    const r = new Responder(
      { id: 'm', scriptId: 'mock', filter: MOCK_DEVICE_FILTER, enabled: true },
      'mock',
      0,
    )
    const correlationData = Uint8Array.from([9, 8, 7])
    const [reply] = r.handle(
      {
        topic: 'demo/device/lamp1/request',
        payload: new TextEncoder().encode('{"cmd":"set","on":true,"level":140}'),
        qos: 1,
        retain: false,
        properties: { responseTopic: 'client/42/replies', correlationData },
      },
      device,
      0,
    )
    expect(reply).toMatchObject({
      topic: 'client/42/replies',
      qos: 1,
      retain: false,
      properties: { contentType: 'application/json', correlationData },
    })
    expect(JSON.parse(new TextDecoder().decode(reply!.payload))).toEqual({
      ok: true,
      device: 'lamp1',
      on: true,
      level: 100,
      changes: 1,
    })
    // MQTT 3.1.1: no properties, answered on …/response; the state persisted.
    const [plain] = r.handle(
      {
        topic: 'demo/device/lamp1/request',
        payload: new TextEncoder().encode('{"cmd":"get"}'),
        qos: 0,
        retain: false,
      },
      device,
      1,
    )
    expect(plain?.topic).toBe('demo/device/lamp1/response')
    expect(plain?.properties?.correlationData).toBeUndefined()
    expect(JSON.parse(new TextDecoder().decode(plain!.payload))).toMatchObject({
      on: true,
      changes: 1,
    })
  })
})
