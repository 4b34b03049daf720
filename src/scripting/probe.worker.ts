/**
 * Test hook (e2e/scripting.spec.ts): runs scripts in a dedicated module worker of the production
 * build, the way the MQTT worker will host them, so the browser path (Vite's wasm asset, the
 * Emscripten browser glue, a worker's stack and memory) is proven, not only Node's.
 */
import { ScriptHost } from './host'
import { loadQuickJsWasm } from './wasmBrowser'
import type { ProbeRequest, ProbeResponse } from './probe'

const hosts = new Map<string, ScriptHost>()

self.onmessage = async (event: MessageEvent<ProbeRequest>) => {
  const { id, source, call, bytes, input, limits } = event.data
  const key = JSON.stringify(limits ?? {})
  let host = hosts.get(key)
  if (!host) hosts.set(key, (host = new ScriptHost(loadQuickJsWasm, limits)))
  const loaded = await host.load({ id: 'probe', name: 'probe', source })
  let response: ProbeResponse
  if (!loaded.ok) response = { id, ok: false, error: loaded.error }
  else {
    const s = loaded.script
    const result =
      call === 'decode'
        ? s.decode(Uint8Array.from(bytes), 'probe/topic')
        : call === 'encode'
          ? s.encode(input, 'probe/topic')
          : s.respond({
              topic: 'probe/topic',
              payload: Uint8Array.from(bytes),
              qos: 0,
              retain: false,
            })
    response = result.ok
      ? {
          id,
          ok: true,
          value: JSON.parse(
            JSON.stringify(result.value, (_k, v: unknown) =>
              v instanceof Uint8Array ? [...v] : v,
            ),
          ) as unknown,
        }
      : { id, ok: false, error: result.error }
  }
  self.postMessage(response)
}
