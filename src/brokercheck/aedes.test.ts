import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  figureOf,
  resultOf,
  retainedUnder,
  runCheckInNode,
} from '../../e2e/fixtures/brokerCheckRun'
import { BROKER_VERSION, startBroker, type EmbeddedBroker } from '../../server/broker'
import { CHECKS } from './checks'
import { CHECK_GROUPS, type BrokerCheckProgress, type CheckId } from './types'

// The embedded broker of `npm start` (Aedes 1.2.0): MQTT 3.1.1 only.
let broker: EmbeddedBroker
let url: string
beforeAll(async () => {
  broker = await startBroker({ tcpPort: 0, wsPort: 0 })
  url = `ws://127.0.0.1:${broker.wsPort}`
})
afterAll(() => broker?.close())

describe('broker check: the embedded Aedes broker', () => {
  it('speaks MQTT 3.1.1 only, so every MQTT 5 check is unsupported; large payloads arrive whole over its WebSocket', async () => {
    const report = await runCheckInNode({ url, protocol: 'auto' })
    expect(report.protocolLevel).toBe(4)
    // Aedes answers an MQTT 5 CONNECT with return code 1, "unacceptable protocol version".
    expect(resultOf(report, 'reach.mqtt5')).toMatchObject({
      status: 'unsupported',
      meaning: { code: 'reach.mqtt5.refused', values: { code: 1 } },
    })
    expect(resultOf(report, 'reach.mqtt311').status).toBe('pass')
    expect(resultOf(report, 'reach.identity').meaning).toEqual({
      code: 'reach.identity.version',
      values: { version: BROKER_VERSION },
    })
    const mqtt5Only = CHECKS.filter((d) => d.needs5).map((d) => d.id)
    expect(mqtt5Only.length).toBeGreaterThan(8)
    for (const id of mqtt5Only)
      expect(resultOf(report, id), id).toMatchObject({
        status: 'unsupported',
        meaning: { code: 'mqtt5.refused' },
      })
    for (const qos of [0, 1, 2] as const) {
      const d = resultOf(report, `delivery.qos${qos}`)
      expect(d.status, d.meaning.code).toBe('pass')
      expect(figureOf(d, 'grantedQos')).toBe(qos)
    }
    const passing: CheckId[] = [
      'semantics.retained',
      'semantics.wildcards',
      'semantics.dollarTopics',
      'semantics.will',
      'semantics.persistentSession',
      'semantics.takeover',
      'limits.topicLength',
      'limits.clientIdLength',
      'limits.topicChars',
      'limits.payload',
    ]
    for (const id of passing)
      expect(resultOf(report, id).status, JSON.stringify(resultOf(report, id).meaning)).toBe('pass')
    expect(resultOf(report, 'semantics.takeover').meaning.code).toBe('semantics.takeover.closed')
    // Aedes 1.2.0 takes $share/… as an ordinary filter: nothing arrives.
    expect(resultOf(report, 'semantics.shared')).toMatchObject({
      status: 'unsupported',
      meaning: { code: 'semantics.shared.notDelivered' },
    })
    // It refuses topics of more than 100 levels (its routing trie's limit) by closing.
    expect(resultOf(report, 'limits.topicLevels').meaning).toEqual({
      code: 'limits.topicLevels.closed',
      values: { lastOk: 64, firstFailed: 128 },
    })
    // It delivers a topic with U+0000, which MQTT forbids.
    expect(resultOf(report, 'limits.topicChars').notes).toContainEqual({
      code: 'limits.topicChars.forbiddenAccepted',
      values: { chars: 'U+0000' },
    })
    expect(resultOf(report, 'limits.payload').meaning).toEqual({
      code: 'limits.payload.ok',
      values: { largest: '16.0 MB' },
    })
    expect(report.cleanup.retainedFailed).toEqual([])
    expect(report.cleanup.sessionsFailed).toEqual([])
    expect(await retainedUnder(url, report.topicPrefix)).toEqual([])
  }, 180_000)

  it('for a public target, keeps traffic modest: payloads up to 64 KiB, no bare #, no throughput', async () => {
    const only: CheckId[] = ['semantics.dollarTopics', 'limits.payload', 'throughput.sustained']
    const progress: BrokerCheckProgress[] = []
    const report = await runCheckInNode(
      { url, protocol: 'auto', isPublic: true },
      { groups: CHECK_GROUPS, heavy: false, only },
      { onProgress: (p) => progress.push(p) },
    )
    expect(resultOf(report, 'semantics.dollarTopics').notes).toEqual([
      { code: 'semantics.dollarTopics.hashNotTried' },
    ])
    const payload = resultOf(report, 'limits.payload')
    expect(payload.meaning).toEqual({ code: 'limits.payload.ok', values: { largest: '64 KB' } })
    expect(payload.notes).toEqual([{ code: 'limits.payload.modest', values: { top: '64 KB' } }])
    expect(resultOf(report, 'throughput.sustained').meaning.code).toBe('skipped.heavyOff')
    // Progress counts the selected checks only (the version probes run unreported).
    const results = progress.filter((p) => p.type === 'result')
    expect(results.map((p) => [p.result.id, p.done, p.total])).toEqual([
      ['semantics.dollarTopics', 1, 3],
      ['limits.payload', 2, 3],
      ['throughput.sustained', 3, 3],
    ])
    expect(progress.at(-1)).toEqual({ type: 'cleanup' })
  }, 120_000)

  it('measures throughput when asked: a paced QoS 0 load through the broker and back', async () => {
    const report = await runCheckInNode(
      { url, protocol: '3.1.1' },
      { groups: CHECK_GROUPS, heavy: true, only: ['throughput.sustained'] },
    )
    const t = resultOf(report, 'throughput.sustained')
    expect(t.status, JSON.stringify(t.meaning)).toBe('pass')
    expect(figureOf(t, 'received')).toBe(figureOf(t, 'sent'))
    expect(figureOf(t, 'rate')).toBeGreaterThan(0)
  }, 60_000)
})
