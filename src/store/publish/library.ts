import { create } from 'zustand'
import { HISTORY_PAYLOAD_MAX_CHARS, MAX_HISTORY, MAX_TEMPLATES } from '../../engine/budgets'
import { coded, type Coded } from '../../lib/coded'
import { loadSaved, saveOnChange } from '../../lib/persist'
import type { PublishDraft } from '../../mqtt/publishDraft'
import {
  newPublishId as newId,
  parseTemplate,
  savedPublish,
  type HistoryEntry,
  type Template,
  type TemplateScope,
} from '../saved/publish'

export type { HistoryEntry, Template, TemplateScope }

/**
 * The publish library, shared by every connection: the history of what was published and the
 * saved templates (each visible everywhere or on one broker URL). Saved in the browser through
 * the persistence helper (`saved/publish.ts`: versioned, validated entry by entry).
 */
interface LibraryState {
  history: HistoryEntry[]
  templates: Template[]
  /** Something about the stored library the user should know (damaged, not saved). */
  storageNotice: Coded | undefined
}

const loaded = loadSaved(savedPublish)

export const useLibraryStore = create<LibraryState>()(() => ({
  history: loaded.value.history,
  templates: loaded.value.templates,
  storageNotice: loaded.notice,
}))

saveOnChange(
  useLibraryStore,
  savedPublish,
  (s) => ({ history: s.history, templates: s.templates }),
  (storageNotice) => useLibraryStore.setState({ storageNotice }),
)

/** Reads the saved library again (tests, and a library imported into storage). */
export function reloadLibrary(): void {
  const { value, notice } = loadSaved(savedPublish)
  useLibraryStore.setState({ ...value, storageNotice: notice })
}

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
    : typeof parsed === 'object' && parsed !== null
      ? (parsed as { templates?: unknown }).templates
      : undefined
  if (!Array.isArray(list)) return { ok: false, note: coded('library.importNoList') }
  let imported = 0
  let skipped = 0
  let templates = [...useLibraryStore.getState().templates]
  for (const raw of list) {
    const t = parseTemplate(raw)
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
