import { afterEach, beforeEach } from 'vitest'
import { coded } from '../lib/coded'
import { Channel } from '../mqtt/channel'
import { useAppStore, type Connection } from '../store/appStore'
import { attachChannel } from '../store/bridge'
import { resetPerConnection } from '../store/perConnection'
import type { ArgsOf, ConnEvent, ConnMethod, ReplyOf, ToHost } from '../wire/channel'
import type { StatusMessage } from '../wire/mqtt'

/** One recorded call or cast: its method (a cast's type), connection and arguments. */
export type HostCall = { method: string; conn: string } & Record<string, unknown>

type Answer<M extends ConnMethod> = (args: ArgsOf<M>, conn: string) => ReplyOf<M> | undefined

/**
 * The worker's side of the channel, faked for component and store tests: it records every call
 * and cast, answers calls (by default as a broker that grants and acknowledges everything;
 * `answer` changes one method's answer, `undefined` leaves the call waiting), and plays events
 * and statuses. The app's one Channel sits in front of it, as it sits in front of the worker.
 */
export class FakeHost {
  readonly channel: Channel
  readonly calls: HostCall[] = []
  /** Calls that have not been answered, by call id (cancelled ones reply on cancel). */
  readonly waiting = new Map<number, { method: ConnMethod; conn: string }>()
  readonly #answers = new Map<ConnMethod, Answer<ConnMethod>>()
  /** What `fetchPayload` answers, per topic id (default: no bytes). */
  readonly payloads = new Map<number, { payload: Uint8Array; size: number }>()

  constructor() {
    this.channel = new Channel((message) => this.#handle(message))
    this.answer('fetchPayload', ({ topicId }) => this.payloads.get(topicId) ?? EMPTY_PAYLOAD)
  }

  /** Changes how `method` is answered; an answer of undefined leaves the call waiting. */
  answer<M extends ConnMethod>(method: M, fn: Answer<M>): void {
    this.#answers.set(method, fn as unknown as Answer<ConnMethod>)
  }

  /** The recorded calls and casts of one method, in order. */
  callsOf(method: string): HostCall[] {
    return this.calls.filter((c) => c.method === method)
  }

  /** Answers a waiting call now. */
  reply(id: number, value: unknown): void {
    this.waiting.delete(id)
    this.channel.receive({ kind: 'reply', id, value })
  }

  /** The id of the newest waiting call of `method` (to answer it or follow its progress). */
  idOf(method: ConnMethod): number {
    const ids = [...this.waiting].filter(([, c]) => c.method === method).map(([id]) => id)
    const id = ids.at(-1)
    if (id === undefined) throw new Error(`No waiting ${method} call.`)
    return id
  }

  /** Sends a progress value of a waiting call. */
  progress(id: number, value: unknown): void {
    this.channel.receive({ kind: 'progress', id, value })
  }

  /** Plays an event of connection `conn` (default: the first). */
  emit(event: ConnEvent, conn = 'c1'): void {
    this.channel.receive({ kind: 'event', conn, event })
  }

  /** Plays a status of connection `conn`. */
  status(status: Omit<StatusMessage, 'type'>, conn = 'c1'): void {
    this.emit({ type: 'status', ...status }, conn)
  }

  #handle(message: ToHost): void {
    switch (message.kind) {
      case 'call': {
        const { id, conn, method, args } = message
        this.calls.push({ method, conn, ...(args as object) })
        const fn = this.#answers.get(method) ?? DEFAULTS[method]
        const value = fn ? fn(args, conn) : undefined
        if (value === undefined) this.waiting.set(id, { method, conn })
        else queueMicrotask(() => this.channel.receive({ kind: 'reply', id, value }))
        return
      }
      case 'cancel': {
        // The test plays the host: it answers a cancelled call itself (reply / progress).
        const call = this.waiting.get(message.id)
        this.calls.push({ method: 'cancel', conn: call?.conn ?? '', id: message.id })
        return
      }
      case 'cast':
        this.calls.push({ method: message.command.type, conn: message.conn, ...message.command })
        return
      case 'credit':
      case 'close':
        this.calls.push({ method: message.kind, conn: 'conn' in message ? message.conn : '' })
        return
    }
  }
}

const EMPTY_PAYLOAD = { payload: new Uint8Array(0), size: 0 }

const DEFAULTS: Partial<Record<ConnMethod, Answer<ConnMethod>>> = {
  subscribe: ((args: ArgsOf<'subscribe'>) => ({
    ok: true,
    grantedQos: args.qos,
  })) as Answer<ConnMethod>,
  unsubscribe: () => ({ ok: true }),
  publish: ((args: ArgsOf<'publish'>) => ({
    ok: true,
    qos: args.message.qos,
    reasonCode: 0,
  })) as Answer<ConnMethod>,
  request: ((args: ArgsOf<'request'>) => ({
    ok: true,
    qos: args.message.qos,
    reasonCode: 0,
  })) as Answer<ConnMethod>,
  testWill: () => ({
    ok: true,
    reason: coded('will.testedClose', { topic: 'will', seconds: 0 }),
    willDelaySeconds: 0,
  }),
  exportSeries: () => ({
    ts: new Float64Array(0),
    values: new Float64Array(0),
  }),
  retainedScan: () => ({ ok: true, messages: [], bytes: 0 }),
  retainedClear: ((args: ArgsOf<'retainedClear'>) => ({
    succeeded: args.topics.length,
    failed: 0,
    failedTopics: [],
  })) as Answer<ConnMethod>,
  retainedRestore: ((args: ArgsOf<'retainedRestore'>) => ({
    succeeded: args.messages.length,
    failed: 0,
    failedTopics: [],
  })) as Answer<ConnMethod>,
}

const initialApp = useAppStore.getState()

/**
 * The usual store-test setup: before each test the stores start from nothing and a new FakeHost
 * is wired in (after `reset`, for other stores to reset too); after each test it is unwired.
 * Returns a getter for the current test's host.
 */
export function withFakeHost(reset?: () => void): () => FakeHost {
  let host = new FakeHost()
  let unwire: (() => void) | undefined
  beforeEach(() => {
    useAppStore.setState(initialApp, true)
    resetPerConnection()
    reset?.()
    host = new FakeHost()
    unwire = attachChannel(host.channel)
  })
  afterEach(() => unwire?.())
  return () => host
}

/** Changes the shown connection's record (a test's shortcut for "it is connected", …). */
export function patchShown(patch: Partial<Connection>): void {
  useAppStore.setState((s) => ({
    connections: { ...s.connections, [s.shownId]: { ...s.connections[s.shownId]!, ...patch } },
  }))
}
