/**
 * QuickJS's WebAssembly in the browser: Vite emits the file as a hashed asset (precached by the
 * service worker with the rest of the build, so scripts work offline) and this fetches and
 * compiles it once, only when the first script is loaded. `compile` rather than
 * `compileStreaming`: the latter needs the server to say `application/wasm`, which some static
 * hosts do not.
 */
import wasmUrl from '@jitl/quickjs-wasmfile-release-sync/wasm?url'

export async function loadQuickJsWasm(): Promise<WebAssembly.Module> {
  const res = await fetch(wasmUrl)
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}`)
  return WebAssembly.compile(await res.arrayBuffer())
}
