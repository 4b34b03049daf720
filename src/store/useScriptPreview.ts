/**
 * The hook a tree or log row of a script-bound topic uses for its value (issue #16): the
 * page-wide ScriptPreviews with the channel, asked once per animation frame. Only rows whose
 * format is `script` call it (`RowValue`), so other rows pay no subscription.
 */
import { useCallback, useEffect, useSyncExternalStore } from 'react'
import { coded, type Coded } from '../lib/coded'
import { sourceHash } from '../scripting/sourceHash'
import type { ScriptSpec } from '../scripting/types'
import type { ScriptPreviewResult } from '../wire/scripts'
import { selectShownId, useAppStore } from './appStore'
import { onConnectionClosed } from './connections'
import { useDecoderStore } from './decoderStore'
import { decodeScriptFor, useScriptStore } from './scriptStore'
import { previewKey, ScriptPreviews } from './scriptPreviews'
import { channel } from './sessions'

function nextFrame(run: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run)
  else setTimeout(run, 0)
}

/** The page's one set of row values (the tree and the log share it: same message, one call). */
export const scriptPreviews = new ScriptPreviews(
  (conn, args) => channel().call(conn, 'scriptDecodeMany', args).result,
  nextFrame,
)
onConnectionClosed((id) => scriptPreviews.forget(id))

// A script's hash is asked per row render; its source may be 256 Ki characters.
const hashes = new WeakMap<ScriptSpec, string>()
function hashOf(script: ScriptSpec): string {
  let h = hashes.get(script)
  if (h === undefined) hashes.set(script, (h = sourceHash(script.source)))
  return h
}

const noop = () => undefined
// A constant: the row's result object must be the same between renders of the same state.
const CUT = coded('script.decodedInDetails')

/**
 * A row's script value: `result` once the worker answered (a value or the script's failure),
 * `note` when the row cannot be decoded here (no script bound, or its preview is not the whole
 * payload), neither while waiting. Rows of the shown connection only (the tree and log show it).
 */
export function useScriptPreview(
  topic: string,
  preview: Uint8Array,
  size: number,
): { result?: ScriptPreviewResult; note?: Coded } {
  const conn = useAppStore(selectShownId)
  // Renders again when the bindings change; the script itself is a stable stored object.
  useDecoderStore((s) => s.bindings)
  const found = useScriptStore(() => {
    const f = decodeScriptFor(topic)
    return 'script' in f ? f.script : f.error
  })
  const script = 'source' in found ? found : undefined
  const whole = preview.length >= size
  const key =
    script && whole ? previewKey(conn, script.id, hashOf(script), topic, preview) : undefined
  const subscribe = useCallback(
    (listener: () => void) => (key ? scriptPreviews.subscribe(key, listener) : noop),
    [key],
  )
  const result = useSyncExternalStore(subscribe, () => (key ? scriptPreviews.peek(key) : undefined))
  useEffect(() => {
    if (key && script) return scriptPreviews.want(key, { conn, script, topic, payload: preview })
    // The key names every input the request uses.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  if (!script) return { note: found as Coded }
  if (!whole) return { note: CUT }
  return result ? { result } : {}
}
