import { create } from 'zustand'
import { persist, type PersistStorage, type StorageValue } from 'zustand/middleware'
import { PUBLISH_FORMATS, type PublishFormat } from '../codecs/encode'
import type { PublishMessage, PublishResult, QoS, UserProperty } from '../mqtt/protocol'
import {
  buildPublish,
  EMPTY_DRAFT,
  type DraftField,
  type DraftProperties,
  type PublishDraft,
} from '../mqtt/publishDraft'
import type { MqttSession, PublishEvent } from '../mqtt/session'
import { liveContext } from '../mqtt/templateVars'
import { readLocal, removeLocal, writeLocal } from '../lib/localStore'
import { useAppStore } from './appStore'
import { getSession } from './session'

import {
  HISTORY_PAYLOAD_MAX_CHARS,
  MAX_HISTORY,
  MAX_QUEUE,
  MAX_REQUESTS_SHOWN,
  MAX_RESULTS,
  MAX_TEMPLATES,
} from '../engine/budgets'
export {
  HISTORY_PAYLOAD_MAX_CHARS,
  MAX_HISTORY,
  MAX_QUEUE,
  MAX_REQUESTS_SHOWN,
  MAX_RESULTS,
  MAX_TEMPLATES,
}
/** Bytes of a reply's payload shown as text. */
const REPLY_SHOWN_CHARS = 200

const STORAGE_KEY = 'mqtt-scope:publish'
const STORAGE_VERSION = 1

/** Which connections see a template: all, or one broker URL (until connection profiles exist). */
export type TemplateScope = { kind: 'global' } | { kind: 'broker'; url: string }

export interface Template {
  id: string
  name: string
  scope: TemplateScope
  draft: PublishDraft
}

export interface HistoryEntry {
  id: string
  /** ms since epoch. */
  at: number
  draft: PublishDraft
  /** Set when the payload was too large to keep: its length in characters. */
  payloadOmitted?: number
}

export interface QueuedPublish {
  id: number
  message: PublishMessage
  queuedAt: number
}

export interface PublishOutcome {
  id: number
  at: number
  topic: string
  ok: boolean
  text: string
}

export interface RequestEntry {
  /** The session's request id. */
  id: number
  topic: string
  responseTopic: string
  correlation: string
  sentAt: number
  state: 'sending' | 'waiting' | 'replied' | 'timeout' | 'failed'
  rttMs?: number
  reply?: string
  late?: boolean
  timeoutMs: number
  error?: string
}

export interface RepeatState {
  id: number
  total: number | null
  intervalMs: number
  published: number
  succeeded: number
  failed: number
  done: boolean
  stopping: boolean
  error?: string
}

export interface PublishState {
  draft: PublishDraft
  queueWhileDisconnected: boolean
  queue: QueuedPublish[]
  results: PublishOutcome[]
  /** The latest problem, shown with role alert. */
  alert: string | undefined
  /** Which field the alert is about. */
  alertField: DraftField | undefined
  /** Warnings about the last publish that still went out (e.g. a `$` topic). */
  warnings: string[]
  history: HistoryEntry[]
  templates: Template[]
  /** The next `{{counter}}` value for single publishes and the next repeat's start. */
  counter: number
  repeat: RepeatState | undefined
  requests: RequestEntry[]
  /** Something about stored history and templates the user should know (corrupt, not saved). */
  storageNotice: string | undefined
  /** The Last Will test's outcome or its pending reconnect. */
  willNote: string | undefined

  setDraft: (patch: Partial<PublishDraft>) => void
  setProperties: (patch: Partial<DraftProperties>) => void
  setQueueWhileDisconnected: (on: boolean) => void
  clearAlert: () => void
  /** Publishes the draft (or queues it); returns true when it was accepted. */
  publish: () => boolean
  sendRequest: (timeoutMs: number) => boolean
  startRepeat: (intervalMs: number, count: number | null) => boolean
  stopRepeat: () => void
  clearQueue: () => void
  reuseHistory: (id: string) => void
  clearHistory: () => void
  saveTemplate: (name: string, scope: TemplateScope) => string | undefined
  applyTemplate: (id: string) => void
  deleteTemplate: (id: string) => void
  exportTemplates: () => string
  importTemplates: (json: string) => string
  testWill: (reconnect: boolean) => void
  dismissStorageNotice: () => void
}

// ---- sanitising what comes from storage or an imported file -------------------------------

type Rec = Record<string, unknown>
const isRec = (x: unknown): x is Rec => typeof x === 'object' && x !== null && !Array.isArray(x)
const str = (x: unknown, fallback = ''): string => (typeof x === 'string' ? x : fallback)

function sanitizeUserProperties(x: unknown): UserProperty[] {
  if (!Array.isArray(x)) return []
  return x
    .filter(isRec)
    .map((u) => ({ key: str(u.key), value: str(u.value) }))
    .slice(0, 100)
}

/** A draft from untrusted JSON, or undefined when it is not one. Missing properties get defaults. */
export function sanitizeDraft(x: unknown): PublishDraft | undefined {
  if (!isRec(x) || typeof x.topic !== 'string' || typeof x.payload !== 'string') return undefined
  const format = PUBLISH_FORMATS.includes(x.format as PublishFormat)
    ? (x.format as PublishFormat)
    : 'text'
  const qos: QoS = x.qos === 1 || x.qos === 2 ? x.qos : 0
  const p = isRec(x.properties) ? x.properties : {}
  return {
    topic: x.topic,
    payload: x.payload,
    format,
    qos,
    retain: x.retain === true,
    properties: {
      contentType: str(p.contentType),
      payloadFormatIndicator: p.payloadFormatIndicator === true,
      messageExpiry: str(p.messageExpiry),
      responseTopic: str(p.responseTopic),
      correlationData: str(p.correlationData),
      userProperties: sanitizeUserProperties(p.userProperties),
      topicAlias: str(p.topicAlias),
    },
  }
}

function sanitizeScope(x: unknown): TemplateScope {
  if (isRec(x) && x.kind === 'broker' && typeof x.url === 'string' && x.url !== '')
    return { kind: 'broker', url: x.url }
  return { kind: 'global' }
}

function sanitizeTemplate(x: unknown): Template | undefined {
  if (!isRec(x) || typeof x.name !== 'string' || x.name.trim() === '') return undefined
  const draft = sanitizeDraft(x.draft)
  if (!draft) return undefined
  return {
    id: typeof x.id === 'string' && x.id !== '' ? x.id : newId(),
    name: x.name.trim(),
    scope: sanitizeScope(x.scope),
    draft,
  }
}

function sanitizeHistoryEntry(x: unknown): HistoryEntry | undefined {
  if (!isRec(x)) return undefined
  const draft = sanitizeDraft(x.draft)
  if (!draft) return undefined
  const entry: HistoryEntry = {
    id: typeof x.id === 'string' && x.id !== '' ? x.id : newId(),
    at: typeof x.at === 'number' && Number.isFinite(x.at) ? x.at : 0,
    draft,
  }
  if (typeof x.payloadOmitted === 'number') entry.payloadOmitted = x.payloadOmitted
  return entry
}

interface Persisted {
  history: HistoryEntry[]
  templates: Template[]
}

/** What a stored state of any version holds that we can still use; counts what was dropped. */
export function sanitizePersisted(x: unknown): { state: Persisted; dropped: number } {
  const rec = isRec(x) ? x : {}
  let dropped = isRec(x) || x === undefined ? 0 : 1
  const pick = <T>(list: unknown, fn: (e: unknown) => T | undefined, max: number): T[] => {
    if (list === undefined) return []
    if (!Array.isArray(list)) {
      dropped++
      return []
    }
    const out: T[] = []
    for (const e of list) {
      const v = fn(e)
      if (v) out.push(v)
      else dropped++
    }
    return out.slice(0, max)
  }
  return {
    state: {
      history: pick(rec.history, sanitizeHistoryEntry, MAX_HISTORY),
      templates: pick(rec.templates, sanitizeTemplate, MAX_TEMPLATES),
    },
    dropped,
  }
}

/** Set by the storage when what it read could not be used; shown once by the panel. */
let readProblem: string | undefined
/** Entries `migrate` left out, for `merge` to mention. */
let droppedInMigration = 0

const CORRUPT_NOTICE =
  'The saved publish history and templates could not be read (the stored data is damaged), so they start empty.'

/**
 * localStorage behind a guard: damaged JSON reads as nothing (and says so), a full or blocked
 * storage never throws into a state update.
 */
const safeStorage: PersistStorage<Persisted> = {
  getItem: (name) => {
    const read = readLocal(name)
    if (read.kind === 'blocked') {
      readProblem =
        'The browser does not allow this page to read its storage: history and templates are not saved.'
      return null
    }
    if (read.kind === 'absent') return null
    const parsed = read.kind === 'json' ? read.value : undefined
    if (!isRec(parsed) || typeof parsed.version !== 'number' || !('state' in parsed)) {
      readProblem = CORRUPT_NOTICE
      return null
    }
    return parsed as unknown as StorageValue<Persisted>
  },
  setItem: (name, value) =>
    writeLocal(name, value, (full) =>
      usePublishStore.setState({
        storageNotice: full
          ? 'The browser storage is full: the latest history and templates were not saved.'
          : 'History and templates could not be saved in this browser.',
      }),
    ),
  removeItem: removeLocal,
}

// ---- helpers ------------------------------------------------------------------------------

let idCounter = 0
function newId(): string {
  idCounter++
  return `${Date.now().toString(36)}-${idCounter.toString(36)}-${Math.random().toString(36).slice(2, 6)}`
}

let nextLocalId = 1

function sameDraft(a: PublishDraft, b: PublishDraft): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

function historyEntry(draft: PublishDraft): HistoryEntry {
  if (draft.payload.length <= HISTORY_PAYLOAD_MAX_CHARS)
    return { id: newId(), at: Date.now(), draft }
  return {
    id: newId(),
    at: Date.now(),
    draft: { ...draft, payload: '' },
    payloadOmitted: draft.payload.length,
  }
}

/** "acknowledged (PUBACK): no matching subscribers", "sent (QoS 0)", or the error. */
export function resultText(result: PublishResult): string {
  if (!result.ok) return result.reason
  if (result.qos === 0) return 'sent (QoS 0)'
  const ack = result.qos === 1 ? 'PUBACK' : 'PUBCOMP'
  return result.reasonCode === 0
    ? `acknowledged (${ack})`
    : `acknowledged (${ack}): ${result.reason}`
}

function decodeReply(bytes: Uint8Array, size: number): string {
  const text = new TextDecoder('utf-8').decode(bytes.subarray(0, REPLY_SHOWN_CHARS))
  return size > REPLY_SHOWN_CHARS ? `${text}\u2026 (${size} bytes)` : text
}

const NOT_CONNECTED =
  'Not connected: connect first, or tick "Queue while disconnected" to send it once connected.'

/** Applies worker events to the store; attached to whichever session is current. */
let listeningTo: MqttSession | undefined
let stopListening: (() => void) | undefined
function ensureListening(): MqttSession {
  const session = getSession()
  if (listeningTo !== session) {
    stopListening?.()
    stopListening = session.listenPublish(onEvent)
    listeningTo = session
  }
  return session
}

function patchRequest(id: number, patch: Partial<RequestEntry>): void {
  usePublishStore.setState((s) => ({
    requests: s.requests.map((r) => (r.id === id ? { ...r, ...patch } : r)),
  }))
}

function onEvent(event: PublishEvent): void {
  switch (event.type) {
    case 'requestReply':
      patchRequest(event.reqId, {
        state: 'replied',
        rttMs: event.rttMs,
        reply: decodeReply(event.payload, event.size),
        late: event.late,
      })
      break
    case 'requestTimeout':
      patchRequest(event.reqId, { state: 'timeout' })
      break
    case 'repeatProgress':
      usePublishStore.setState((s) => {
        if (!s.repeat || s.repeat.id !== event.repeatId) return {}
        const repeat: RepeatState = {
          ...s.repeat,
          published: event.published,
          succeeded: event.succeeded,
          failed: event.failed,
          done: event.done,
        }
        if (event.error !== undefined) repeat.error = event.error
        return {
          repeat,
          // The next repeat (or single publish) continues the count.
          ...(event.done ? { counter: s.counter + event.published } : {}),
        }
      })
      break
  }
}

function addOutcome(topic: string, result: PublishResult): void {
  usePublishStore.setState((s) => ({
    results: [
      { id: nextLocalId++, at: Date.now(), topic, ok: result.ok, text: resultText(result) },
      ...s.results,
    ].slice(0, MAX_RESULTS),
    ...(result.ok ? {} : { alert: result.reason, alertField: undefined }),
  }))
}

function send(message: PublishMessage): void {
  getSession()
    .publish(message)
    .then((result) => addOutcome(message.topic, result))
    .catch((err: unknown) => addOutcome(message.topic, { ok: false, reason: String(err) }))
}

/** True when a template belongs to the current connection (global, or this broker URL). */
export function templateVisible(t: Template, brokerUrl: string): boolean {
  return t.scope.kind === 'global' || t.scope.url === brokerUrl
}

// ---- the store ----------------------------------------------------------------------------

/**
 * The publish composer's state, separate from `appStore`: the draft, results, queue, repeat
 * progress, requests, and the persisted history and templates.
 */
export const usePublishStore = create<PublishState>()(
  persist(
    (set, get) => ({
      draft: EMPTY_DRAFT,
      queueWhileDisconnected: false,
      queue: [],
      results: [],
      alert: undefined,
      alertField: undefined,
      warnings: [],
      history: [],
      templates: [],
      counter: 1,
      repeat: undefined,
      requests: [],
      storageNotice: undefined,
      willNote: undefined,

      setDraft: (patch) => set((s) => ({ draft: { ...s.draft, ...patch }, alert: undefined })),
      setProperties: (patch) =>
        set((s) => ({
          draft: { ...s.draft, properties: { ...s.draft.properties, ...patch } },
          alert: undefined,
        })),
      setQueueWhileDisconnected: (queueWhileDisconnected) => set({ queueWhileDisconnected }),
      clearAlert: () => set({ alert: undefined, alertField: undefined }),

      publish: () => {
        const { draft, counter, queueWhileDisconnected, queue } = get()
        const status = useAppStore.getState().status
        const built = buildPublish(draft, liveContext(counter), status.protocolLevel ?? 5)
        if (!built.ok) {
          set({ alert: built.error, alertField: built.field, warnings: [] })
          return false
        }
        const connected = status.state === 'connected'
        if (!connected && !queueWhileDisconnected) {
          set({ alert: NOT_CONNECTED, alertField: undefined, warnings: built.warnings })
          return false
        }
        if (!connected && queue.length >= MAX_QUEUE) {
          set({
            alert: `The queue is full (${MAX_QUEUE} messages): connect to send them, or clear it.`,
            alertField: undefined,
          })
          return false
        }
        set((s) => ({
          counter: s.counter + 1,
          alert: undefined,
          alertField: undefined,
          warnings: built.warnings,
          history: [
            historyEntry(draft),
            ...s.history.filter((h) => !sameDraft(h.draft, draft)),
          ].slice(0, MAX_HISTORY),
          queue: connected
            ? s.queue
            : [...s.queue, { id: nextLocalId++, message: built.message, queuedAt: Date.now() }],
        }))
        if (connected) send(built.message)
        return true
      },

      sendRequest: (timeoutMs) => {
        const { draft, counter } = get()
        const status = useAppStore.getState().status
        if (status.state !== 'connected') {
          set({
            alert: 'Not connected: connect first, then send the request.',
            alertField: undefined,
          })
          return false
        }
        if (status.protocolLevel !== 5) {
          set({
            alert:
              'Requests need MQTT 5 (response topic and correlation data are MQTT 5 properties); this connection uses MQTT 3.1.1.',
            alertField: undefined,
          })
          return false
        }
        if (!Number.isFinite(timeoutMs) || timeoutMs < 100 || timeoutMs > 3_600_000) {
          set({
            alert: 'The reply timeout must be from 0.1 to 3600 seconds.',
            alertField: undefined,
          })
          return false
        }
        let props = draft.properties
        // A request needs somewhere to reply to and a unique key to pair the reply with.
        if (props.responseTopic.trim() === '' && draft.topic !== '')
          props = { ...props, responseTopic: `${draft.topic}/response` }
        const requestDraft: PublishDraft = {
          ...draft,
          properties: {
            ...props,
            correlationData: props.correlationData === '' ? '{{uuid}}' : props.correlationData,
          },
        }
        const built = buildPublish(requestDraft, liveContext(counter), 5)
        if (!built.ok) {
          set({ alert: built.error, alertField: built.field })
          return false
        }
        const message = built.message
        const { id, result } = ensureListening().request(message, timeoutMs)
        const correlation = new TextDecoder().decode(message.properties?.correlationData)
        set((s) => ({
          counter: s.counter + 1,
          alert: undefined,
          alertField: undefined,
          warnings: built.warnings,
          draft: props === draft.properties ? s.draft : { ...s.draft, properties: props },
          history: [
            historyEntry(draft),
            ...s.history.filter((h) => !sameDraft(h.draft, draft)),
          ].slice(0, MAX_HISTORY),
          requests: [
            {
              id,
              topic: message.topic,
              responseTopic: message.properties?.responseTopic ?? '',
              correlation,
              sentAt: Date.now(),
              state: 'sending' as const,
              timeoutMs,
            },
            ...s.requests,
          ].slice(0, MAX_REQUESTS_SHOWN),
        }))
        result
          .then((r) => {
            addOutcome(message.topic, r)
            const entry = get().requests.find((q) => q.id === id)
            if (!entry) return
            if (!r.ok) patchRequest(id, { state: 'failed', error: r.reason })
            else if (entry.state === 'sending') patchRequest(id, { state: 'waiting' })
          })
          .catch((err: unknown) => patchRequest(id, { state: 'failed', error: String(err) }))
        return true
      },

      startRepeat: (intervalMs, count) => {
        const { draft, counter, repeat } = get()
        const status = useAppStore.getState().status
        if (repeat && !repeat.done) {
          set({ alert: 'A repeat is already running: stop it first.', alertField: undefined })
          return false
        }
        if (!Number.isInteger(intervalMs) || intervalMs < 1 || intervalMs > 86_400_000) {
          set({
            alert: 'Repeat every: a whole number of milliseconds, at least 1.',
            alertField: undefined,
          })
          return false
        }
        if (count !== null && (!Number.isInteger(count) || count < 1 || count > 100_000_000)) {
          set({
            alert: 'Repeat times: a whole number of at least 1, or empty to repeat until stopped.',
            alertField: undefined,
          })
          return false
        }
        if (status.state !== 'connected') {
          set({
            alert: 'Not connected: connect first, then start the repeat.',
            alertField: undefined,
          })
          return false
        }
        // Build once here so a mistake shows at once; the worker builds every message again.
        const trial = buildPublish(draft, liveContext(counter), status.protocolLevel ?? 5)
        if (!trial.ok) {
          set({ alert: trial.error, alertField: trial.field })
          return false
        }
        const id = ensureListening().startRepeat(draft, intervalMs, count, counter)
        set((s) => ({
          alert: undefined,
          alertField: undefined,
          warnings: trial.warnings,
          repeat: {
            id,
            total: count,
            intervalMs,
            published: 0,
            succeeded: 0,
            failed: 0,
            done: false,
            stopping: false,
          },
          history: [
            historyEntry(draft),
            ...s.history.filter((h) => !sameDraft(h.draft, draft)),
          ].slice(0, MAX_HISTORY),
        }))
        return true
      },

      stopRepeat: () => {
        const repeat = get().repeat
        if (!repeat || repeat.done) return
        getSession().stopRepeat(repeat.id)
        set({ repeat: { ...repeat, stopping: true } })
      },

      clearQueue: () => set({ queue: [] }),

      reuseHistory: (id) => {
        const entry = get().history.find((h) => h.id === id)
        if (!entry) return
        set({
          draft: entry.draft,
          alert: undefined,
          alertField: undefined,
          warnings:
            entry.payloadOmitted !== undefined
              ? [
                  `The payload (${entry.payloadOmitted.toLocaleString('en-US')} characters) was too large to keep in the history; enter it again.`,
                ]
              : [],
        })
      },

      clearHistory: () => set({ history: [] }),

      saveTemplate: (rawName, scope) => {
        const name = rawName.trim()
        if (name === '') return 'Give the template a name.'
        const { templates, draft } = get()
        const same = (t: Template) =>
          t.name === name &&
          t.scope.kind === scope.kind &&
          (scope.kind === 'global' || (t.scope.kind === 'broker' && t.scope.url === scope.url))
        const existing = templates.find(same)
        if (!existing && templates.length >= MAX_TEMPLATES)
          return `There are already ${MAX_TEMPLATES} templates: delete some first.`
        const template: Template = { id: existing?.id ?? newId(), name, scope, draft }
        set({
          templates: existing
            ? templates.map((t) => (t.id === existing.id ? template : t))
            : [...templates, template],
        })
        return undefined
      },

      applyTemplate: (id) => {
        const t = get().templates.find((x) => x.id === id)
        if (t) set({ draft: t.draft, alert: undefined, alertField: undefined, warnings: [] })
      },

      deleteTemplate: (id) => set((s) => ({ templates: s.templates.filter((t) => t.id !== id) })),

      exportTemplates: () =>
        JSON.stringify(
          {
            format: 'mqtt-scope-templates',
            version: 1,
            templates: get().templates.map(({ name, scope, draft }) => ({ name, scope, draft })),
          },
          null,
          2,
        ),

      importTemplates: (json) => {
        let parsed: unknown
        try {
          parsed = JSON.parse(json)
        } catch {
          return 'Not a templates file: it is not valid JSON.'
        }
        const list: unknown = Array.isArray(parsed)
          ? parsed
          : isRec(parsed)
            ? parsed.templates
            : undefined
        if (!Array.isArray(list)) return 'Not a templates file: it has no "templates" list.'
        let imported = 0
        let skipped = 0
        let templates = [...get().templates]
        for (const raw of list) {
          const t = sanitizeTemplate(raw)
          if (!t) {
            skipped++
            continue
          }
          const i = templates.findIndex(
            (x) => x.name === t.name && JSON.stringify(x.scope) === JSON.stringify(t.scope),
          )
          if (i >= 0) templates[i] = { ...t, id: templates[i]?.id ?? t.id }
          else if (templates.length < MAX_TEMPLATES)
            templates = [...templates, { ...t, id: newId() }]
          else {
            skipped++
            continue
          }
          imported++
        }
        set({ templates })
        const s = (n: number) => (n === 1 ? '' : 's')
        return `Imported ${imported} template${s(imported)}${skipped ? `; ${skipped} skipped (not valid, or over the limit of ${MAX_TEMPLATES})` : ''}.`
      },

      testWill: (reconnect) => {
        set({ willNote: 'Testing the Last Will\u2026' })
        getSession()
          .testWill()
          .then((r) => {
            if (!r.ok) {
              set({ willNote: r.reason })
              return
            }
            if (!reconnect) {
              set({ willNote: r.reason })
              return
            }
            // Reconnecting before the Will delay has passed would cancel the Will (MQTT 5
            // §3.1.3.2.2), so wait for it, and a second more.
            const waitMs = r.willDelaySeconds * 1000 + 1000
            set({ willNote: `${r.reason} Reconnecting in ${Math.round(waitMs / 1000)} s.` })
            setTimeout(() => {
              if (useAppStore.getState().status.state === 'disconnected') {
                useAppStore.getState().connect()
                set({ willNote: `${r.reason} Reconnected.` })
              }
            }, waitMs)
          })
          .catch((err: unknown) => set({ willNote: String(err) }))
      },

      dismissStorageNotice: () => set({ storageNotice: undefined }),
    }),
    {
      name: STORAGE_KEY,
      version: STORAGE_VERSION,
      storage: safeStorage,
      partialize: (s): Persisted => ({ history: s.history, templates: s.templates }),
      // Version 0 never shipped; any older or newer shape keeps whatever entries still parse.
      migrate: (persisted) => {
        const { state, dropped } = sanitizePersisted(persisted)
        droppedInMigration = dropped
        return state
      },
      merge: (persisted, current) => {
        const clean = sanitizePersisted(persisted)
        const { state } = clean
        const dropped = clean.dropped + droppedInMigration
        droppedInMigration = 0
        const notice =
          readProblem ??
          (dropped > 0
            ? `${dropped} saved history or template entr${dropped === 1 ? 'y was' : 'ies were'} damaged and left out.`
            : undefined)
        readProblem = undefined
        return { ...current, ...state, storageNotice: notice ?? current.storageNotice }
      },
    },
  ),
)

// Queued publishes go out, in order, once the connection is up.
useAppStore.subscribe((state, prev) => {
  if (state.status.state !== 'connected' || prev.status.state === 'connected') return
  const queue = usePublishStore.getState().queue
  if (queue.length === 0) return
  usePublishStore.setState({ queue: [] })
  for (const q of queue) send(q.message)
})

export const selectDraft = (s: PublishState) => s.draft
export const selectHistory = (s: PublishState) => s.history
export const selectTemplates = (s: PublishState) => s.templates
export const selectQueue = (s: PublishState) => s.queue
export const selectResults = (s: PublishState) => s.results
export const selectRepeat = (s: PublishState) => s.repeat
export const selectRequests = (s: PublishState) => s.requests
