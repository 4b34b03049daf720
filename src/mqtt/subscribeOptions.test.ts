import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, type Mosquitto } from '../../e2e/fixtures/mosquitto'
import type { StatusMessage, SubscribeV5 } from '../wire/mqtt'
import { InlineChannel } from './inlineChannel'

// A subscription's MQTT 5 options against a real Mosquitto, through the worker's code run in this
// thread: sent with the SUBSCRIBE, and sent again, each with its own identifier, when the session
// subscribes anew after the broker lost it.

let broker: Mosquitto
beforeAll(async () => {
  broker = await startMosquitto()
})
afterAll(async () => {
  await broker.stop()
})

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('MQTT 5 subscription options', () => {
  it('reach the broker, and again after a reconnect without a kept session', async () => {
    // Every MQTT.js client the session opens, so the test hears what the broker delivered to it.
    const clients: MqttClient[] = []
    const got: { topic: string; ids: number[] }[] = []
    const ch = new InlineChannel((url: string, opts: IClientOptions) => {
      const client = mqtt.connect(url, opts)
      client.on('message', (topic, _payload, packet) => {
        const id = packet.properties?.subscriptionIdentifier
        got.push({ topic, ids: id === undefined ? [] : [id].flat() })
      })
      clients.push(client)
      return client
    })
    const statuses: StatusMessage[] = []
    ch.listen('c1', (event) => {
      if (event.type === 'status') statuses.push(event)
    })
    ch.onFrames((frame) => ch.credit(frame.seq))
    const external = () =>
      mqtt.connectAsync(broker.tcpUrl, { protocolVersion: 5, reconnectPeriod: 0 })
    try {
      ch.cast('c1', {
        type: 'connect',
        options: {
          url: broker.wsUrl,
          clientId: `test-${Math.random().toString(16).slice(2, 10)}`,
          protocolLevel: 5,
          keepalive: 30,
          clean: true,
          connectTimeoutMs: 3000,
          reconnectPeriodMs: 200,
          fallbackTo311: false,
        },
      })
      await waitFor(() => statuses.some((s) => s.state === 'connected'), 'connected')
      const subs: [string, SubscribeV5 | undefined][] = [
        ['a/#', { noLocal: true, id: 5 }],
        ['b/#', { id: 6 }],
        ['c/#', undefined],
      ]
      for (const [filter, v5] of subs) {
        const result = await ch.call('c1', 'subscribe', { filter, qos: 1, ...(v5 ? { v5 } : {}) })
          .result
        expect(result).toEqual({ ok: true, grantedQos: 1 })
      }

      /** Publishes from the session's own client and from another, and waits for `expected`. */
      const round = async (expected: number) => {
        got.length = 0
        const own = clients.at(-1)!
        for (const prefix of ['a', 'c']) await own.publishAsync(`${prefix}/own`, 'x', { qos: 1 })
        const ext = await external()
        try {
          for (const prefix of ['a', 'b', 'c'])
            await ext.publishAsync(`${prefix}/ext`, 'x', { qos: 1 })
        } finally {
          await ext.endAsync()
        }
        await waitFor(() => got.length >= expected, `${expected} messages`)
        // A stray own message would be here by now: the broker routed it before the ext ones.
        return [...got].sort((x, y) => x.topic.localeCompare(y.topic))
      }
      const expected = [
        { topic: 'a/ext', ids: [5] },
        { topic: 'b/ext', ids: [6] },
        { topic: 'c/ext', ids: [] },
        { topic: 'c/own', ids: [] },
      ]
      expect(await round(4)).toEqual(expected)

      // A broker restarted without a store kept no session: the app subscribes again.
      await broker.restart()
      await waitFor(
        () => statuses.some((s) => s.event?.code === 'event.resubscribed'),
        'the resubscription',
      )
      expect(statuses.find((s) => s.event?.code === 'event.resubscribed')?.event).toEqual({
        code: 'event.resubscribed',
        values: { count: 3 },
      })
      expect(await round(4)).toEqual(expected)
    } finally {
      ch.dispose()
    }
  })
})
