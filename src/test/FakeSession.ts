import type { ConnectOptions, FromWorker, QoS, SubscribeResult } from '../mqtt/protocol'
import type { MqttSession, SessionListener } from '../mqtt/session'

/** One recorded call on the fake session. */
export type SessionCall =
  | { method: 'connect'; options: ConnectOptions }
  | { method: 'disconnect' }
  | { method: 'subscribe'; filter: string; qos: QoS }
  | { method: 'unsubscribe'; filter: string }
  | { method: 'select'; topicId: number | undefined }
  | { method: 'credit'; seq: number }

/**
 * A session that records every call and talks to no broker. Subscriptions are granted at the
 * requested QoS unless `subscribeResult` says otherwise; `emit` plays a message from the worker.
 */
export class FakeSession implements MqttSession {
  readonly calls: SessionCall[] = []
  readonly listeners = new Set<SessionListener>()
  subscribeResult: ((filter: string, qos: QoS) => SubscribeResult) | undefined
  disposed = false

  /** The calls of one method, in order. */
  callsOf<M extends SessionCall['method']>(method: M): Extract<SessionCall, { method: M }>[] {
    return this.calls.filter((c): c is Extract<SessionCall, { method: M }> => c.method === method)
  }

  connect(options: ConnectOptions): void {
    this.calls.push({ method: 'connect', options })
  }

  disconnect(): void {
    this.calls.push({ method: 'disconnect' })
  }

  subscribe(filter: string, qos: QoS): Promise<SubscribeResult> {
    this.calls.push({ method: 'subscribe', filter, qos })
    return Promise.resolve(this.subscribeResult?.(filter, qos) ?? { ok: true, grantedQos: qos })
  }

  unsubscribe(filter: string): Promise<void> {
    this.calls.push({ method: 'unsubscribe', filter })
    return Promise.resolve()
  }

  select(topicId: number | undefined): void {
    this.calls.push({ method: 'select', topicId })
  }

  credit(seq: number): void {
    this.calls.push({ method: 'credit', seq })
  }

  listen(listener: SessionListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Delivers `message` to the listeners, as the worker would. */
  emit(message: FromWorker): void {
    for (const listener of [...this.listeners]) listener(message)
  }

  dispose(): void {
    this.disposed = true
    this.listeners.clear()
  }
}
