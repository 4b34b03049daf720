import { describe, expect, it } from 'vitest'
import { TopicIndex } from '../../store/TopicIndex'
import { FrameMaker } from '../../test/frames'
import { planBrokerStats } from './brokerStats'

/** A topic index built by the real ingest engine from messages on `topics`. */
function indexOf(topics: string[]): TopicIndex {
  const index = new TopicIndex()
  index.insert(new FrameMaker().frame(topics).inserts)
  return index
}

const MOSQUITTO = [
  '$SYS/broker/version',
  '$SYS/broker/clients/connected',
  '$SYS/broker/messages/received',
  '$SYS/broker/messages/sent',
  '$SYS/broker/bytes/received',
  '$SYS/broker/bytes/sent',
  '$SYS/broker/load/messages/received/1min',
]

const NODE = 'emqx@127.0.0.1'
const EMQX = [
  '$SYS/brokers',
  `$SYS/brokers/${NODE}/version`,
  `$SYS/brokers/${NODE}/uptime`,
  `$SYS/brokers/${NODE}/stats/connections/count`,
  `$SYS/brokers/${NODE}/metrics/messages/received`,
  `$SYS/brokers/${NODE}/metrics/messages/sent`,
  `$SYS/brokers/${NODE}/metrics/bytes/received`,
  `$SYS/brokers/${NODE}/metrics/bytes/sent`,
]

describe('planBrokerStats', () => {
  it('plans nothing without $SYS topics', () => {
    expect(planBrokerStats(new TopicIndex())).toBeUndefined()
    expect(planBrokerStats(indexOf(['a/b', 'sensors/broker/x', 'x/$SYS/broker/clients']))).toBe(
      undefined,
    )
  })

  it('plans nothing for $SYS topics of an unknown naming', () => {
    expect(planBrokerStats(indexOf(['$SYS/other/stat', '$SYS/brokers']))).toBeUndefined()
  })

  it('reads Mosquitto naming', () => {
    const plan = planBrokerStats(indexOf(['a/b', ...MOSQUITTO]))
    expect(plan).toEqual({
      naming: 'mosquitto',
      clients: [{ kind: 'value', topic: '$SYS/broker/clients/connected' }],
      messages: [
        { kind: 'value', topic: '$SYS/broker/messages/received', derivative: true },
        { kind: 'value', topic: '$SYS/broker/messages/sent', derivative: true },
      ],
      bytes: [
        { kind: 'value', topic: '$SYS/broker/bytes/received', derivative: true },
        { kind: 'value', topic: '$SYS/broker/bytes/sent', derivative: true },
      ],
    })
  })

  it('recognises Mosquitto from any $SYS/broker topic', () => {
    expect(planBrokerStats(indexOf(['$SYS/broker/version']))?.naming).toBe('mosquitto')
  })

  it('reads EMQX naming with the node name in the topics', () => {
    const plan = planBrokerStats(indexOf(['a/b', ...EMQX]))
    const base = `$SYS/brokers/${NODE}`
    expect(plan).toEqual({
      naming: 'emqx',
      clients: [{ kind: 'value', topic: `${base}/stats/connections/count` }],
      messages: [
        { kind: 'value', topic: `${base}/metrics/messages/received`, derivative: true },
        { kind: 'value', topic: `${base}/metrics/messages/sent`, derivative: true },
      ],
      bytes: [
        { kind: 'value', topic: `${base}/metrics/bytes/received`, derivative: true },
        { kind: 'value', topic: `${base}/metrics/bytes/sent`, derivative: true },
      ],
    })
  })

  it('names only topics the broker publishes', () => {
    for (const topics of [MOSQUITTO, EMQX]) {
      const index = indexOf(topics)
      const plan = planBrokerStats(index)!
      const known = new Set(Array.from({ length: index.size }, (_, i) => index.topicOf(i + 1)))
      for (const source of [...plan.clients, ...plan.messages, ...plan.bytes])
        if (source.kind === 'value') expect(known, source.topic).toContain(source.topic)
    }
  })

  it('charts counters as rates and gauges as values', () => {
    for (const topics of [MOSQUITTO, EMQX]) {
      const plan = planBrokerStats(indexOf(topics))!
      for (const source of [...plan.messages, ...plan.bytes])
        expect(source).toMatchObject({ kind: 'value', derivative: true })
      for (const source of plan.clients)
        expect(source.kind === 'value' && source.derivative).toBeFalsy()
    }
  })

  it('finds $SYS topics that arrive in later frames', () => {
    const maker = new FrameMaker()
    const index = new TopicIndex()
    index.insert(maker.frame(['a/b']).inserts)
    expect(planBrokerStats(index)).toBeUndefined()
    index.insert(maker.frame(EMQX).inserts)
    expect(planBrokerStats(index)?.naming).toBe('emqx')
  })
})
