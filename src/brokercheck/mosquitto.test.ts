import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  figureOf,
  resultOf,
  retainedUnder,
  runCheckInNode,
} from '../../e2e/fixtures/brokerCheckRun'
import { startMosquitto, type Mosquitto } from '../../e2e/fixtures/mosquitto'
import { BROKER_CHECK_PAYLOAD_LADDER } from '../engine/budgets'
import { CHECK_GROUPS, type BrokerCheckReport, type CheckId } from './types'

// Debian's mosquitto 2.0.11 on loopback, as the e2e tests start it. `sys_interval 1` so the test
// can read how many persistent sessions are left from $SYS.
let broker: Mosquitto
beforeAll(async () => {
  broker = await startMosquitto({ extra: ['sys_interval 1'] })
})
afterAll(() => broker?.stop())

/** Persistent sessions mosquitto holds for disconnected clients, once $SYS says `want`. */
async function disconnectedSessions(url: string, want: string): Promise<string> {
  const client = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0 })
  try {
    return await new Promise<string>((resolve) => {
      client.on('message', (_t, payload) => {
        if (payload.toString() === want) resolve(want)
      })
      void client.subscribeAsync('$SYS/broker/clients/disconnected')
    })
  } finally {
    await client.endAsync()
  }
}

/** Each check's status; a failing one with its meaning, so a broken expectation says why. */
function statuses(report: BrokerCheckReport, ids: readonly CheckId[]) {
  return Object.fromEntries(
    ids.map((id) => {
      const r = resultOf(report, id)
      return [id, r.status === 'pass' ? 'pass' : `${r.status}: ${JSON.stringify(r.meaning)}`]
    }),
  )
}

describe('broker check: Debian mosquitto 2.0.11 over WebSocket', () => {
  it('with MQTT 5: every feature passes, takeover closes without DISCONNECT, and the large-payload result is what this WebSocket delivers', async () => {
    const report = await runCheckInNode({ url: broker.wsUrl, protocol: 'auto' })
    expect(report.protocolLevel).toBe(5)
    expect(resultOf(report, 'reach.mqtt5').status).toBe('pass')
    expect(resultOf(report, 'reach.mqtt311').status).toBe('pass')
    // Timed over five connects, the WebSocket's opening apart from CONNACK.
    const time = resultOf(report, 'reach.connectTime')
    expect(time.figure.map((q) => q.key)).toEqual([
      'websocketP50',
      'websocketP95',
      'connackP50',
      'connackP95',
      'samples',
    ])
    expect(figureOf(time, 'samples')).toBe(5)
    expect(figureOf(time, 'websocketP50')).toBeLessThanOrEqual(figureOf(time, 'connackP50')!)
    expect(resultOf(report, 'reach.identity').meaning.values?.version).toMatch(
      /^mosquitto version 2\./,
    )
    const connack = resultOf(report, 'reach.connackProperties')
    expect(connack.meaning.code).toBe('reach.connackProperties.assigned')
    // mosquitto's defaults: max_inflight_messages 20, max_topic_alias 10.
    expect(figureOf(connack, 'receiveMaximum')).toBe(20)
    expect(figureOf(connack, 'topicAliasMaximum')).toBe(10)
    for (const qos of [0, 1, 2] as const) {
      const d = resultOf(report, `delivery.qos${qos}`)
      expect(d.status, d.meaning.code).toBe('pass')
      expect(figureOf(d, 'received')).toBe(figureOf(d, 'sent'))
      expect(figureOf(d, 'grantedQos')).toBe(qos)
      expect(d.notes).toEqual([])
    }
    const passing: CheckId[] = [
      'semantics.retained',
      'semantics.wildcards',
      'semantics.dollarTopics',
      'semantics.will',
      'semantics.willDelay',
      'semantics.persistentSession',
      'semantics.takeover',
      'semantics.shared',
      'mqtt5.noLocal',
      'mqtt5.retainAsPublished',
      'mqtt5.retainHandling',
      'mqtt5.subscriptionIds',
      'mqtt5.topicAlias',
      'mqtt5.messageExpiry',
      'mqtt5.userProperties',
      'mqtt5.requestResponse',
      'limits.topicLength',
      'limits.clientIdLength',
      'limits.topicChars',
    ]
    expect(statuses(report, passing)).toEqual(Object.fromEntries(passing.map((id) => [id, 'pass'])))
    expect(resultOf(report, 'semantics.retained').notes).toEqual([])
    // 2.0.11 closes the old connection without DISCONNECT 0x8E (2.0.15 sends it).
    expect(resultOf(report, 'semantics.takeover').meaning.code).toBe(
      'semantics.takeover.silentClose',
    )
    // Round robin: both clients of the shared subscription get half.
    expect(resultOf(report, 'semantics.shared').meaning).toEqual({
      code: 'semantics.shared.split',
      values: { a: 10, b: 10 },
    })
    expect(resultOf(report, 'mqtt5.requestResponse').meaning.code).toBe(
      'mqtt5.requestResponse.noInfo',
    )
    // mosquitto refuses topics of more than 200 levels by closing the connection.
    expect(resultOf(report, 'limits.topicLevels').meaning).toEqual({
      code: 'limits.topicLevels.closed',
      values: { lastOk: 128, firstFailed: 256 },
    })
    expect(resultOf(report, 'limits.topicChars').notes.map((n) => n.code)).toEqual([
      'limits.topicChars.controlAllRefused',
    ])
    // The ladder ends where this WebSocket stops delivering in time: on machines where 2.0.11's
    // WebSocket stalls, at a few hundred KB; elsewhere at the top. Either way the figures say
    // the last size that arrived and the first that did not, and the evidence has that step.
    const payload = resultOf(report, 'limits.payload')
    const largest = figureOf(payload, 'largest') ?? 0
    const top = BROKER_CHECK_PAYLOAD_LADDER[BROKER_CHECK_PAYLOAD_LADDER.length - 1]
    if (payload.status === 'pass') {
      expect(largest).toBe(top)
    } else {
      expect(payload.meaning.code).toBe('limits.payload.timeout')
      const firstFailed = figureOf(payload, 'firstFailed') ?? 0
      expect(BROKER_CHECK_PAYLOAD_LADDER.indexOf(firstFailed as never)).toBe(
        BROKER_CHECK_PAYLOAD_LADDER.indexOf(largest as never) + 1,
      )
      expect(payload.evidence.some((e) => e.text.startsWith(`${firstFailed}B timeout`))).toBe(true)
    }
    // Throughput is opt-in; every other group ran.
    expect(resultOf(report, 'throughput.sustained').meaning.code).toBe('skipped.notSelected')
    expect(report.results.filter((r) => r.status === 'skipped')).toHaveLength(1)
    // Cleanup left nothing: no retained message under the prefix, no persistent session.
    expect(report.cleanup.retainedFailed).toEqual([])
    expect(report.cleanup.sessionsFailed).toEqual([])
    expect(report.cleanup.sessionsEnded).toBeGreaterThanOrEqual(2)
    expect(await retainedUnder(broker.wsUrl, report.topicPrefix)).toEqual([])
    expect(await disconnectedSessions(broker.wsUrl, '0')).toBe('0')
  }, 180_000)

  it('with MQTT 3.1.1 chosen: MQTT 5 features are not tested, shared subscriptions still pass, takeover just closes', async () => {
    const only: CheckId[] = [
      'reach.mqtt5',
      'reach.mqtt311',
      'reach.connackProperties',
      'delivery.qos2',
      'semantics.willDelay',
      'semantics.takeover',
      'semantics.shared',
      'mqtt5.noLocal',
    ]
    const report = await runCheckInNode(
      { url: broker.wsUrl, protocol: '3.1.1' },
      { groups: CHECK_GROUPS, heavy: true, only },
    )
    expect(report.protocolLevel).toBe(4)
    expect(report.results.map((r) => r.id)).toEqual(only)
    // The broker takes MQTT 5; this run just does not use it.
    expect(resultOf(report, 'reach.mqtt5').status).toBe('pass')
    for (const id of ['reach.connackProperties', 'semantics.willDelay', 'mqtt5.noLocal'] as const)
      expect(resultOf(report, id).meaning.code).toBe('skipped.protocol311')
    expect(figureOf(resultOf(report, 'delivery.qos2'), 'grantedQos')).toBe(2)
    expect(resultOf(report, 'semantics.takeover').meaning.code).toBe('semantics.takeover.closed')
    expect(resultOf(report, 'semantics.shared').meaning.code).toBe('semantics.shared.split')
  }, 120_000)

  it('a cancel stops the run, marks what did not run, and cleanup still removes the retained messages and sessions it created', async () => {
    const abort = new AbortController()
    const done = new Set<CheckId>()
    const only: CheckId[] = [
      'semantics.persistentSession',
      'mqtt5.retainAsPublished',
      'mqtt5.messageExpiry',
      'limits.payload',
    ]
    const report = await runCheckInNode(
      { url: broker.wsUrl, protocol: 'auto' },
      { groups: CHECK_GROUPS, heavy: true, only },
      {
        signal: abort.signal,
        onProgress: (p) => {
          if (p.type !== 'result') return
          done.add(p.result.id)
          // Both left something behind: a session, and a live retained message.
          if (done.has('semantics.persistentSession') && done.has('mqtt5.retainAsPublished'))
            abort.abort()
        },
      },
    )
    expect(report.cancelled).toBe(true)
    expect(resultOf(report, 'semantics.persistentSession').status).toBe('pass')
    expect(resultOf(report, 'mqtt5.retainAsPublished').status).toBe('pass')
    // The exclusive phase never started.
    expect(resultOf(report, 'limits.payload')).toMatchObject({
      status: 'skipped',
      meaning: { code: 'skipped.cancelled' },
    })
    expect(report.cleanup.retainedCleared).toBeGreaterThanOrEqual(1)
    expect(report.cleanup.sessionsEnded).toBeGreaterThanOrEqual(1)
    expect(report.cleanup.retainedFailed).toEqual([])
    expect(report.cleanup.sessionsFailed).toEqual([])
    expect(await retainedUnder(broker.wsUrl, report.topicPrefix)).toEqual([])
    expect(await disconnectedSessions(broker.wsUrl, '0')).toBe('0')
  }, 120_000)
})
