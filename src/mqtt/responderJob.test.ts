import mqtt from 'mqtt'
import type { MqttClient } from 'mqtt'
import { afterEach, describe, expect, it } from 'vitest'
import { startBroker, type EmbeddedBroker } from '../../server/broker'
import { MOCK_DEVICE_RESPONDER_SCRIPT } from '../scripting/examples'
import { loadQuickJsWasmNode } from '../test/quickjsWasm'
import type { ConnectOptions } from '../wire/mqtt'
import type { ResponderConfig, ResponderReport } from '../wire/scripts'
import { InlineChannel } from './inlineChannel'

// The worker's session host, run in this thread with QuickJS from the installed package, against
// real Aedes brokers: responders answer through their own connection, within their rate limit.

const cleanups: (() => Promise<unknown> | void)[] = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

async function broker(): Promise<EmbeddedBroker> {
  const b = await startBroker({ tcpPort: 0, wsPort: 0 })
  cleanups.push(() => b.close())
  return b
}

async function foreign(b: EmbeddedBroker, filter: string): Promise<[MqttClient, string[]]> {
  const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${b.tcpPort}`, {
    protocolVersion: 4,
    reconnectPeriod: 0,
  })
  cleanups.push(() => c.endAsync(true))
  const got: string[] = []
  c.on('message', (topic, payload) => got.push(`${topic} ${payload.toString()}`))
  await c.subscribeAsync(filter, { qos: 1 })
  return [c, got]
}

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

function options(url: string): ConnectOptions {
  return {
    url,
    clientId: `test-${Math.random().toString(16).slice(2, 10)}`,
    protocolLevel: 4,
    keepalive: 30,
    clean: true,
    connectTimeoutMs: 3000,
    reconnectPeriodMs: 0,
    fallbackTo311: false,
  }
}

/** Connection `conn` of `ch` on `b`, subscribed to `filter`, its responder reports collected. */
async function connection(ch: InlineChannel, conn: string, b: EmbeddedBroker, filter: string) {
  const reports: ResponderReport[] = []
  let connected = false
  ch.listen(conn, (e) => {
    if (e.type === 'responder') reports.push(e)
    if (e.type === 'status' && e.state === 'connected') connected = true
  })
  ch.cast(conn, { type: 'connect', options: options(`ws://127.0.0.1:${b.wsPort}`) })
  await waitFor(() => connected, `${conn} connected`)
  const sub = await ch.call(conn, 'subscribe', { filter, qos: 1 }).result
  expect(sub.ok).toBe(true)
  return reports
}

const config = (patch: Partial<ResponderConfig> = {}): ResponderConfig => ({
  script: { id: 's1', name: 'mock device', source: MOCK_DEVICE_RESPONDER_SCRIPT },
  filter: 'demo/device/+/request',
  enabled: true,
  perSecond: 1,
  burst: 3,
  ...patch,
})

const last = (reports: ResponderReport[]) => reports.at(-1)

describe('responders in the session host', () => {
  it('answer on their own connection only, within the rate limit, and log what they sent and dropped', async () => {
    const [a, b] = [await broker(), await broker()]
    const ch = new InlineChannel((url, o) => mqtt.connect(url, o), loadQuickJsWasmNode)
    cleanups.push(() => ch.dispose())
    const reportsA = await connection(ch, 'A', a, 'demo/device/#')
    const reportsB = await connection(ch, 'B', b, 'demo/device/#')
    // Settings changed while the script loads (the panel sends each keystroke): one engine
    // ends up answering, with the last settings; older ones (another source) are thrown away.
    ch.cast('A', {
      type: 'responder',
      config: config({ script: { id: 'x', name: 'x', source: '' } }),
    })
    ch.cast('A', { type: 'responder', config: config({ perSecond: 5, enabled: false }) })
    ch.cast('A', { type: 'responder', config: config({ burst: 7 }) })
    ch.cast('A', { type: 'responder', config: config() })
    await waitFor(() => last(reportsA)?.state === 'on', 'responder A on')
    const [reqA, gotA] = await foreign(a, 'demo/device/+/response')
    const [, gotB] = await foreign(b, 'demo/device/+/response')
    for (let i = 0; i < 10; i++)
      await reqA.publishAsync('demo/device/d1/request', '{"cmd":"get"}', { qos: 1 })
    await waitFor(() => gotA.length >= 3, 'three answers on A')
    await waitFor(() => (last(reportsA)?.counts.triggered ?? 0) === 10, 'ten requests seen')
    // The bucket allowed the burst of 3 (and at most one more token refilled meanwhile).
    const counts = last(reportsA)!.counts
    expect(counts.sent).toBeGreaterThanOrEqual(3)
    expect(counts.sent + counts.dropped).toBe(10)
    expect(gotA[0]).toBe(
      'demo/device/d1/response {"ok":true,"device":"d1","on":false,"level":0,"changes":0}',
    )
    const kinds = new Set(reportsA.flatMap((r) => r.entries.map((e) => e.kind)))
    expect([...kinds].sort()).toEqual(['dropped', 'sent'])
    // B has no responder: its broker never saw an answer, and it reported nothing.
    await reqA.publishAsync('demo/device/end/request', '{"cmd":"get"}', { qos: 1 })
    expect(gotB).toEqual([])
    expect(reportsB).toEqual([])
    expect(gotA.length).toBeLessThanOrEqual(counts.sent + 1)
  })

  it('names a script that loops forever, keeps the connection working, and loads a fixed one', async () => {
    const a = await broker()
    const ch = new InlineChannel((url, o) => mqtt.connect(url, o), loadQuickJsWasmNode)
    cleanups.push(() => ch.dispose())
    const reports = await connection(ch, 'A', a, 'demo/#')
    ch.cast('A', {
      type: 'responder',
      config: config({
        script: {
          id: 'loop',
          name: 'runaway',
          source: 'export function respond() { for (;;) {} }',
        },
        filter: 'demo/loop',
      }),
    })
    await waitFor(() => last(reports)?.state === 'on', 'responder on')
    const [c, got] = await foreign(a, 'demo/ok')
    await c.publishAsync('demo/loop', 'x', { qos: 1 })
    await waitFor(() => last(reports)?.error !== undefined, 'a failure reported')
    expect(last(reports)!.error).toMatchObject({
      code: 'script.timeout',
      values: { script: 'runaway' },
    })
    expect(last(reports)!.entries.at(-1)).toMatchObject({ kind: 'failed', trigger: 'demo/loop' })
    // The connection still publishes and receives.
    const sent = await ch.call('A', 'publish', {
      message: { topic: 'demo/ok', payload: new Uint8Array([1]), qos: 1, retain: false },
    }).result
    expect(sent.ok).toBe(true)
    await waitFor(() => got.length === 1, 'the publish arrived')
    // A top-level loop fails the load, named; a script without respond() says so.
    ch.cast('A', {
      type: 'responder',
      config: config({ script: { id: 'top', name: 'top loop', source: 'for (;;) {}' } }),
    })
    await waitFor(() => last(reports)?.state === 'failed', 'load failed')
    expect(last(reports)!.error).toMatchObject({
      code: 'script.timeout',
      values: { script: 'top loop' },
    })
    ch.cast('A', {
      type: 'responder',
      config: config({
        script: { id: 'd', name: 'decoder', source: 'export function decode() { return 1 }' },
      }),
    })
    await waitFor(() => last(reports)?.error?.code === 'script.missingExport', 'no respond()')
    expect(last(reports)).toMatchObject({ state: 'failed', entries: [] })
  })
})
