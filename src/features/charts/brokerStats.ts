import type { SeriesSource } from '../../wire/frame'
import type { TopicIndex } from '../../store/TopicIndex'

/** The broker's own statistics as chart series, for the naming its $SYS topics use. */
export interface BrokerStatsPlan {
  naming: 'mosquitto' | 'emqx'
  /** Clients connected. */
  clients: SeriesSource[]
  /** Messages in and out per second (from cumulative counters). */
  messages: SeriesSource[]
  /** Bytes in and out per second. */
  bytes: SeriesSource[]
}

const counter = (topic: string): SeriesSource => ({ kind: 'value', topic, derivative: true })
const gauge = (topic: string): SeriesSource => ({ kind: 'value', topic })

function childNamed(index: TopicIndex, parent: number, name: string): number | undefined {
  return index.childrenOf(parent).find((id) => index.nameOf(id) === name)
}

/**
 * Reads the topic index for $SYS statistics: Mosquitto's (and the embedded broker's)
 * `$SYS/broker/…`, or EMQX's `$SYS/brokers/<node>/stats|metrics/…`. Undefined when the broker
 * has published none (yet).
 */
export function planBrokerStats(index: TopicIndex): BrokerStatsPlan | undefined {
  const sys = childNamed(index, 0, '$SYS')
  if (sys === undefined) return undefined
  const emqx = childNamed(index, sys, 'brokers')
  const node = emqx === undefined ? undefined : index.childrenOf(emqx)[0]
  if (node !== undefined) {
    const base = `$SYS/brokers/${index.nameOf(node)}`
    return {
      naming: 'emqx',
      clients: [gauge(`${base}/stats/connections/count`)],
      messages: [
        counter(`${base}/metrics/messages/received`),
        counter(`${base}/metrics/messages/sent`),
      ],
      bytes: [counter(`${base}/metrics/bytes/received`), counter(`${base}/metrics/bytes/sent`)],
    }
  }
  if (childNamed(index, sys, 'broker') === undefined) return undefined
  return {
    naming: 'mosquitto',
    clients: [gauge('$SYS/broker/clients/connected')],
    messages: [counter('$SYS/broker/messages/received'), counter('$SYS/broker/messages/sent')],
    bytes: [counter('$SYS/broker/bytes/received'), counter('$SYS/broker/bytes/sent')],
  }
}
