/**
 * Decode (and encode) scripts of the worker (issue #16): the page asks for one payload's value
 * (the topic details) or one publish's bytes (the composer) and the script runs here, in its sandbox, never on the page, so a script that loops
 * until its deadline costs the worker 50 ms and the page nothing. Charted fields decode here too,
 * synchronously in the ingest path. One engine per script, shared by every connection (a decoder
 * keeps no per-connection state that matters), loaded again when its source changes; a script
 * that does not load is remembered with its error until then.
 */
import type { DecodeOutcome } from '../codecs/decodedNumeric'
import type { ScriptDecoder } from '../engine/ChartEngine'
import { coded } from '../lib/coded'
import {
  sourceHash,
  type LoadResult,
  type SandboxedScript,
  type ScriptHost,
} from '../scripting/host'
import type { ScriptSpec } from '../scripting/types'
import type { ScriptDecodeReply, ScriptEncodeReply, ScriptRef } from '../wire/scripts'

interface Entry {
  name: string
  source: string
  hash: string
  loading: Promise<LoadResult>
  /** Set once loaded with a decode(): the charts' synchronous path uses it. */
  ready?: SandboxedScript
}

export class DecodeScripts implements ScriptDecoder {
  readonly #host: ScriptHost
  readonly #loaded = new Map<string, Entry>()

  constructor(host: ScriptHost) {
    this.#host = host
  }

  #entry(spec: ScriptSpec): Entry {
    const had = this.#loaded.get(spec.id)
    if (had && had.source === spec.source && had.name === spec.name) return had
    const entry: Entry = {
      name: spec.name,
      source: spec.source,
      hash: sourceHash(spec.source),
      loading: this.#host.load({ ...spec, id: `decode:${spec.id}` }),
    }
    void entry.loading.then((r) => {
      if (r.ok && r.script.exports.includes('decode')) entry.ready = r.script
    })
    this.#loaded.set(spec.id, entry)
    return entry
  }

  /** The decode scripts the page has bound (sent on every change): charted fields use them. */
  setScripts(specs: readonly ScriptSpec[]): void {
    for (const spec of specs) this.#entry(spec)
  }

  /**
   * A charted message's value, synchronously in the ingest path: only a script already loaded
   * with that very source decodes (a series names its source's hash); otherwise no point.
   */
  decode(ref: ScriptRef, bytes: Uint8Array, topic: string): DecodeOutcome {
    const entry = this.#loaded.get(ref.scriptId)
    const script = entry?.hash === ref.sourceHash ? entry.ready : undefined
    if (!script) return { ok: false }
    const r = script.decode(bytes, topic)
    return r.ok ? { ok: true, value: r.value } : { ok: false }
  }

  /** One payload's value for the topic details (loads the script when needed). */
  async decodeOne(
    spec: ScriptSpec,
    payload: Uint8Array,
    topic: string,
  ): Promise<ScriptDecodeReply> {
    const loaded = await this.#entry(spec).loading
    if (!loaded.ok) return { ok: false, error: loaded.error, logs: [] }
    if (!loaded.script.exports.includes('decode'))
      return {
        ok: false,
        error: coded('script.missingExport', { script: spec.name, name: 'decode' }),
        logs: [],
      }
    return loaded.script.decode(payload, topic)
  }

  /** The composer's input as bytes, for one publish of format Script. */
  async encodeOne(spec: ScriptSpec, input: unknown, topic: string): Promise<ScriptEncodeReply> {
    const loaded = await this.#entry(spec).loading
    if (!loaded.ok) return { ok: false, error: loaded.error }
    if (!loaded.script.exports.includes('encode'))
      return {
        ok: false,
        error: coded('script.missingExport', { script: spec.name, name: 'encode' }),
      }
    const r = loaded.script.encode(input, topic)
    return r.ok ? { ok: true, bytes: r.value } : { ok: false, error: r.error }
  }
}
