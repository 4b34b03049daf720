import { create } from 'zustand'
import { SCRIPT_SOURCE_MAX_CHARS, SCRIPTS_SAVED_MAX } from '../engine/budgets'
import { topicMatches, validateTopicFilter } from '../engine/topicFilter'
import { coded, type Coded } from '../lib/coded'
import { loadSaved, saveOnChange } from '../lib/persist'
import type { ScriptSpec } from '../scripting/types'
import { useAppStore } from './appStore'
import { useDecoderStore } from './decoderStore'
import { MAX_DECODER_BINDINGS } from './saved/decoders'
import {
  SCRIPT_NAME_MAX_CHARS,
  savedScripts,
  type SavedScripts,
  type ScriptBinding,
} from './saved/scripts'
import { channel } from './sessions'

/**
 * The user's scripts (issue #16), saved in the browser as typed. The page never runs them: the
 * worker does (responders now; decode and encode use the same saved scripts). Saving checks
 * only what the page can know (a name, the size); the script's own errors (syntax, no respond())
 * come back from the worker when it is loaded, named.
 */

export type SaveScriptResult = { ok: true; id: string } | { ok: false; error: Coded }

interface ScriptState {
  scripts: ScriptSpec[]
  /** Decode scripts bound to filters (the decoder binding of format `script` says the order). */
  bindings: ScriptBinding[]
  /** Why the stored scripts were not all read or written (a code). */
  notice: Coded | undefined
  /** Saves a new script (no id) or replaces the one with `id`. */
  save: (script: { id?: string; name: string; source: string }) => SaveScriptResult
  remove: (id: string) => void
  /** Binds `filter` to decode with script `scriptId` (replaces the filter's binding). */
  bindScript: (filter: string, scriptId: string) => Coded | undefined
  clearNotice: () => void
  /**
   * Adds the scripts and bindings of a profiles file (issue #16). Nothing saved is overwritten:
   * a script already saved (same name and source) is reused; one whose id or name is taken by a
   * different script is added under a new id and name, and said; a filter that already has a
   * decoder keeps it, and that is said. Returns what happened, as codes.
   */
  importScripts: (saved: SavedScripts) => Coded[]
}

const initial = loadSaved(savedScripts)

function newId(): string {
  return `s-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}

export const useScriptStore = create<ScriptState>()((set, get) => ({
  scripts: initial.value.scripts,
  bindings: initial.value.bindings,
  notice: initial.notice,
  save: ({ id, name, source }) => {
    const clean = name.trim()
    if (clean.length === 0) return { ok: false, error: coded('script.noName') }
    if (clean.length > SCRIPT_NAME_MAX_CHARS)
      return { ok: false, error: coded('script.nameTooLong', { max: SCRIPT_NAME_MAX_CHARS }) }
    if (source.length > SCRIPT_SOURCE_MAX_CHARS)
      return {
        ok: false,
        error: coded('script.tooLarge', { script: clean, max: SCRIPT_SOURCE_MAX_CHARS }),
      }
    const scripts = get().scripts
    const clash = scripts.find((s) => s.name === clean && s.id !== id)
    if (clash) return { ok: false, error: coded('script.nameTaken', { script: clean }) }
    const existing = id === undefined ? undefined : scripts.find((s) => s.id === id)
    if (existing) {
      set({ scripts: scripts.map((s) => (s.id === id ? { id: s.id, name: clean, source } : s)) })
      return { ok: true, id: existing.id }
    }
    if (scripts.length >= SCRIPTS_SAVED_MAX)
      return { ok: false, error: coded('script.savedTooMany', { max: SCRIPTS_SAVED_MAX }) }
    const created = { id: newId(), name: clean, source }
    set({ scripts: [...scripts, created] })
    return { ok: true, id: created.id }
  },
  remove: (id) => set({ scripts: get().scripts.filter((s) => s.id !== id) }),
  bindScript: (filter, scriptId) => {
    const clean = filter.trim()
    const problem = validateTopicFilter(clean)
    if (problem) return problem
    if (!get().scripts.some((s) => s.id === scriptId)) return coded('script.notBound')
    const rest = get().bindings.filter((b) => b.filter !== clean)
    if (rest.length >= MAX_DECODER_BINDINGS)
      return coded('decode.tooManyBindings', { max: MAX_DECODER_BINDINGS })
    const bound = useDecoderStore.getState().bind(clean, 'script')
    if (bound) return bound
    set({ bindings: [{ filter: clean, scriptId }, ...rest] })
    return undefined
  },
  clearNotice: () => set({ notice: undefined }),
  importScripts: (saved) => importInto(saved, get, set),
}))

/** A name not taken yet: `name (2)`, `name (3)`, … within SCRIPT_NAME_MAX_CHARS. */
function freeName(name: string, taken: (n: string) => boolean): string {
  for (let i = 2; ; i++) {
    const tail = ` (${i})`
    const next = name.slice(0, SCRIPT_NAME_MAX_CHARS - tail.length) + tail
    if (!taken(next)) return next
  }
}

function importInto(
  saved: SavedScripts,
  get: () => ScriptState,
  set: (p: Partial<ScriptState>) => void,
): Coded[] {
  const notes: Coded[] = []
  const ids = new Map<string, string>()
  let added = 0
  let same = 0
  let refused = 0
  for (const incoming of saved.scripts) {
    const scripts = get().scripts
    const twin = scripts.find((s) => s.name === incoming.name && s.source === incoming.source)
    if (twin) {
      ids.set(incoming.id, twin.id)
      same++
      continue
    }
    if (scripts.length >= SCRIPTS_SAVED_MAX) {
      refused++
      continue
    }
    const idTaken = scripts.some((s) => s.id === incoming.id)
    const nameTaken = (n: string) => scripts.some((s) => s.name === n)
    const name = nameTaken(incoming.name) ? freeName(incoming.name, nameTaken) : incoming.name
    const created = { id: idTaken ? newId() : incoming.id, name, source: incoming.source }
    if (name !== incoming.name)
      notes.push(coded('script.importRenamed', { script: incoming.name, as: name }))
    set({ scripts: [...scripts, created] })
    ids.set(incoming.id, created.id)
    added++
  }
  if (refused > 0)
    notes.push(coded('script.importTooMany', { count: refused, max: SCRIPTS_SAVED_MAX }))
  let bound = 0
  for (const b of saved.bindings) {
    const id = ids.get(b.scriptId)
    if (!id) continue
    if (useDecoderStore.getState().bindings.some((d) => d.filter === b.filter)) {
      const mine = get().bindings.find((x) => x.filter === b.filter)
      if (mine?.scriptId !== id) notes.push(coded('script.importBindingKept', { filter: b.filter }))
      continue
    }
    const problem = get().bindScript(b.filter, id)
    if (problem) notes.push(problem)
    else bound++
  }
  return [coded('script.imported', { added, same, bindings: bound }), ...notes]
}

saveOnChange(
  useScriptStore,
  savedScripts,
  (s) => ({ scripts: s.scripts, bindings: s.bindings }),
  (notice) => useScriptStore.setState({ notice }),
)

/** A saved script by id. */
export function scriptById(id: string): ScriptSpec | undefined {
  return useScriptStore.getState().scripts.find((s) => s.id === id)
}

// Constants, so a selector returning them returns the same object each time (zustand compares).
const NOT_BOUND = coded('script.notBound')
const DECODE_MISSING = coded('script.decodeMissing')

/**
 * What decodes `topic` when its format is `script`: the script of its first matching decoder
 * binding, or a code saying why there is none.
 */
export function decodeScriptFor(topic: string): { script: ScriptSpec } | { error: Coded } {
  for (const b of useDecoderStore.getState().bindings) {
    if (!topicMatches(b.filter, topic)) continue
    if (b.format !== 'script') break
    const bound = useScriptStore.getState().bindings.find((x) => x.filter === b.filter)
    const script = bound && scriptById(bound.scriptId)
    return script ? { script } : { error: DECODE_MISSING }
  }
  return { error: NOT_BOUND }
}

/** The scripts bound as decoders, as the worker takes them (charted fields decode with them). */
export function boundDecodeScripts(): ScriptSpec[] {
  const { scripts, bindings } = useScriptStore.getState()
  const ids = new Set(bindings.map((b) => b.scriptId))
  return scripts.filter((s) => ids.has(s.id))
}

// Every open connection's worker core hears of a changed decode script at once (each connect
// sends them too: store/lifecycle.ts).
useScriptStore.subscribe((s, prev) => {
  if (s.scripts === prev.scripts && s.bindings === prev.bindings) return
  let ch
  try {
    ch = channel()
  } catch {
    return // not wired yet (start-up, unit tests)
  }
  const scripts = boundDecodeScripts()
  for (const id of Object.keys(useAppStore.getState().connections))
    ch.cast(id, { type: 'decodeScripts', scripts })
})
