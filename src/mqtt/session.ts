import type { ConnectOptions, FromWorker, QoS, SubscribeResult, ToWorker } from './protocol'

/** Receives every status, frame and result the session sends. */
export type SessionListener = (message: FromWorker) => void

/**
 * The UI's handle on an MQTT session, whichever thread it runs on. `WorkerSession` runs it in a
 * module worker (the app); `InlineSession` runs the same core in-thread (tests).
 */
export interface MqttSession {
  connect(options: ConnectOptions): void
  disconnect(): void
  subscribe(filter: string, qos: QoS): Promise<SubscribeResult>
  unsubscribe(filter: string): Promise<void>
  select(topicId: number | undefined): void
  /** Returns the credit for frame `seq` once it was applied and painted. */
  credit(seq: number): void
  /** Adds a listener; returns its removal. */
  listen(listener: SessionListener): () => void
  dispose(): void
}

/**
 * The shared half of both implementations: request ids, pending promises and listeners. A
 * subclass supplies only `send`.
 */
export abstract class SessionBase implements MqttSession {
  #listeners = new Set<SessionListener>()
  #nextReq = 1
  #pendingSubs = new Map<number, (r: SubscribeResult) => void>()
  #pendingUnsubs = new Map<number, (error: string | undefined) => void>()

  protected abstract send(message: ToWorker): void

  /** Routes one message from the core to its promise or to the listeners. */
  protected receive(message: FromWorker): void {
    switch (message.type) {
      case 'subscribed':
        this.#pendingSubs.get(message.reqId)?.(message.result)
        this.#pendingSubs.delete(message.reqId)
        return
      case 'unsubscribed':
        this.#pendingUnsubs.get(message.reqId)?.(message.error)
        this.#pendingUnsubs.delete(message.reqId)
        return
      case 'status':
      case 'frame':
        for (const listener of this.#listeners) listener(message)
        return
    }
  }

  connect(options: ConnectOptions): void {
    this.send({ type: 'connect', options })
  }

  disconnect(): void {
    this.send({ type: 'disconnect' })
  }

  subscribe(filter: string, qos: QoS): Promise<SubscribeResult> {
    const reqId = this.#nextReq++
    return new Promise((resolve) => {
      this.#pendingSubs.set(reqId, resolve)
      this.send({ type: 'subscribe', reqId, filter, qos })
    })
  }

  unsubscribe(filter: string): Promise<void> {
    const reqId = this.#nextReq++
    return new Promise((resolve, reject) => {
      this.#pendingUnsubs.set(reqId, (error) => (error ? reject(new Error(error)) : resolve()))
      this.send({ type: 'unsubscribe', reqId, filter })
    })
  }

  select(topicId: number | undefined): void {
    this.send({ type: 'select', topicId })
  }

  credit(seq: number): void {
    this.send({ type: 'credit', seq })
  }

  listen(listener: SessionListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  dispose(): void {
    this.#listeners.clear()
  }
}
