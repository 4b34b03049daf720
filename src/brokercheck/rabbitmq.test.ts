import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resultOf, retainedUnder, runCheckInNode } from '../../e2e/fixtures/brokerCheckRun'
import { startRabbitMq, type RabbitMq } from '../../e2e/fixtures/rabbitmq'
import { CHECK_GROUPS, type CheckId } from './types'

// Debian's RabbitMQ 3.10.8 with rabbitmq_web_mqtt: MQTT 3.1.1 over WebSocket at /ws. Its first
// start takes 15-35 s (more on a busy machine), hence the long hook timeout.
let broker: RabbitMq
beforeAll(async () => {
  broker = await startRabbitMq()
}, 240_000)
afterAll(() => broker?.stop(), 60_000)

describe('broker check: RabbitMQ web_mqtt', () => {
  it('speaks MQTT 3.1.1 at /ws, downgrades QoS 2 to QoS 1, and differs from MQTT on $ topics, retained wildcards and shared subscriptions', async () => {
    const report = await runCheckInNode({ url: broker.wsUrl, protocol: 'auto' })
    expect(report.protocolLevel).toBe(4)
    // An MQTT 5 CONNECT is closed without CONNACK.
    expect(resultOf(report, 'reach.mqtt5')).toMatchObject({
      status: 'unsupported',
      meaning: { code: 'reach.mqtt5.closed' },
    })
    expect(resultOf(report, 'reach.mqtt311').status).toBe('pass')
    expect(resultOf(report, 'reach.identity').meaning.code).toBe('reach.identity.absent')
    expect(resultOf(report, 'delivery.qos0').status).toBe('pass')
    expect(resultOf(report, 'delivery.qos1').status).toBe('pass')
    // QoS 2 subscriptions are granted QoS 1, and a QoS 2 PUBLISH is answered with PUBACK.
    const qos2 = resultOf(report, 'delivery.qos2')
    expect(qos2).toMatchObject({
      status: 'unsupported',
      meaning: { code: 'delivery.downgraded', values: { asked: 2, granted: 1 } },
    })
    expect(qos2.notes).toContainEqual({ code: 'delivery.qos2Puback', values: { n: 20 } })
    expect(resultOf(report, 'semantics.retained')).toMatchObject({
      status: 'pass',
      notes: [{ code: 'semantics.retained.notViaWildcard' }],
    })
    expect(resultOf(report, 'semantics.dollarTopics')).toMatchObject({
      status: 'fail',
      meaning: { code: 'semantics.dollarTopics.matchedByPlus' },
    })
    expect(resultOf(report, 'semantics.shared')).toMatchObject({
      status: 'unsupported',
      meaning: { code: 'semantics.shared.notDelivered' },
    })
    expect(resultOf(report, 'semantics.takeover').meaning.code).toBe('semantics.takeover.closed')
    for (const id of [
      'semantics.wildcards',
      'semantics.will',
      'semantics.persistentSession',
    ] as const)
      expect(resultOf(report, id).status, JSON.stringify(resultOf(report, id).meaning)).toBe('pass')
    // MQTT topics become AMQP routing keys: '.' and '*' do not survive the trip.
    const chars = resultOf(report, 'limits.topicChars')
    expect(chars.meaning).toEqual({
      code: 'limits.topicChars.refused',
      values: { chars: 'U+002A U+002E', n: 2 },
    })
    expect(chars.notes).toContainEqual({
      code: 'limits.topicChars.forbiddenAccepted',
      values: { chars: 'U+0000 U+002B U+0023' },
    })
    expect(report.cleanup.retainedFailed).toEqual([])
    expect(report.cleanup.sessionsFailed).toEqual([])
    expect(await retainedUnder(broker.wsUrl, report.topicPrefix)).toEqual([])
  }, 180_000)

  it('is not reachable on a path other than /ws', async () => {
    const only: CheckId[] = ['reach.mqtt5', 'reach.mqtt311', 'delivery.qos0']
    const url = broker.wsUrl.replace(/\/ws$/, '/mqtt')
    const report = await runCheckInNode(
      { url, protocol: 'auto' },
      { groups: CHECK_GROUPS, heavy: false, only },
    )
    expect(report.protocolLevel).toBeUndefined()
    for (const id of ['reach.mqtt5', 'reach.mqtt311'] as const)
      expect(resultOf(report, id)).toMatchObject({
        status: 'fail',
        meaning: { code: 'reach.unreachable', values: { url } },
      })
    expect(resultOf(report, 'delivery.qos0').meaning.code).toBe('skipped.notReached')
  }, 60_000)
})
