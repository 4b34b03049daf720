import type {
  ChartView,
  ConnectOptions,
  FromWorker,
  QoS,
  RecordChunk,
  SubscribeResult,
  ToWorker,
  WorkerEvent,
  WorkerRequest,
} from './protocol'

// Publish
import type { PublishDraft } from './publishDraft'
import type { PublishFromWorker, PublishMessage, PublishResult } from './protocol'
// Retained messages
import type { RetainedFromWorker, RetainedMessage } from './retainedProtocol'
import { RetainedRequests, type RetainedProgressFn, type RetainedSession } from './retainedRequests'

/** Publish events that are not answers to one call: replies, timeouts, repeat progress. */
export type PublishEvent = Exclude<PublishFromWorker, { type: 'published' | 'willTested' }>
export type PublishListener = (event: PublishEvent) => void
/** The answer to a Last Will test. */
export interface WillTestResult {
  ok: boolean
  reason: string
  willDelaySeconds: number
}

/**
 * Receives every status and frame the session sends. Answers to one call (exports) resolve that
 * call's promise and publish events go to PublishListeners, so neither reaches a SessionListener.
 */
export type SessionListener = (
  message: Exclude<
    FromWorker,
    | PublishFromWorker
    | RetainedFromWorker
    | { type: 'seriesExport' }
    | { type: 'payloadBytes' }
    | { type: 'recordChunk' }
  >,
) => void

/** Receives the chunks of a recording, the last one with `final` set. */
export type RecordListener = (chunk: RecordChunk) => void

/**
 * The UI's handle on an MQTT session, whichever thread it runs on. `WorkerSession` runs it in a
 * module worker (the app); `InlineSession` runs the same core in-thread (tests).
 */
export interface MqttSession extends RetainedSession {
  connect(options: ConnectOptions): void
  disconnect(): void
  subscribe(filter: string, qos: QoS): Promise<SubscribeResult>
  unsubscribe(filter: string): Promise<void>
  select(topicId: number | undefined): void
  /** Tells the worker which charts are on screen (replaces the previous set). */
  setCharts(views: ChartView[]): void
  /** Every point of a series' ring, for export. */
  exportSeries(key: string): Promise<{ ts: Float64Array; values: Float64Array }>
  /**
   * All the bytes the worker kept of a topic's last payload (whole if it arrived while the topic
   * was selected) and its real size.
   */
  fetchPayload(topicId: number): Promise<{ payload: Uint8Array; size: number }>
  /**
   * Starts "Record": every arriving message, whole, reaches `listener` as NDJSON chunks until
   * `stopRecording` (whose final chunk has `final` set). One recording per connection.
   */
  startRecording(listener: RecordListener): void
  stopRecording(): void
  /** Returns the credit for frame `seq` once it was applied and painted. */
  credit(seq: number): void
  /** Adds a listener; returns its removal. */
  listen(listener: SessionListener): () => void
  dispose(): void
  // Publish
  /** Publishes one message; resolves with the broker's answer (or why it was not sent). */
  publish(message: PublishMessage): Promise<PublishResult>
  /** Publishes a request; the reply or its timeout arrives as a PublishEvent with the same id. */
  request(
    message: PublishMessage,
    timeoutMs: number,
  ): { id: number; result: Promise<PublishResult> }
  /** Starts a repeat in the worker; progress arrives as PublishEvents. Returns its id. */
  startRepeat(
    draft: PublishDraft,
    intervalMs: number,
    count: number | null,
    counterStart: number,
  ): number
  stopRepeat(repeatId: number): void
  /** Ends the connection without a normal DISCONNECT so that the broker publishes the Will. */
  testWill(): Promise<WillTestResult>
  /** Adds a publish event listener; returns its removal. */
  listenPublish(listener: PublishListener): () => void
}

/**
 * The shared half of both implementations: request ids, pending promises and listeners. A
 * subclass supplies only `send`.
 */
export abstract class SessionBase implements MqttSession {
  #listeners = new Set<SessionListener>()
  #nextReq = 1
  readonly #retained = new RetainedRequests(
    (message) => this.send(message),
    () => this.#nextReq++,
  )
  #pendingSubs = new Map<number, (r: SubscribeResult) => void>()
  #pendingUnsubs = new Map<number, (error: string | undefined) => void>()
  // Publish
  #publishListeners = new Set<PublishListener>()
  #pendingPublishes = new Map<number, (r: PublishResult) => void>()
  #pendingWillTests = new Map<number, (r: WillTestResult) => void>()
  #pendingExports = new Map<number, (data: { ts: Float64Array; values: Float64Array }) => void>()
  #pendingPayloads = new Map<number, (data: { payload: Uint8Array; size: number }) => void>()
  #recordListener: RecordListener | undefined

  protected abstract send(message: ToWorker): void
  /** Returns the credit of frame `seq` to wherever frames come from. */
  protected abstract sendCredit(seq: number): void

  /** Routes one message from the core to its promise or to the listeners. */
  protected receive(message: FromWorker): void {
    switch (message.type) {
      // Publish
      case 'published':
        this.#pendingPublishes.get(message.reqId)?.(message.result)
        this.#pendingPublishes.delete(message.reqId)
        return
      case 'willTested':
        this.#pendingWillTests.get(message.reqId)?.({
          ok: message.ok,
          reason: message.reason,
          willDelaySeconds: message.willDelaySeconds,
        })
        this.#pendingWillTests.delete(message.reqId)
        return
      case 'requestReply':
      case 'requestTimeout':
      case 'repeatProgress':
        for (const listener of this.#publishListeners) listener(message)
        return
      case 'subscribed':
        this.#pendingSubs.get(message.reqId)?.(message.result)
        this.#pendingSubs.delete(message.reqId)
        return
      case 'unsubscribed':
        this.#pendingUnsubs.get(message.reqId)?.(message.error)
        this.#pendingUnsubs.delete(message.reqId)
        return
      case 'payloadBytes':
        this.#pendingPayloads.get(message.reqId)?.({
          payload: message.payload,
          size: message.size,
        })
        this.#pendingPayloads.delete(message.reqId)
        return
      case 'retainedProgress':
      case 'retainedScanned':
      case 'retainedPublished':
        this.#retained.receive(message)
        return
      case 'seriesExport':
        this.#pendingExports.get(message.reqId)?.({ ts: message.ts, values: message.values })
        this.#pendingExports.delete(message.reqId)
        return
      case 'recordChunk': {
        const listener = this.#recordListener
        if (message.chunk.final) this.#recordListener = undefined
        listener?.(message.chunk)
        return
      }
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

  setCharts(views: ChartView[]): void {
    this.send({ type: 'charts', views })
  }

  // Retained messages
  scanRetained(filter: string, onProgress?: RetainedProgressFn) {
    return this.#retained.scanRetained(filter, onProgress)
  }

  clearRetained(topics: string[], onProgress?: RetainedProgressFn) {
    return this.#retained.clearRetained(topics, onProgress)
  }

  restoreRetained(messages: RetainedMessage[], onProgress?: RetainedProgressFn) {
    return this.#retained.restoreRetained(messages, onProgress)
  }

  fetchPayload(topicId: number): Promise<{ payload: Uint8Array; size: number }> {
    const reqId = this.#nextReq++
    return new Promise((resolve) => {
      this.#pendingPayloads.set(reqId, resolve)
      this.send({ type: 'fetchPayload', reqId, topicId })
    })
  }

  exportSeries(key: string): Promise<{ ts: Float64Array; values: Float64Array }> {
    const reqId = this.#nextReq++
    return new Promise((resolve) => {
      this.#pendingExports.set(reqId, resolve)
      this.send({ type: 'exportSeries', reqId, key })
    })
  }

  startRecording(listener: RecordListener): void {
    this.#recordListener = listener
    this.send({ type: 'record', on: true })
  }

  stopRecording(): void {
    this.send({ type: 'record', on: false })
  }

  credit(seq: number): void {
    this.sendCredit(seq)
  }

  listen(listener: SessionListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  dispose(): void {
    this.#retained.cancelAll()
    this.#listeners.clear()
    this.#publishListeners.clear()
  }

  // Publish
  publish(message: PublishMessage): Promise<PublishResult> {
    const reqId = this.#nextReq++
    return new Promise((resolve) => {
      this.#pendingPublishes.set(reqId, resolve)
      this.send({ type: 'publish', reqId, message })
    })
  }

  request(
    message: PublishMessage,
    timeoutMs: number,
  ): { id: number; result: Promise<PublishResult> } {
    const reqId = this.#nextReq++
    const result = new Promise<PublishResult>((resolve) => {
      this.#pendingPublishes.set(reqId, resolve)
      this.send({ type: 'request', reqId, message, timeoutMs })
    })
    return { id: reqId, result }
  }

  startRepeat(
    draft: PublishDraft,
    intervalMs: number,
    count: number | null,
    counterStart: number,
  ): number {
    const repeatId = this.#nextReq++
    this.send({ type: 'repeatStart', repeatId, draft, intervalMs, count, counterStart })
    return repeatId
  }

  stopRepeat(repeatId: number): void {
    this.send({ type: 'repeatStop', repeatId })
  }

  testWill(): Promise<WillTestResult> {
    const reqId = this.#nextReq++
    return new Promise((resolve) => {
      this.#pendingWillTests.set(reqId, resolve)
      this.send({ type: 'testWill', reqId })
    })
  }

  listenPublish(listener: PublishListener): () => void {
    this.#publishListeners.add(listener)
    return () => this.#publishListeners.delete(listener)
  }
}

/**
 * The UI's side of the session host: one channel to the worker (or an in-thread host) carrying
 * any number of connections. `connection(id)` gives each connection its own MqttSession; frames
 * arrive as one HubFrame whose parts are handed to their connections, and one credit returns it.
 */
export class SessionHub {
  readonly #post: (request: WorkerRequest) => void
  readonly #connections = new Map<string, HubConnection>()

  constructor(post: (request: WorkerRequest) => void) {
    this.#post = post
  }

  /** The session of connection `connId`, created on first use. */
  connection(connId: string): MqttSession {
    let conn = this.#connections.get(connId)
    if (!conn) {
      conn = new HubConnection(this, connId)
      this.#connections.set(connId, conn)
    }
    return conn
  }

  /** Registers a connection object made outside `connection()` (InlineSession). */
  protected adopt(conn: HubConnection): void {
    this.#connections.set(conn.connId, conn)
  }

  /** Ends a connection in the worker and forgets its session. */
  close(connId: string): void {
    const conn = this.#connections.get(connId)
    this.#connections.delete(connId)
    conn?.forget()
    this.#post({ type: 'close', connId })
  }

  /** @internal */
  send(request: WorkerRequest): void {
    this.#post(request)
  }

  /** Routes one event from the worker. */
  receive(event: WorkerEvent): void {
    switch (event.type) {
      case 'conn':
        this.#connections.get(event.connId)?.deliver(event.message)
        return
      case 'frames': {
        const { seq, parts } = event.frame
        let delivered = false
        for (const part of parts) {
          const conn = part.connId === undefined ? undefined : this.#connections.get(part.connId)
          if (!conn) continue
          // Every part carries the hub frame's seq: whichever connection returns it first frees
          // the next frame (the parts are applied in this one task, before any paint).
          conn.deliver({ type: 'frame', frame: { ...part, seq } })
          delivered = true
        }
        // Parts for connections closed meanwhile must not hold the credit forever.
        if (!delivered) this.#post({ type: 'credit', seq })
        return
      }
    }
  }

  /** Ends every connection's session. */
  dispose(): void {
    for (const connId of [...this.#connections.keys()]) this.close(connId)
  }
}

/** One connection's session on a hub. */
export class HubConnection extends SessionBase {
  readonly connId: string
  readonly #hub: SessionHub
  #forgotten = false

  constructor(hub: SessionHub, connId: string) {
    super()
    this.#hub = hub
    this.connId = connId
  }

  protected send(message: ToWorker): void {
    if (!this.#forgotten) this.#hub.send({ type: 'conn', connId: this.connId, message })
  }

  protected sendCredit(seq: number): void {
    this.#hub.send({ type: 'credit', seq })
  }

  /** @internal Hands a message from the worker to this connection. */
  deliver(message: FromWorker): void {
    this.receive(message)
  }

  /** @internal The hub closed this connection. */
  forget(): void {
    this.#forgotten = true
    super.dispose()
  }

  override dispose(): void {
    this.#hub.close(this.connId)
  }
}
