/**
 * Decode scripts of the worker (issue #16): the page asks for one payload's value (the topic
 * details) and the script runs here, in its sandbox, never on the page, so a script that loops
 * until its deadline costs the worker 50 ms and the page nothing. One engine per script, shared
 * by every connection (a decoder keeps no per-connection state that matters), loaded again when
 * its source changes; a script that does not load is remembered with its error until then.
 */
import { coded } from '../lib/coded'
import type { LoadResult, ScriptHost } from '../scripting/host'
import type { ScriptSpec } from '../scripting/types'
import type { ScriptDecodeReply } from '../wire/scripts'

export class DecodeScripts {
  readonly #host: ScriptHost
  readonly #loaded = new Map<
    string,
    { name: string; source: string; loading: Promise<LoadResult> }
  >()

  constructor(host: ScriptHost) {
    this.#host = host
  }

  async decode(spec: ScriptSpec, payload: Uint8Array, topic: string): Promise<ScriptDecodeReply> {
    let entry = this.#loaded.get(spec.id)
    if (!entry || entry.source !== spec.source || entry.name !== spec.name) {
      entry = {
        name: spec.name,
        source: spec.source,
        loading: this.#host.load({ ...spec, id: `decode:${spec.id}` }),
      }
      this.#loaded.set(spec.id, entry)
    }
    const loaded = await entry.loading
    if (!loaded.ok) return { ok: false, error: loaded.error, logs: [] }
    if (!loaded.script.exports.includes('decode'))
      return {
        ok: false,
        error: coded('script.missingExport', { script: spec.name, name: 'decode' }),
        logs: [],
      }
    return loaded.script.decode(payload, topic)
  }
}
