import mqtt from 'mqtt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startBroker, type EmbeddedBroker } from '../../server/broker'
import { BROKER_CHECK_CONN, type BrokerCheckRunProgress } from '../wire/brokerCheck'
import { InlineChannel } from './inlineChannel'

// The check's call through the same channel and host as the app's worker, against Aedes.
let broker: EmbeddedBroker
let url: string
let channel: InlineChannel
beforeAll(async () => {
  broker = await startBroker({ tcpPort: 0, wsPort: 0 })
  url = `ws://127.0.0.1:${broker.wsPort}`
})
afterAll(() => broker?.close())
afterEach(() => channel?.dispose())

describe('brokerCheck call', () => {
  it('runs each target in turn on its own clients, with progress per run, and never returns the password', async () => {
    channel = new InlineChannel(mqtt.connect)
    const progress: BrokerCheckRunProgress[] = []
    const target = { url, protocol: '3.1.1' as const, username: 'u', password: 'secret' }
    const profile = { groups: ['reach' as const], heavy: false }
    const call = channel.call(
      BROKER_CHECK_CONN,
      'brokerCheck',
      {
        runs: [
          { target, profile },
          { target: { url, protocol: 'auto' }, profile },
        ],
      },
      { onProgress: (p) => progress.push(p) },
    )
    const reply = await call.result
    expect(reply.ok).toBe(true)
    expect(reply.reports.map((r) => r.protocolLevel)).toEqual([4, 4])
    expect(JSON.stringify(reply.reports)).not.toContain('secret')
    // Run 0's progress all comes before run 1's, and each run reports its every check.
    const indexes = progress.map((p) => p.index)
    expect(indexes).toEqual([...indexes].sort())
    expect(new Set(indexes)).toEqual(new Set([0, 1]))
    expect(progress.every((p) => p.count === 2)).toBe(true)
    const results = progress.filter((p) => p.progress.type === 'result' && p.index === 0)
    expect(results.length).toBe(reply.reports[0]!.results.length)
    // Every call replied (nothing left pending in the channel).
    expect(channel.pendingCalls).toBe(0)
  })

  it('refuses a second check while one runs, and a cancel ends the run with a report', async () => {
    channel = new InlineChannel(mqtt.connect)
    const profile = { groups: ['reach' as const, 'semantics' as const], heavy: false }
    let firstResult!: () => void
    const started = new Promise<void>((resolve) => (firstResult = resolve))
    const first = channel.call(
      BROKER_CHECK_CONN,
      'brokerCheck',
      { runs: [{ target: { url, protocol: '3.1.1' }, profile }] },
      { onProgress: (p) => p.progress.type === 'result' && firstResult() },
    )
    const second = await channel.call(BROKER_CHECK_CONN, 'brokerCheck', {
      runs: [{ target: { url, protocol: '3.1.1' }, profile }],
    }).result
    expect(second).toEqual({ ok: false, reason: { code: 'brokerCheck.busy' }, reports: [] })
    await started
    channel.cancel(first.id)
    const reply = await first.result
    expect(reply.ok).toBe(true)
    const report = reply.reports[0]!
    expect(report.cancelled).toBe(true)
    const skipped = report.results.filter((r) => r.meaning.code === 'skipped.cancelled')
    expect(skipped.length).toBeGreaterThan(0)
    // The job is free again once it replied.
    const again = await channel.call(BROKER_CHECK_CONN, 'brokerCheck', {
      runs: [{ target: { url, protocol: '3.1.1' }, profile: { groups: ['reach'], heavy: false } }],
    }).result
    expect(again.ok).toBe(true)
  })
})
