import * as v from 'valibot'
import { validateTopicFilter } from '../../engine/topicFilter'
import { onlyTrue, orAbsent, qos, record } from '../../lib/persistSchema'
import { SUBSCRIPTION_ID_MAX, type QoS, type SubscribeV5 } from '../../wire/mqtt'

/** A subscription as it is saved (with an open tab or a profile): what to ask the broker for. */
export interface SavedSubscription {
  filter: string
  qos: QoS
  /** MQTT 5 options, absent at their defaults (and in what was saved before they existed). */
  v5?: SubscribeV5
}

/** Saved MQTT 5 options: a damaged option is left out (its default), not the subscription. */
const v5Schema: v.GenericSchema<unknown, SubscribeV5 | undefined> = v.pipe(
  record({
    noLocal: onlyTrue(),
    retainHandling: orAbsent(v.picklist([1, 2])),
    id: orAbsent(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(SUBSCRIPTION_ID_MAX))),
  }),
  v.transform(({ noLocal, ...rest }) => tidyV5({ ...rest, ...(noLocal ? { noLocal } : {}) })),
)

/** MQTT 5 options with their defaults left out; undefined when all are defaults. */
export function tidyV5(v5: SubscribeV5 | undefined): SubscribeV5 | undefined {
  if (!v5) return undefined
  const out: SubscribeV5 = {}
  if (v5.noLocal) out.noLocal = true
  if (v5.retainHandling) out.retainHandling = v5.retainHandling
  if (v5.id !== undefined) out.id = v5.id
  return Object.keys(out).length > 0 ? out : undefined
}

/** A valid MQTT topic filter and its QoS; anything else is a damaged entry. */
export const savedSubscriptionSchema: v.GenericSchema<unknown, SavedSubscription> = v.pipe(
  record({
    filter: v.pipe(
      v.string(),
      v.check((f) => validateTopicFilter(f) === undefined),
    ),
    qos: qos(),
    v5: orAbsent(v5Schema),
  }),
  v.transform(({ filter, qos, v5 }) => savedSubscription({ filter, qos, v5 })),
)

/** A subscription from data made elsewhere (an import), or undefined when it is not one. */
export function parseSavedSubscription(x: unknown): SavedSubscription | undefined {
  const r = v.safeParse(savedSubscriptionSchema, x)
  return r.success ? r.output : undefined
}

/** What of a subscription is saved: its filter, QoS and MQTT 5 options (when not defaults). */
export function savedSubscription(s: {
  filter: string
  qos: QoS
  v5?: SubscribeV5 | undefined
}): SavedSubscription {
  return s.v5 ? { filter: s.filter, qos: s.qos, v5: s.v5 } : { filter: s.filter, qos: s.qos }
}

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
