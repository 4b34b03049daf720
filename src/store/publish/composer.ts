/**
 * The publish composer of each connection (its own draft, queue, results, repeat and requests),
 * kept per connection id: switching tabs shows another composer, and each reacts only to its
 * own connection's status.
 */
import { MAX_QUEUE, MAX_REQUESTS_SHOWN, MAX_RESULTS } from '../../engine/budgets'
import { coded, type Coded } from '../../lib/coded'
import {
  EMPTY_DRAFT,
  type DraftField,
  type DraftProperties,
  type PublishDraft,
} from '../../mqtt/publishDraft'
import type { PublishMessage, PublishResult } from '../../wire/mqtt'
import { perConnection } from '../perConnection'
import type { SentRecord } from './dropCause'
import { useLibraryStore } from './library'

export { MAX_QUEUE, MAX_REQUESTS_SHOWN, MAX_RESULTS }

export interface QueuedPublish {
  id: number
  message: PublishMessage
  queuedAt: number
}

export interface PublishOutcome {
  id: number
  at: number
  topic: string
  result: PublishResult
}

/** A file loaded as the payload: its bytes go out whole, with no format or variables. */
export interface PayloadFile {
  name: string
  bytes: Uint8Array
}

export interface RequestEntry {
  /** The channel's call id of the request. */
  id: number
  topic: string
  responseTopic: string
  correlation: string
  sentAt: number
  state: 'sending' | 'waiting' | 'replied' | 'timeout' | 'failed'
  rttMs?: number
  /** Up to REPLY_SHOWN_CHARS of the reply as text. */
  reply?: string
  late?: boolean
  timeoutMs: number
  error?: Coded
}

export interface RepeatState {
  /** The channel's call id of the repeat. */
  id: number
  total: number | null
  intervalMs: number
  published: number
  succeeded: number
  failed: number
  done: boolean
  stopping: boolean
  error?: Coded
}

export interface Composer {
  draft: PublishDraft
  queueWhileDisconnected: boolean
  queue: QueuedPublish[]
  results: PublishOutcome[]
  /** The latest problem, shown with role alert; `field` says which part of the form it is about. */
  alert: Coded | undefined
  alertField: DraftField | undefined
  /** Warnings about the last publish that still went out (e.g. a `$` topic). */
  warnings: Coded[]
  /** The next `{{counter}}` value for single publishes and the next repeat's start. */
  counter: number
  repeat: RepeatState | undefined
  requests: RequestEntry[]
  /** The Last Will test's outcome or its pending reconnect. */
  willNote: Coded | undefined
  /** A file loaded as the payload (replaces the text payload while it is set). */
  file: PayloadFile | undefined
  /** The last single publish handed to the session, to tell a drop it caused. */
  lastSent: SentRecord | undefined
  /** The broker closed the connection right after the last publish: why, probably. */
  closedNote: Coded | undefined
  /** The saved script whose encode() makes the bytes of a publish in format Script (#16). */
  encodeScriptId: string
}

const INITIAL: Composer = {
  draft: EMPTY_DRAFT,
  queueWhileDisconnected: false,
  queue: [],
  results: [],
  alert: undefined,
  alertField: undefined,
  warnings: [],
  counter: 1,
  repeat: undefined,
  requests: [],
  willNote: undefined,
  file: undefined,
  lastSent: undefined,
  closedNote: undefined,
  encodeScriptId: '',
}

export const composers = perConnection<Composer>(INITIAL)

export function setDraft(id: string, patch: Partial<PublishDraft>): void {
  composers.patch(id, (c) => ({ draft: { ...c.draft, ...patch }, alert: undefined }))
}

export function setProperties(id: string, patch: Partial<DraftProperties>): void {
  composers.patch(id, (c) => ({
    draft: { ...c.draft, properties: { ...c.draft.properties, ...patch } },
    alert: undefined,
  }))
}

export function setQueueWhileDisconnected(id: string, on: boolean): void {
  composers.patch(id, { queueWhileDisconnected: on })
}

export function clearAlert(id: string): void {
  composers.patch(id, { alert: undefined, alertField: undefined })
}

/** Loads `file` as connection `id`'s payload, or (undefined) goes back to the text payload. */
export function setFile(id: string, file: PayloadFile | undefined): void {
  composers.patch(id, { file, alert: undefined, alertField: undefined })
}

export function clearQueue(id: string): void {
  composers.patch(id, { queue: [] })
}

/** Says `alert` on connection `id`'s composer (about `field`, if given). */
export function alertOn(id: string, alert: Coded, field?: DraftField): false {
  composers.patch(id, { alert, alertField: field })
  return false
}

let nextLocalId = 1
export const localId = (): number => nextLocalId++

export function addOutcome(id: string, topic: string, result: PublishResult): void {
  composers.patch(id, (c) => ({
    results: [{ id: localId(), at: Date.now(), topic, result }, ...c.results].slice(0, MAX_RESULTS),
    ...(result.ok ? {} : { alert: result.reason, alertField: undefined }),
  }))
}

export function patchRequest(id: string, reqId: number, patch: Partial<RequestEntry>): void {
  composers.patch(id, (c) => ({
    requests: c.requests.map((r) => (r.id === reqId ? { ...r, ...patch } : r)),
  }))
}

/** Puts a history entry's draft in connection `id`'s composer. */
export function reuseHistory(id: string, entryId: string): void {
  const entry = useLibraryStore.getState().history.find((h) => h.id === entryId)
  if (!entry) return
  composers.patch(id, {
    draft: entry.draft,
    alert: undefined,
    alertField: undefined,
    warnings:
      entry.payloadOmitted !== undefined
        ? [coded('library.payloadOmitted', { count: entry.payloadOmitted })]
        : [],
  })
}

/** Puts a template's draft in connection `id`'s composer. */
export function applyTemplate(id: string, templateId: string): void {
  const t = useLibraryStore.getState().templates.find((x) => x.id === templateId)
  if (t)
    composers.patch(id, { draft: t.draft, alert: undefined, alertField: undefined, warnings: [] })
}

export const selectDraft = (c: Composer) => c.draft
export const selectQueue = (c: Composer) => c.queue
export const selectResults = (c: Composer) => c.results
export const selectFile = (c: Composer) => c.file
export const selectClosedNote = (c: Composer) => c.closedNote
export const selectRepeat = (c: Composer) => c.repeat
export const selectRequests = (c: Composer) => c.requests
