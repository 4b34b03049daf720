import type { IClientOptions, MqttClient } from 'mqtt'
import type { Coded } from '../lib/coded'

/** Opens an MQTT.js client; the worker passes `mqtt.connect`, tests the same in Node. */
export type ConnectFn = (url: string, options: IClientOptions) => MqttClient

/** The protocol a target is checked with: MQTT 5 when the broker takes it, or one version. */
export type ProtocolChoice = 'auto' | '5' | '3.1.1'

/** A broker to check. The password is used for the check's clients and never leaves the run. */
export interface CheckTarget {
  url: string
  protocol: ProtocolChoice
  username?: string
  password?: string
  /** A public broker (the presets): traffic-heavy checks are off unless asked for. */
  isPublic?: boolean
  /** A name for the scorecard (a profile's or preset's name). */
  label?: string
}

export type CheckGroup = 'reach' | 'delivery' | 'semantics' | 'mqtt5' | 'limits' | 'throughput'

export const CHECK_GROUPS: readonly CheckGroup[] = [
  'reach',
  'delivery',
  'semantics',
  'mqtt5',
  'limits',
  'throughput',
]

/** Every check, in scorecard order. Ids are stable: exports, links and catalogs use them. */
export const CHECK_IDS = [
  'reach.mqtt5',
  'reach.mqtt311',
  'reach.connectTime',
  'reach.connackProperties',
  'reach.identity',
  'delivery.qos0',
  'delivery.qos1',
  'delivery.qos2',
  'semantics.retained',
  'semantics.wildcards',
  'semantics.dollarTopics',
  'semantics.will',
  'semantics.willDelay',
  'semantics.persistentSession',
  'semantics.takeover',
  'semantics.shared',
  'mqtt5.noLocal',
  'mqtt5.retainAsPublished',
  'mqtt5.retainHandling',
  'mqtt5.subscriptionIds',
  'mqtt5.topicAlias',
  'mqtt5.messageExpiry',
  'mqtt5.userProperties',
  'mqtt5.requestResponse',
  'limits.payload',
  'limits.topicLength',
  'limits.topicLevels',
  'limits.clientIdLength',
  'limits.topicChars',
  'throughput.sustained',
] as const

export type CheckId = (typeof CHECK_IDS)[number]

/** The group of a check is the part of its id before the dot. */
export function groupOf(id: CheckId): CheckGroup {
  return id.slice(0, id.indexOf('.')) as CheckGroup
}

/** Which checks run. The default: every group but throughput; heavy traffic unless public. */
export interface CheckProfile {
  groups: readonly CheckGroup[]
  /** Large payloads beyond BROKER_CHECK_PAYLOAD_MODEST_BYTES, and the throughput check. */
  heavy: boolean
  /** Only these checks (a re-run of some); the others are left out of the report. */
  only?: readonly CheckId[]
}

export function defaultProfile(target: Pick<CheckTarget, 'isPublic'>): CheckProfile {
  return { groups: CHECK_GROUPS.filter((g) => g !== 'throughput'), heavy: !target.isPublic }
}

export type CheckStatus = 'pass' | 'fail' | 'unsupported' | 'skipped'

/** How a figure is counted; the view words `unit.<unit>` with the value. */
export type Unit = 'ms' | 's' | 'bytes' | 'count' | 'msgsPerSec' | 'percent' | 'qos' | 'bool'

/** One number of a result (`key` names it: `p50`, `largest`, …; the view words `figure.<key>`). */
export interface Quantity {
  readonly key: string
  readonly value: number
  readonly unit: Unit
}

/** One line of evidence: a packet sent (`out`), received (`in`), or an event (`event`). */
export interface EvidenceLine {
  /** ms since the check started. */
  readonly at: number
  readonly dir: 'out' | 'in' | 'event'
  /** Compact protocol notation (`PUBLISH ~/retained q1 r1 5B`); `~/` is the run's topic prefix. */
  readonly text: string
}

export interface CheckResult {
  readonly id: CheckId
  readonly status: CheckStatus
  readonly figure: readonly Quantity[]
  /** What the result means for the user: a code of the brokerCheck catalog with its values. */
  readonly meaning: Coded
  readonly notes: readonly Coded[]
  readonly evidence: readonly EvidenceLine[]
  /** Evidence lines left out beyond BROKER_CHECK_EVIDENCE_LINES. */
  readonly evidenceDropped: number
  readonly durationMs: number
}

/** What cleanup removed; `failed` entries stay on the broker (sessions expire by themselves). */
export interface CleanupReport {
  readonly retainedCleared: number
  readonly retainedFailed: readonly string[]
  readonly sessionsEnded: number
  readonly sessionsFailed: readonly string[]
}

/** The outcome of one run against one target. */
export interface BrokerCheckReport {
  /** The target without its password (and without a user name in the URL). */
  readonly target: {
    readonly url: string
    readonly protocol: ProtocolChoice
    readonly label?: string
    readonly isPublic?: boolean
  }
  readonly profile: CheckProfile
  /** The MQTT version the checks ran with, when the broker was reached. */
  readonly protocolLevel?: 4 | 5
  readonly topicPrefix: string
  /** Epoch ms. */
  readonly startedAt: number
  readonly durationMs: number
  readonly cancelled: boolean
  readonly results: readonly CheckResult[]
  readonly cleanup: CleanupReport
}

/** Progress of a run, for the view. */
export type BrokerCheckProgress =
  | { readonly type: 'started'; readonly id: CheckId; readonly total: number }
  | {
      readonly type: 'result'
      readonly result: CheckResult
      readonly done: number
      readonly total: number
    }
  | { readonly type: 'cleanup' }

/** What the runner needs besides the target. */
export interface BrokerCheckOptions {
  profile?: CheckProfile
  /**
   * A WebSocket constructor, to time the WebSocket opening apart from CONNACK: the browser's
   * (the default, `globalThis.WebSocket`) or, in Node, `ws`'s. Without one only CONNACK is timed.
   */
  WebSocket?: WebSocketCtor
  /** Monotonic ms clock (default `performance.now`). */
  now?: () => number
  /** Random bytes for the topic prefix and client ids (default `crypto.getRandomValues`). */
  randomBytes?: (n: number) => Uint8Array
}

/** The part of a WebSocket constructor the runner uses (browser and `ws` both fit). */
export type WebSocketCtor = new (
  url: string,
  protocols?: string | string[],
) => {
  addEventListener(type: 'open', listener: () => void): void
}
