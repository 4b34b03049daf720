import { create } from 'zustand'
import type { ProtobufFor } from '../codecs/encode'
import { pageProtobuf } from '../codecs/protobufRegistry'
import { compileSchemaSet, type ProtoFile } from '../codecs/protobufSchema'
import { PROTO_SAVED_SETS } from '../engine/budgets'
import { topicMatches, validateTopicFilter } from '../engine/topicFilter'
import { coded, type Coded } from '../lib/coded'
import { loadSaved, saveOnChange } from '../lib/persist'
import type { ProtoRef, ProtoSchemaSet } from '../wire/protobuf'
import { useAppStore } from './appStore'
import { useDecoderStore } from './decoderStore'
import {
  MAX_PROTO_BINDINGS,
  savedSchemas,
  type ProtoBinding,
  type SavedSchemas,
  type SavedSchemaSet,
} from './saved/schemas'
import { channel } from './sessions'

/**
 * The user's .proto schema sets and the message type each protobuf decoder binding uses
 * (issue #16). A protobuf binding is a decoder binding of format `protobuf` (decoderStore: its
 * order, first match wins) plus its message type here. The texts are saved in the browser; the
 * page compiles them for what it shows and the worker for what it charts.
 */

export type { ProtoBinding, SavedSchemaSet }

export type AddSchemaResult =
  { ok: true; id: string; types: readonly string[] } | { ok: false; errors: Coded[] }

interface SchemaState {
  sets: SavedSchemaSet[]
  bindings: ProtoBinding[]
  /** Why the stored data was not all read, for the user (a code). */
  notice: Coded | undefined
  /** Compiles `files` and keeps them; the same files again give the same set. */
  addSchema: (files: readonly ProtoFile[]) => AddSchemaResult
  /** Forgets a set and unbinds the filters that used it. */
  removeSchema: (id: string) => void
  /** Binds `filter` to `type` of set `schemaId` (replaces the filter's binding). */
  bindType: (filter: string, schemaId: string, type: string) => Coded | undefined
  clearNotice: () => void
  /** Adds the sets and bindings of a profiles file; says how many it took. */
  importSchemas: (saved: SavedSchemas) => Coded[]
}

const initial = loadSaved(savedSchemas)

export const useSchemaStore = create<SchemaState>()((set, get) => ({
  sets: initial.value.sets,
  bindings: initial.value.bindings,
  notice: initial.notice,
  addSchema: (files) => {
    const compiled = compileSchemaSet(files)
    if (!compiled.ok) return compiled
    const { id, messageTypes } = compiled.set
    if (messageTypes.length === 0) return { ok: false, errors: [coded('protobuf.noMessages')] }
    const sets = get().sets
    if (!sets.some((s) => s.id === id)) {
      if (sets.length >= PROTO_SAVED_SETS)
        return { ok: false, errors: [coded('protobuf.tooManySets', { max: PROTO_SAVED_SETS })] }
      const kept = files.map((f) => ({ name: f.name, text: f.text }))
      set({ sets: [...sets, { id, files: kept }] })
    }
    return { ok: true, id, types: messageTypes }
  },
  removeSchema: (id) => {
    const gone = get().bindings.filter((b) => b.schemaId === id)
    const decoders = useDecoderStore.getState()
    for (const b of gone)
      if (decoders.bindings.some((d) => d.filter === b.filter && d.format === 'protobuf'))
        decoders.unbind(b.filter)
    set({
      sets: get().sets.filter((s) => s.id !== id),
      bindings: get().bindings.filter((b) => b.schemaId !== id),
    })
  },
  bindType: (filter, schemaId, type) => {
    const clean = filter.trim()
    const problem = validateTopicFilter(clean)
    if (problem) return problem
    const schema = get().sets.find((s) => s.id === schemaId)
    if (!schema) return coded('protobuf.schemaMissing', { type })
    const compiled = compileSchemaSet(schema.files)
    if (!compiled.ok) return compiled.errors[0]
    const codec = compiled.set.codec(type)
    if (!codec.ok) return codec.error
    const rest = get().bindings.filter((b) => b.filter !== clean)
    if (rest.length >= MAX_PROTO_BINDINGS)
      return coded('decode.tooManyBindings', { max: MAX_PROTO_BINDINGS })
    const bound = useDecoderStore.getState().bind(clean, 'protobuf')
    if (bound) return bound
    set({ bindings: [{ filter: clean, schemaId, type: codec.codec.type }, ...rest] })
    return undefined
  },
  clearNotice: () => set({ notice: undefined }),
  importSchemas: (saved) => {
    // Ids are content hashes made again here, so a file edited by hand cannot mislabel a set.
    const ids = new Map<string, string>()
    const notes: Coded[] = []
    for (const s of saved.sets) {
      const r = get().addSchema(s.files)
      if (r.ok) ids.set(s.id, r.id)
      else notes.push(...r.errors.slice(0, 1))
    }
    let bound = 0
    for (const b of saved.bindings) {
      const id = ids.get(b.schemaId)
      if (id && get().bindType(b.filter, id, b.type) === undefined) bound++
    }
    return [coded('protobuf.imported', { sets: ids.size, bindings: bound }), ...notes]
  },
}))

saveOnChange(
  useSchemaStore,
  savedSchemas,
  (s) => ({ sets: s.sets, bindings: s.bindings }),
  (notice) => useSchemaStore.setState({ notice }),
)

/** The message type `topic` decodes with: its first matching decoder binding, when protobuf. */
export function protoRefFor(topic: string): ProtoRef | undefined {
  for (const b of useDecoderStore.getState().bindings) {
    if (!topicMatches(b.filter, topic)) continue
    if (b.format !== 'protobuf') return undefined
    const p = useSchemaStore.getState().bindings.find((x) => x.filter === b.filter)
    return p ? { schemaId: p.schemaId, type: p.type } : undefined
  }
  return undefined
}

/** The value of a payload on `topic` as its bound protobuf type decodes it (the history diff). */
export function protobufValueOf(
  topic: string,
): (bytes: Uint8Array) => { value: unknown } | undefined {
  const ref = protoRefFor(topic)
  return (bytes) => {
    if (!ref) return undefined
    const r = pageProtobuf.registry.decode(ref, bytes)
    return r.ok ? { value: r.value } : undefined
  }
}

/** The composer's encoder: the protobuf type bound to the topic a message goes to. */
export const protobufForTopic: ProtobufFor = (topic) => {
  const ref = protoRefFor(topic)
  return ref ? pageProtobuf.registry.codec(ref) : { ok: false, error: coded('protobuf.notBound') }
}

/** The sets as the worker takes them. */
export function schemaSets(): ProtoSchemaSet[] {
  return useSchemaStore.getState().sets.map((s) => ({ id: s.id, files: s.files }))
}

/** Tells every open connection's worker core the sets (charted fields decode with them). */
function castSets(): void {
  const sets = schemaSets()
  pageProtobuf.registry.setSets(sets)
  let ch
  try {
    ch = channel()
  } catch {
    // Not wired yet (start-up, unit tests): each connect sends the sets (store/lifecycle.ts).
    return
  }
  for (const id of Object.keys(useAppStore.getState().connections))
    ch.cast(id, { type: 'schemas', sets })
}

/**
 * Makes the page's codecs of the bound types while the page is idle: saved sets are read at
 * start-up without compiling, so the first message of a bound topic parsed its .proto in the
 * frame that first drew it (a traced 1 k msgs/s run: ~9 ms of that frame, #12).
 */
function warmCodecs(): void {
  const warm = () => {
    for (const b of useSchemaStore.getState().bindings)
      pageProtobuf.registry.codec({ schemaId: b.schemaId, type: b.type })
  }
  if (typeof requestIdleCallback === 'function') requestIdleCallback(warm, { timeout: 1_000 })
  else setTimeout(warm, 0)
}

pageProtobuf.refFor = protoRefFor
pageProtobuf.registry.setSets(schemaSets())
warmCodecs()
useSchemaStore.subscribe((s, prev) => {
  if (s.sets !== prev.sets) castSets()
  if (s.sets !== prev.sets || s.bindings !== prev.bindings) warmCodecs()
})
