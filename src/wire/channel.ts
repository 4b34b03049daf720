/**
 * The one channel across the worker boundary, as types. Four kinds of traffic:
 *
 * - **calls**: a request to one connection with ONE typed reply, optionally preceded by typed
 *   progress values, and cancellable (a repeat, a recording and a retained job are calls that run
 *   until they end or are cancelled);
 * - **casts**: commands with no reply (connect, select, the charts on screen);
 * - **events**: what a connection says unasked (its status, a request's reply or timeout);
 * - **frames**: the data plane, one at a time, paced by the UI's credit.
 *
 * `mqtt/channel.ts` implements the UI side once (one pending-call table); `mqtt/sessionHost.ts`
 * the worker side. Add a method to `ConnCalls` and the compiler shows both places to handle it.
 */
import type { Coded } from '../lib/coded'
import type { BrokerCheckArgs, BrokerCheckReply, BrokerCheckRunProgress } from './brokerCheck'
import type { ChartView, HubFrame } from './frame'
import type { ProtoSchemaSet } from './protobuf'
import type { ScriptSpec } from '../scripting/types'
import type {
  ResponderConfig,
  ResponderReport,
  ScriptDecodeReply,
  ScriptEncodeReply,
  ScriptPreviewItem,
  ScriptPreviewResult,
} from './scripts'
import type {
  ConnectOptions,
  PublishDraft,
  PublishMessage,
  PublishResult,
  QoS,
  RecordChunk,
  RepeatProgress,
  RequestReply,
  StatusMessage,
  SubscribeResult,
  SubscribeV5,
  WillTestResult,
} from './mqtt'
import type {
  RetainedBatchResult,
  RetainedMessage,
  RetainedProgress,
  RetainedScanResult,
} from './retained'

/** A call's arguments, its reply and (for long-running calls) its progress values. */
interface Call<Args, Reply, Progress = never> {
  args: Args
  reply: Reply
  progress: Progress
}

/** Calls to one connection, by method name. */
export interface ConnCalls {
  subscribe: Call<{ filter: string; qos: QoS; v5?: SubscribeV5 }, SubscribeResult>
  unsubscribe: Call<{ filter: string }, { ok: true } | { ok: false; reason: Coded }>
  /** One message; the reply is the broker's answer or why it was not sent. */
  publish: Call<{ message: PublishMessage }, PublishResult>
  /**
   * A request (response topic + correlation data): the reply is the publish's outcome; the
   * response or its timeout arrive later as events with this call's id.
   */
  request: Call<{ message: PublishMessage; timeoutMs: number }, PublishResult>
  /** Publishes `draft` every `intervalMs`, `count` times (null: until cancelled). */
  repeat: Call<
    { draft: PublishDraft; intervalMs: number; count: number | null; counterStart: number },
    RepeatProgress,
    RepeatProgress
  >
  /** Ends the connection without a normal DISCONNECT, so that the broker publishes the Will. */
  testWill: Call<Record<string, never>, WillTestResult>
  /** All the bytes the worker kept of a topic's last payload, and its real size. */
  fetchPayload: Call<{ topicId: number }, { payload: Uint8Array; size: number }>
  /** Every point of a series' ring, for CSV export. */
  exportSeries: Call<{ key: string }, { ts: Float64Array; values: Float64Array }>
  /** "Record": every arriving message as NDJSON chunks until cancelled; the reply is the last. */
  record: Call<Record<string, never>, RecordChunk, RecordChunk>
  /** Lists the retained messages under `filter` with a short-lived client of the worker's own. */
  retainedScan: Call<{ filter: string }, RetainedScanResult, RetainedProgress>
  /** Publishes an empty retained message (QoS 1) to each topic. */
  retainedClear: Call<{ topics: string[] }, RetainedBatchResult, RetainedProgress>
  /** Republishes a backup, retained, with each message's QoS, payload and properties. */
  retainedRestore: Call<{ messages: RetainedMessage[] }, RetainedBatchResult, RetainedProgress>
  /**
   * Broker check (#15): checks each target with short-lived clients of its own; the panel
   * addresses it to BROKER_CHECK_CONN, never to a user's connection.
   */
  brokerCheck: Call<BrokerCheckArgs, BrokerCheckReply, BrokerCheckRunProgress>
  /** Runs a decode script on one payload (issue #16): scripts run in the worker, never the page. */
  scriptDecode: Call<{ script: ScriptSpec; payload: Uint8Array; topic: string }, ScriptDecodeReply>
  /**
   * Runs a decode script on the payloads of the rows on screen (tree and log), in order: one
   * result per item, a value as one line of JSON or the failure's code.
   */
  scriptDecodeMany: Call<
    { script: ScriptSpec; items: ScriptPreviewItem[] },
    { results: ScriptPreviewResult[] }
  >
  /** Runs an encode script on the composer's input (a single publish of format Script). */
  scriptEncode: Call<{ script: ScriptSpec; input: unknown; topic: string }, ScriptEncodeReply>
}

export type ConnMethod = keyof ConnCalls
export type ArgsOf<M extends ConnMethod> = ConnCalls[M]['args']
export type ReplyOf<M extends ConnMethod> = ConnCalls[M]['reply']
export type ProgressOf<M extends ConnMethod> = ConnCalls[M]['progress']

/** Commands to one connection that need no reply. */
export type ConnCast =
  | { type: 'connect'; options: ConnectOptions }
  | { type: 'disconnect' }
  /** Forgets the connection's topics, log, histories and chart points (the "Clear data" button). */
  | { type: 'clearData' }
  /** Which topic the details view shows; its full latest message rides in frames. */
  | { type: 'select'; topicId: number | undefined }
  /** The charts on screen: which series, which window and how many pixels wide. Replaces the last. */
  | { type: 'charts'; views: ChartView[] }
  /** The user's .proto schema sets (the same for every connection); charted fields decode with them. */
  | { type: 'schemas'; sets: ProtoSchemaSet[] }
  /** This connection's responder (issue #16); undefined removes it. Replaces the last. */
  | { type: 'responder'; config: ResponderConfig | undefined }
  /** The decode scripts bound to filters (the same for every connection); charts use them. */
  | { type: 'decodeScripts'; scripts: ScriptSpec[] }

/** What a connection says unasked. */
export type ConnEvent =
  | StatusMessage
  | ({ type: 'requestReply' } & RequestReply)
  | { type: 'requestTimeout'; reqId: number; timeoutMs: number }
  | ResponderReport

/** UI → worker. */
export type ToHost =
  | {
      [M in ConnMethod]: { kind: 'call'; id: number; conn: string; method: M; args: ArgsOf<M> }
    }[ConnMethod]
  /** Stops a long-running call; it still replies (with what it did). */
  | { kind: 'cancel'; id: number }
  | { kind: 'cast'; conn: string; command: ConnCast }
  /** The UI applied and painted frame `seq`: the worker may send the next one. */
  | { kind: 'credit'; seq: number }
  /** Ends a connection: its client, its jobs and its data. */
  | { kind: 'close'; conn: string }

/** Worker → UI. `value` is the ReplyOf / ProgressOf the call's method. */
export type FromHost =
  | { kind: 'reply'; id: number; value: unknown }
  | { kind: 'progress'; id: number; value: unknown }
  | { kind: 'event'; conn: string; event: ConnEvent }
  | { kind: 'frames'; frame: HubFrame }
