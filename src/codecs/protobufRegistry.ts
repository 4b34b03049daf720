/**
 * The schema sets in use, by content id, and one codec per (set, message type), so a message
 * costs one generated decode and no hashing. The worker keeps one per connection (charted
 * fields); the page keeps one (`pageProtobuf`) for the rows, details and history on screen.
 */
import { coded, type Coded } from '../lib/coded'
import { protoRefKey, type ProtoRef, type ProtoSchemaSet } from '../wire/protobuf'
import { compileSchemaSet, type ProtoCodec, type ProtoDecodeResult } from './protobufSchema'

type CodecOutcome = { ok: true; codec: ProtoCodec } | { ok: false; error: Coded }

export class ProtoRegistry {
  #sets = new Map<string, ProtoSchemaSet>()
  #codecs = new Map<string, CodecOutcome>()

  /**
   * Replaces the known sets. Codecs are made again on next use (a failure such as "set not
   * known yet" must not outlive the change; a compiled set is cached by content, so this is cheap).
   */
  setSets(sets: readonly ProtoSchemaSet[]): void {
    this.#sets = new Map(sets.map((s) => [s.id, s]))
    this.#codecs.clear()
  }

  /** The codec of `ref`, or why there is none (set unknown, does not compile, no such type). */
  codec(ref: ProtoRef): CodecOutcome {
    const key = protoRefKey(ref)
    const known = this.#codecs.get(key)
    if (known) return known
    const outcome = this.#build(ref)
    this.#codecs.set(key, outcome)
    return outcome
  }

  #build(ref: ProtoRef): CodecOutcome {
    const set = this.#sets.get(ref.schemaId)
    if (!set) return { ok: false, error: coded('protobuf.schemaMissing', { type: ref.type }) }
    const compiled = compileSchemaSet(set.files)
    if (!compiled.ok)
      return {
        ok: false,
        error: compiled.errors[0] ?? coded('protobuf.schemaMissing', { type: ref.type }),
      }
    return compiled.set.codec(ref.type)
  }

  /** Decodes `bytes` (the first bytes of a `size`-byte payload) as `ref`; never throws. */
  decode(ref: ProtoRef, bytes: Uint8Array, size = bytes.length): ProtoDecodeResult {
    const c = this.codec(ref)
    return c.ok ? c.codec.decode(bytes, size) : c
  }
}

/**
 * The page's registry and the bound type of a topic. Set by the schema store
 * (features/payload-tools/schemaStore.ts): codecs/ cannot import a store, and the views that
 * decode (tree, log, details, history) already pass the topic, so `decodePayload(…, 'protobuf')`
 * finds the binding here instead of every caller passing it.
 */
export const pageProtobuf: {
  registry: ProtoRegistry
  refFor: (topic: string) => ProtoRef | undefined
} = { registry: new ProtoRegistry(), refFor: () => undefined }
