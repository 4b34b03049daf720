/** A connection's subscriptions: added, sent when it is connected, refused, removed. By id. */
import { validateTopicFilter } from '../engine/topicFilter'
import { coded, type Coded } from '../lib/coded'
import type { QoS } from '../wire/mqtt'
import { connectionOf, patchConnection } from './appStore'
import type { Subscription } from './connection'
import { channel } from './sessions'

function patchSub(id: string, filter: string, patch: Partial<Subscription>): void {
  patchConnection(id, (c) => ({
    subscriptions: c.subscriptions.map((sub) =>
      sub.filter === filter ? { ...sub, ...patch } : sub,
    ),
  }))
}

function send(id: string, filter: string, qos: QoS): void {
  patchSub(id, filter, { state: 'pending' })
  channel()
    .call(id, 'subscribe', { filter, qos })
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
  for (const sub of connectionOf(id)?.subscriptions ?? [])
    if (sub.state === 'idle') send(id, sub.filter, sub.qos)
}

/** Adds (and when connected, sends) a subscription of connection `id`; returns why not, if not. */
export function subscribe(id: string, rawFilter: string, qos: QoS): Coded | undefined {
  const conn = connectionOf(id)
  if (!conn) return undefined
  const filter = rawFilter.trim()
  const problem = validateTopicFilter(filter)
  if (problem) return problem
  const existing = conn.subscriptions.find((s) => s.filter === filter)
  if (existing && existing.qos === qos && existing.state !== 'failed')
    return coded('subscribe.already', { filter })
  const sub: Subscription = { filter, qos, state: 'idle' }
  patchConnection(id, (c) => ({
    subscriptions: existing
      ? c.subscriptions.map((x) => (x.filter === filter ? sub : x))
      : [...c.subscriptions, sub],
  }))
  if (conn.status.state === 'connected') send(id, filter, qos)
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
export function setSubscribeDraft(id: string, patch: Partial<{ filter: string; qos: QoS }>): void {
  patchConnection(id, (c) => ({ subscribeDraft: { ...c.subscribeDraft, ...patch } }))
}
