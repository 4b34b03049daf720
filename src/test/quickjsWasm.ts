import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'

/** QuickJS's WebAssembly compiled from the installed package, for the sandbox's Node tests. */
export async function loadQuickJsWasmNode(): Promise<WebAssembly.Module> {
  const path = createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm')
  return WebAssembly.compile(await readFile(path))
}
