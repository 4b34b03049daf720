import type { ConnectOptions, QoS, SubscribeResult } from '../wire/mqtt'
import type { ChartView } from '../wire/frame'
import type { MqttSession, RecordListener, SessionListener } from '../mqtt/session'
// Publish
import type { PublishDraft } from '../mqtt/publishDraft'
import type { PublishMessage, PublishResult } from '../wire/mqtt'
import type { PublishEvent, PublishListener, WillTestResult } from '../mqtt/session'
// Retained messages
import type { RetainedBatchResult, RetainedMessage, RetainedScanResult } from '../wire/retained'
import type { RetainedProgressFn } from '../mqtt/retainedRequests'

/** One recorded call on the fake session. */
export type SessionCall =
  | { method: 'connect'; options: ConnectOptions }
  | { method: 'disconnect' }
  | { method: 'subscribe'; filter: string; qos: QoS }
  | { method: 'unsubscribe'; filter: string }
  | { method: 'select'; topicId: number | undefined }
  | { method: 'credit'; seq: number }
  // Publish
  | { method: 'publish'; message: PublishMessage }
  | { method: 'request'; message: PublishMessage; timeoutMs: number }
  | {
      method: 'startRepeat'
      draft: PublishDraft
      intervalMs: number
      count: number | null
      counterStart: number
    }
  | { method: 'stopRepeat'; repeatId: number }
  | { method: 'testWill' }
  | { method: 'setCharts'; views: ChartView[] }
  | { method: 'exportSeries'; key: string }
  | { method: 'fetchPayload'; topicId: number }
  | { method: 'scanRetained'; filter: string }
  | { method: 'clearRetained'; topics: string[] }
  | { method: 'restoreRetained'; messages: RetainedMessage[] }
  | { method: 'startRecording' }
  | { method: 'stopRecording' }

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

  setCharts(views: ChartView[]): void {
    this.calls.push({ method: 'setCharts', views })
  }

  exportSeries(key: string): Promise<{ ts: Float64Array; values: Float64Array }> {
    this.calls.push({ method: 'exportSeries', key })
    return Promise.resolve({ ts: new Float64Array(0), values: new Float64Array(0) })
  }

  /** What `fetchPayload` answers, per topic id (default: no bytes). */
  payloads = new Map<number, { payload: Uint8Array; size: number }>()

  fetchPayload(topicId: number): Promise<{ payload: Uint8Array; size: number }> {
    this.calls.push({ method: 'fetchPayload', topicId })
    return Promise.resolve(this.payloads.get(topicId) ?? { payload: new Uint8Array(0), size: 0 })
  }

  /** The listener of the recording in progress; a test plays chunks into it. */
  recordListener: RecordListener | undefined

  startRecording(listener: RecordListener): void {
    this.calls.push({ method: 'startRecording' })
    this.recordListener = listener
  }

  stopRecording(): void {
    this.calls.push({ method: 'stopRecording' })
  }

  credit(seq: number): void {
    this.calls.push({ method: 'credit', seq })
  }

  listen(listener: SessionListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Delivers `message` to the listeners, as the worker would. */
  emit(message: Parameters<SessionListener>[0]): void {
    for (const listener of [...this.listeners]) listener(message)
  }

  dispose(): void {
    this.disposed = true
    this.listeners.clear()
    this.publishListeners.clear()
  }

  // Publish
  readonly publishListeners = new Set<PublishListener>()
  /** The broker's answer to each publish; "acknowledged" at the message's QoS by default. */
  publishResult: ((message: PublishMessage) => PublishResult) | undefined
  willTestResult: WillTestResult = { ok: true, reason: 'Last Will test', willDelaySeconds: 0 }
  #nextId = 1

  publish(message: PublishMessage): Promise<PublishResult> {
    this.calls.push({ method: 'publish', message })
    return Promise.resolve(this.#answer(message))
  }

  request(
    message: PublishMessage,
    timeoutMs: number,
  ): { id: number; result: Promise<PublishResult> } {
    this.calls.push({ method: 'request', message, timeoutMs })
    return { id: this.#nextId++, result: Promise.resolve(this.#answer(message)) }
  }

  startRepeat(
    draft: PublishDraft,
    intervalMs: number,
    count: number | null,
    counterStart: number,
  ): number {
    this.calls.push({ method: 'startRepeat', draft, intervalMs, count, counterStart })
    return this.#nextId++
  }

  stopRepeat(repeatId: number): void {
    this.calls.push({ method: 'stopRepeat', repeatId })
  }

  testWill(): Promise<WillTestResult> {
    this.calls.push({ method: 'testWill' })
    return Promise.resolve(this.willTestResult)
  }

  listenPublish(listener: PublishListener): () => void {
    this.publishListeners.add(listener)
    return () => this.publishListeners.delete(listener)
  }

  // Retained messages
  /** What a scan finds (default: nothing). */
  retainedScanResult: (filter: string) => RetainedScanResult = () => ({
    ok: true,
    messages: [],
    bytes: 0,
  })
  /** How a clear or undo goes (default: every topic succeeds). */
  retainedBatchResult: (topics: string[]) => RetainedBatchResult = (topics) => ({
    succeeded: topics.length,
    failed: 0,
    failedTopics: [],
  })

  scanRetained(filter: string, onProgress?: RetainedProgressFn): Promise<RetainedScanResult> {
    this.calls.push({ method: 'scanRetained', filter })
    const result = this.retainedScanResult(filter)
    if (result.ok)
      onProgress?.({ phase: 'scan', done: result.messages.length, total: 0, bytes: result.bytes })
    return Promise.resolve(result)
  }

  clearRetained(topics: string[], onProgress?: RetainedProgressFn): Promise<RetainedBatchResult> {
    this.calls.push({ method: 'clearRetained', topics })
    onProgress?.({ phase: 'clear', done: topics.length, total: topics.length, bytes: 0 })
    return Promise.resolve(this.retainedBatchResult(topics))
  }

  restoreRetained(
    messages: RetainedMessage[],
    onProgress?: RetainedProgressFn,
  ): Promise<RetainedBatchResult> {
    this.calls.push({ method: 'restoreRetained', messages })
    const topics = messages.map((m) => m.topic)
    onProgress?.({ phase: 'restore', done: topics.length, total: topics.length, bytes: 0 })
    return Promise.resolve(this.retainedBatchResult(topics))
  }

  /** Delivers a publish event (reply, timeout, repeat progress), as the worker would. */
  emitPublish(event: PublishEvent): void {
    for (const listener of [...this.publishListeners]) listener(event)
  }

  #answer(message: PublishMessage): PublishResult {
    return (
      this.publishResult?.(message) ?? {
        ok: true,
        qos: message.qos,
        reasonCode: 0,
        reason: 'success',
      }
    )
  }
}
