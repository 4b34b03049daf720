/** A connection's subscriptions: added, sent when it is connected, refused, removed. By id. */
import { validateTopicFilter } from '../engine/topicFilter'
import { coded, type Coded } from '../lib/coded'
import { SUBSCRIPTION_ID_MAX, type QoS, type RetainHandling, type SubscribeV5 } from '../wire/mqtt'
import { connectionOf, patchConnection } from './appStore'
import type { SubscribeDraft, Subscription } from './connection'
import { tidyV5 } from './saved/subscriptions'
import { channel } from './sessions'

function patchSub(id: string, filter: string, patch: Partial<Subscription>): void {
  patchConnection(id, (c) => ({
    subscriptions: c.subscriptions.map((sub) =>
      sub.filter === filter ? { ...sub, ...patch } : sub,
    ),
  }))
}

function send(id: string, sub: Subscription): void {
  const { filter, qos, v5 } = sub
  patchSub(id, filter, { state: 'pending' })
  channel()
    .call(id, 'subscribe', v5 ? { filter, qos, v5 } : { filter, qos })
    .result.then((result) => {
      const conn = connectionOf(id)
      if (!conn) return
      if (!conn.subscriptions.some((s) => s.filter === filter)) {
        // Removed while its SUBACK was on the way: undo it at the broker too, or its messages
        // would keep arriving for a filter the user no longer sees.
        if (result.ok && conn.status.state === 'connected')
          void channel()
            .call(id, 'unsubscribe', { filter })
            .result.catch(() => undefined)
        return
      }
      if (result.ok)
        patchSub(id, filter, { state: 'active', grantedQos: result.grantedQos, reason: undefined })
      else patchSub(id, filter, { state: 'failed', reason: result.reason })
    })
    // The connection was closed before the broker answered: nothing left to update.
    .catch(() => undefined)
}

/** Sends connection `id`'s subscriptions that wait for a connection. */
export function sendIdleSubscriptions(id: string): void {
  for (const sub of connectionOf(id)?.subscriptions ?? []) if (sub.state === 'idle') send(id, sub)
}

const sameV5 = (a: SubscribeV5 | undefined, b: SubscribeV5 | undefined) =>
  a?.noLocal === b?.noLocal && a?.retainHandling === b?.retainHandling && a?.id === b?.id

/** The subscribe form's MQTT 5 options, or why its identifier is not one. */
export function draftV5(draft: SubscribeDraft): { v5: SubscribeV5 | undefined } | Coded {
  const text = draft.id.trim()
  let id: number | undefined
  if (text !== '') {
    id = /^\d+$/.test(text) ? Number(text) : NaN
    if (!(id >= 1 && id <= SUBSCRIPTION_ID_MAX))
      return coded('subscribe.badId', { text, max: SUBSCRIPTION_ID_MAX })
  }
  const retainHandling: RetainHandling = draft.retainHandling
  return {
    v5: tidyV5({
      noLocal: draft.noLocal || undefined,
      retainHandling: retainHandling === 0 ? undefined : retainHandling,
      id,
    }),
  }
}

/** Adds (and when connected, sends) a subscription of connection `id`; returns why not, if not. */
export function subscribe(
  id: string,
  rawFilter: string,
  qos: QoS,
  options?: SubscribeV5,
): Coded | undefined {
  const conn = connectionOf(id)
  if (!conn) return undefined
  const filter = rawFilter.trim()
  const problem = validateTopicFilter(filter)
  if (problem) return problem
  const v5 = tidyV5(options)
  const { status } = conn
  if (
    v5?.id !== undefined &&
    status.state === 'connected' &&
    status.protocolLevel === 5 &&
    status.connack?.subscriptionIdentifiersAvailable === false
  )
    return coded('subscribe.noIds', { id: v5.id })
  const existing = conn.subscriptions.find((s) => s.filter === filter)
  if (existing && existing.qos === qos && sameV5(existing.v5, v5) && existing.state !== 'failed')
    return coded('subscribe.already', { filter })
  // A new SUBSCRIBE of a filter the broker holds replaces that subscription's options.
  const sub: Subscription = v5 ? { filter, qos, v5, state: 'idle' } : { filter, qos, state: 'idle' }
  patchConnection(id, (c) => ({
    subscriptions: existing
      ? c.subscriptions.map((x) => (x.filter === filter ? sub : x))
      : [...c.subscriptions, sub],
  }))
  if (status.state === 'connected') send(id, sub)
  return undefined
}

export function unsubscribe(id: string, filter: string): void {
  const conn = connectionOf(id)
  const sub = conn?.subscriptions.find((s) => s.filter === filter)
  patchConnection(id, (c) => ({
    subscriptions: c.subscriptions.filter((x) => x.filter !== filter),
  }))
  if (sub?.state === 'active' && conn?.status.state === 'connected')
    void channel()
      .call(id, 'unsubscribe', { filter })
      .result.catch(() => undefined)
}

/** The subscribe form's fields of connection `id`, as typed. */
export function setSubscribeDraft(id: string, patch: Partial<SubscribeDraft>): void {
  patchConnection(id, (c) => ({ subscribeDraft: { ...c.subscribeDraft, ...patch } }))
}
