import * as v from 'valibot'
import { validateTopicFilter } from '../../engine/topicFilter'
import { qos, record } from '../../lib/persistSchema'
import type { QoS } from '../../wire/mqtt'

/** A subscription as it is saved (with an open tab or a profile): what to ask the broker for. */
export interface SavedSubscription {
  filter: string
  qos: QoS
}

/** A valid MQTT topic filter and its QoS; anything else is a damaged entry. */
export const savedSubscriptionSchema: v.GenericSchema<unknown, SavedSubscription> = record({
  filter: v.pipe(
    v.string(),
    v.check((f) => validateTopicFilter(f) === undefined),
  ),
  qos: qos(),
})

/** Keeps the first subscription of each filter (the app never holds two of one filter). */
export function uniqueFilters<S extends { filter: string }>(
  list: S[],
  onDuplicate: () => void,
): S[] {
  const seen = new Set<string>()
  return list.filter((s) => {
    if (seen.has(s.filter)) {
      onDuplicate()
      return false
    }
    seen.add(s.filter)
    return true
  })
}
