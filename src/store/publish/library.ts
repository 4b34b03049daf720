import { create } from 'zustand'
import { persist, type PersistStorage, type StorageValue } from 'zustand/middleware'
import { PUBLISH_FORMATS, type PublishFormat } from '../../codecs/encode'
import { HISTORY_PAYLOAD_MAX_CHARS, MAX_HISTORY, MAX_TEMPLATES } from '../../engine/budgets'
import { coded, type Coded } from '../../lib/coded'
import { readLocal, removeLocal, writeLocal } from '../../lib/localStore'
import type { PublishDraft } from '../../mqtt/publishDraft'
import type { QoS, UserProperty } from '../../wire/mqtt'

/**
 * The publish library, shared by every connection: the history of what was published and the
 * saved templates (each visible everywhere or on one broker URL). Persisted in the browser.
 */

const STORAGE_KEY = 'mqtt-scope:publish'
const STORAGE_VERSION = 1

/** Which connections see a template: all, or one broker URL. */
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

interface LibraryState {
  history: HistoryEntry[]
  templates: Template[]
  /** Something about the stored library the user should know (damaged, not saved). */
  storageNotice: Coded | undefined
}

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
let readProblem: Coded | undefined
/** Entries `migrate` left out, for `merge` to mention. */
let droppedInMigration = 0

/**
 * localStorage behind a guard: damaged JSON reads as nothing (and says so), a full or blocked
 * storage never throws into a state update.
 */
const safeStorage: PersistStorage<Persisted> = {
  getItem: (name) => {
    const read = readLocal(name)
    if (read.kind === 'blocked') {
      readProblem = coded('library.blocked')
      return null
    }
    if (read.kind === 'absent') return null
    const parsed = read.kind === 'json' ? read.value : undefined
    if (!isRec(parsed) || typeof parsed.version !== 'number' || !('state' in parsed)) {
      readProblem = coded('library.corrupt')
      return null
    }
    return parsed as unknown as StorageValue<Persisted>
  },
  setItem: (name, value) =>
    writeLocal(name, value, (full) =>
      useLibraryStore.setState({
        storageNotice: full ? coded('library.full') : coded('library.notSaved'),
      }),
    ),
  removeItem: removeLocal,
}

let idCounter = 0
export function newId(): string {
  idCounter++
  return `${Date.now().toString(36)}-${idCounter.toString(36)}-${Math.random().toString(36).slice(2, 6)}`
}

export const useLibraryStore = create<LibraryState>()(
  persist((): LibraryState => ({ history: [], templates: [], storageNotice: undefined }), {
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
      const dropped = clean.dropped + droppedInMigration
      droppedInMigration = 0
      const notice =
        readProblem ?? (dropped > 0 ? coded('library.damaged', { count: dropped }) : undefined)
      readProblem = undefined
      return { ...current, ...clean.state, storageNotice: notice ?? current.storageNotice }
    },
  }),
)

function sameDraft(a: PublishDraft, b: PublishDraft): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Puts `draft` first in the history (once: an equal older entry moves up). */
export function addToHistory(draft: PublishDraft): void {
  const entry: HistoryEntry =
    draft.payload.length <= HISTORY_PAYLOAD_MAX_CHARS
      ? { id: newId(), at: Date.now(), draft }
      : {
          id: newId(),
          at: Date.now(),
          draft: { ...draft, payload: '' },
          payloadOmitted: draft.payload.length,
        }
  useLibraryStore.setState((s) => ({
    history: [entry, ...s.history.filter((h) => !sameDraft(h.draft, draft))].slice(0, MAX_HISTORY),
  }))
}

export function clearHistory(): void {
  useLibraryStore.setState({ history: [] })
}

/** True when a template belongs to a connection to `brokerUrl` (global, or this broker URL). */
export function templateVisible(t: Template, brokerUrl: string): boolean {
  return t.scope.kind === 'global' || t.scope.url === brokerUrl
}

/** Saves `draft` as a template (an equal name in the same scope is replaced); returns why not. */
export function saveTemplate(
  rawName: string,
  scope: TemplateScope,
  draft: PublishDraft,
): Coded | undefined {
  const name = rawName.trim()
  if (name === '') return coded('library.templateNeedsName')
  const { templates } = useLibraryStore.getState()
  const same = (t: Template) =>
    t.name === name &&
    t.scope.kind === scope.kind &&
    (scope.kind === 'global' || (t.scope.kind === 'broker' && t.scope.url === scope.url))
  const existing = templates.find(same)
  if (!existing && templates.length >= MAX_TEMPLATES)
    return coded('library.tooManyTemplates', { count: MAX_TEMPLATES })
  const template: Template = { id: existing?.id ?? newId(), name, scope, draft }
  useLibraryStore.setState({
    templates: existing
      ? templates.map((t) => (t.id === existing.id ? template : t))
      : [...templates, template],
  })
  return undefined
}

export function deleteTemplate(id: string): void {
  useLibraryStore.setState((s) => ({ templates: s.templates.filter((t) => t.id !== id) }))
}

export function dismissStorageNotice(): void {
  useLibraryStore.setState({ storageNotice: undefined })
}

export function exportTemplates(): string {
  return JSON.stringify(
    {
      format: 'mqtt-scope-templates',
      version: 1,
      templates: useLibraryStore
        .getState()
        .templates.map(({ name, scope, draft }) => ({ name, scope, draft })),
    },
    null,
    2,
  )
}

/** Adds the templates of a file (same name and scope: replaced); says how it went. */
export function importTemplates(json: string): { ok: boolean; note: Coded } {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    return { ok: false, note: coded('library.importNotJson') }
  }
  const list: unknown = Array.isArray(parsed)
    ? parsed
    : isRec(parsed)
      ? parsed.templates
      : undefined
  if (!Array.isArray(list)) return { ok: false, note: coded('library.importNoList') }
  let imported = 0
  let skipped = 0
  let templates = [...useLibraryStore.getState().templates]
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
    else if (templates.length < MAX_TEMPLATES) templates = [...templates, { ...t, id: newId() }]
    else {
      skipped++
      continue
    }
    imported++
  }
  useLibraryStore.setState({ templates })
  return {
    ok: true,
    note: skipped
      ? coded('library.importedSkipped', { count: imported, skipped, max: MAX_TEMPLATES })
      : coded('library.imported', { count: imported }),
  }
}

export const selectHistory = (s: LibraryState) => s.history
export const selectTemplates = (s: LibraryState) => s.templates
