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
import { SCRIPT_PREVIEW_CHARS } from '../engine/budgets'
import type { ConnMethod, ToHost } from '../wire/channel'
import type {
  ScriptDecodeReply,
  ScriptEncodeReply,
  ScriptPreviewItem,
  ScriptPreviewResult,
  ScriptRef,
} from '../wire/scripts'
import type { CallContext } from './callContext'

type ScriptCallMessage = Extract<
  ToHost,
  { kind: 'call'; method: 'scriptDecode' | 'scriptDecodeMany' | 'scriptEncode' }
>

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

  /**
   * The page's script calls to a connection, handed on by its SessionCore (one assertion per
   * method, as there: the mapped union of calls cannot narrow a shared context by itself).
   */
  call(msg: ScriptCallMessage, ctx: CallContext<ConnMethod>): void {
    switch (msg.method) {
      case 'scriptDecode': {
        const { script, payload, topic } = msg.args
        const c = ctx as CallContext<'scriptDecode'>
        return void this.decodeOne(script, payload, topic).then((r) => c.reply(r))
      }
      case 'scriptDecodeMany': {
        const c = ctx as CallContext<'scriptDecodeMany'>
        return void this.decodeMany(msg.args.script, msg.args.items).then((r) => c.reply(r))
      }
      case 'scriptEncode': {
        const { script, input, topic } = msg.args
        const c = ctx as CallContext<'scriptEncode'>
        return void this.encodeOne(script, input, topic).then((r) => c.reply(r))
      }
    }
  }

  /**
   * The values of the rows on screen (tree and log), in order: each a line of JSON cut to
   * SCRIPT_PREVIEW_CHARS, or its failure's code. Each item is one decode() call with its own
   * deadline, and the script's budget per window bounds the batch (calls beyond it fail with
   * `script.overBudget`), so a looping script costs the worker its budget, never more.
   */
  async decodeMany(
    spec: ScriptSpec,
    items: readonly ScriptPreviewItem[],
  ): Promise<{ results: ScriptPreviewResult[] }> {
    const loaded = await this.#entry(spec).loading
    if (!loaded.ok) return { results: items.map(() => ({ ok: false, error: loaded.error })) }
    if (!loaded.script.exports.includes('decode')) {
      const error = coded('script.missingExport', { script: spec.name, name: 'decode' })
      return { results: items.map(() => ({ ok: false, error })) }
    }
    const script = loaded.script
    const results = items.map((item): ScriptPreviewResult => {
      const r = script.decode(item.payload, item.topic)
      return r.ok ? { ok: true, text: previewText(r.value) } : { ok: false, error: r.error }
    })
    return { results }
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

/** A decoded value as a row shows it: compact JSON on one line, cut with "…". */
export function previewText(value: unknown): string {
  // decodedValue() made it plain JSON already (shapes.ts), so stringify cannot fail here.
  const json = JSON.stringify(value) ?? 'null'
  return json.length > SCRIPT_PREVIEW_CHARS ? `${json.slice(0, SCRIPT_PREVIEW_CHARS - 1)}…` : json
}
