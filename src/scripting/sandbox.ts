/**
 * One user script in its own QuickJS engine (quickjs-emscripten: QuickJS compiled to WebAssembly).
 *
 * Why QuickJS in WebAssembly, not an iframe or a bare worker:
 * - No ambient authority. The script runs in a JavaScript engine that has no fetch, WebSocket,
 *   DOM, storage, timers, importScripts or module loader: nothing exists inside for it to reach
 *   the page, the user's saved data or the network, whatever thread hosts the engine. An iframe
 *   or worker starts with all of those and must be locked down by policy (sandbox, CSP), where
 *   one missed API is a hole.
 * - Bounded per call, synchronously. An interrupt handler stops a call at its deadline; the
 *   engine's WebAssembly memory is created with a maximum, so an allocation past it fails inside
 *   the script as "out of memory" (QuickJS's own malloc limit is not used: in this build it counts
 *   allocations, not bytes, because malloc_usable_size is unavailable under Emscripten). A
 *   terminated worker would bound time too, but each call would be a message round trip, and
 *   decoding must be synchronous in the MQTT worker's ingest path (charts, 1 k msgs/s).
 * - The same code runs in Node (vitest) and in the browser's worker.
 * Each script gets its own engine instance (the compiled WebAssembly module is shared), so one
 * script's memory, crash or runaway cannot affect another's.
 */
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
} from 'quickjs-emscripten-core'
import variant from '@jitl/quickjs-wasmfile-release-sync'
import { coded, type Coded } from '../lib/coded'
import { preludeSource } from './prelude'
import type { Marshalled } from './shapes'
import { SCRIPT_FUNCTIONS, type ScriptFunction, type ScriptSpec } from './types'

/** Bounds of one script's engine (defaults in budgets.ts; tests pass smaller ones). */
export interface ScriptLimits {
  callDeadlineMs: number
  loadDeadlineMs: number
  memoryBytes: number
  stackBytes: number
  budgetMs: number
  budgetWindowMs: number
  sourceMaxChars: number
  resultMaxChars: number
  logLines: number
  logLineChars: number
  maxLoaded: number
}

/** QuickJS's Emscripten build declares a 16 MiB minimum for its memory import (in 64 KiB pages). */
const QUICKJS_MIN_PAGES = 256
const PAGE = 65_536

/** What a call into the engine gave: the marshalled result, or a coded failure. */
export type RawCall =
  | { ok: true; result: Marshalled; logs: string[] }
  | { ok: false; error: Coded; logs: string[]; crashed?: boolean; timedOut?: boolean }

/** Line and column of the first frame of the user's script in a QuickJS stack. */
function placeIn(stack: unknown): { line: number; column: number } {
  const m = typeof stack === 'string' ? /script\.js:(\d+)(?::(\d+))?/.exec(stack) : null
  return { line: m ? Number(m[1]) : 0, column: m?.[2] ? Number(m[2]) : 0 }
}

/** The `got` of a bare JSON result, from its first character. */
function kindOfJson(json: string): string {
  switch (json.charAt(0)) {
    case '"':
      return 'string'
    case '[':
      return 'array'
    case '{':
      return 'object'
    case 'n':
      return 'null'
    case 't':
    case 'f':
      return 'boolean'
    default:
      return 'number'
  }
}

/** A live QuickJS engine holding one evaluated script. */
export class Engine {
  readonly exports: readonly ScriptFunction[]
  readonly #rt: QuickJSRuntime
  readonly #ctx: QuickJSContext
  readonly #scope: QuickJSHandle
  readonly #fns: Map<string, QuickJSHandle>
  readonly #name: string
  readonly #limits: ScriptLimits
  #deadline = Infinity
  #disposed = false

  private constructor(
    rt: QuickJSRuntime,
    ctx: QuickJSContext,
    scope: QuickJSHandle,
    fns: Map<string, QuickJSHandle>,
    exports: ScriptFunction[],
    name: string,
    limits: ScriptLimits,
  ) {
    this.#rt = rt
    this.#ctx = ctx
    this.#scope = scope
    this.#fns = fns
    this.exports = exports
    this.#name = name
    this.#limits = limits
  }

  /** Starts an engine, evaluates the prelude and the script; a coded error when it cannot. */
  static async create(
    wasm: WebAssembly.Module,
    spec: ScriptSpec,
    limits: ScriptLimits,
  ): Promise<{ ok: true; engine: Engine } | { ok: false; error: Coded }> {
    const maximum = Math.max(QUICKJS_MIN_PAGES, Math.ceil(limits.memoryBytes / PAGE))
    const memory = new WebAssembly.Memory({ initial: QUICKJS_MIN_PAGES, maximum })
    const qjs = await newQuickJSWASMModuleFromVariant(
      newVariant(variant, { wasmModule: wasm, wasmMemory: memory }),
    )
    const rt = qjs.newRuntime()
    let deadline = Infinity
    rt.setMaxStackSize(limits.stackBytes)
    const ctx = rt.newContext()
    const fail = (error: Coded) => {
      ctx.dispose()
      rt.dispose()
      return { ok: false as const, error }
    }
    const prelude = ctx.evalCode(preludeSource(limits), 'prelude.js', { type: 'global' })
    if (prelude.error) {
      prelude.error.dispose()
      return fail(coded('script.engineUnavailable', { script: spec.name, detail: '' }))
    }
    prelude.value.dispose()
    rt.setInterruptHandler(() => performance.now() > deadline)
    deadline = performance.now() + limits.loadDeadlineMs
    const evaluated = ctx.evalCode(spec.source, 'script.js', { type: 'module' })
    let namespace: QuickJSHandle
    if (evaluated.error) {
      const error = errorCode(
        ctx,
        evaluated.error,
        spec.name,
        limits,
        deadline,
        limits.loadDeadlineMs,
      )
      evaluated.error.dispose()
      return fail(error)
    }
    namespace = evaluated.value
    const state = ctx.getPromiseState(namespace)
    if (state.type !== 'fulfilled' || !state.notAPromise) {
      // Top-level await: settle it within the load deadline, or refuse it.
      rt.executePendingJobs()
      const settled = ctx.getPromiseState(namespace)
      namespace.dispose()
      if (state.type === 'fulfilled') state.value.dispose()
      if (settled.type !== 'fulfilled') {
        if (settled.type === 'rejected') {
          const error = errorCode(
            ctx,
            settled.error,
            spec.name,
            limits,
            deadline,
            limits.loadDeadlineMs,
          )
          settled.error.dispose()
          return fail(error)
        }
        return fail(coded('script.async', { script: spec.name }))
      }
      namespace = settled.value
    }
    deadline = Infinity
    const scope = ctx.getProp(ctx.global, '__mqttScope')
    const bind = ctx.getProp(scope, 'bind')
    const bound = ctx.callFunction(bind, ctx.undefined, namespace)
    bind.dispose()
    namespace.dispose()
    if (bound.error) {
      bound.error.dispose()
      scope.dispose()
      return fail(coded('script.engineUnavailable', { script: spec.name, detail: '' }))
    }
    const names = ctx.getString(bound.value).split(',')
    bound.value.dispose()
    const exports = SCRIPT_FUNCTIONS.filter((f) => names.includes(f))
    if (exports.length === 0) {
      scope.dispose()
      return fail(coded('script.noExports', { script: spec.name }))
    }
    const fns = new Map<string, QuickJSHandle>()
    for (const f of [...SCRIPT_FUNCTIONS, 'flush']) fns.set(f, ctx.getProp(scope, f))
    const engine = new Engine(rt, ctx, scope, fns, exports, spec.name, limits)
    rt.setInterruptHandler(() => performance.now() > engine.#deadline)
    return { ok: true, engine }
  }

  /**
   * Calls the prelude's `fn` with arguments made by `args` (handles it owns and disposes).
   * Throws only what the engine itself throws (a WebAssembly trap, the host's stack): the
   * caller treats that as a crash and restarts the engine.
   */
  call(fn: ScriptFunction, args: (ctx: QuickJSContext) => QuickJSHandle[]): RawCall {
    const ctx = this.#ctx
    const handle = this.#fns.get(fn)
    if (!handle || this.#disposed)
      return {
        ok: false,
        error: coded('script.engineUnavailable', { script: this.#name, detail: '' }),
        logs: [],
      }
    const argv = args(ctx)
    this.#deadline = performance.now() + this.#limits.callDeadlineMs
    const deadline = this.#deadline
    let result
    try {
      result = ctx.callFunction(handle, ctx.undefined, argv)
    } finally {
      this.#deadline = Infinity
      for (const a of argv) a.dispose()
    }
    if (result.error) {
      const error = errorCode(
        ctx,
        result.error,
        this.#name,
        this.#limits,
        deadline,
        this.#limits.callDeadlineMs,
      )
      result.error.dispose()
      return {
        ok: false,
        error,
        logs: this.#flush(),
        ...(error.code === 'script.timeout' ? { timedOut: true } : {}),
      }
    }
    try {
      return this.#read(result.value)
    } finally {
      result.value.dispose()
    }
  }

  #read(h: QuickJSHandle): RawCall {
    const ctx = this.#ctx
    if (ctx.typeof(h) === 'string') {
      const json = ctx.getString(h)
      return { ok: true, result: { json, buffers: [], got: kindOfJson(json) }, logs: [] }
    }
    const prop = (name: string) => {
      const p = ctx.getProp(h, name)
      try {
        return ctx.dump(p) as unknown
      } finally {
        p.dispose()
      }
    }
    const tooLarge = prop('tooLarge')
    if (typeof tooLarge === 'number')
      return {
        ok: false,
        error: coded('script.resultTooLarge', {
          script: this.#name,
          chars: tooLarge,
          max: this.#limits.resultMaxChars,
        }),
        logs: [],
      }
    const json = prop('json')
    const got = prop('got')
    const logs = this.#logsOf(prop('logs'), prop('dropped'))
    const buffers: Uint8Array[] = []
    const list = ctx.getProp(h, 'buffers')
    const length = ctx.getProp(list, 'length').consume((l) => ctx.getNumber(l))
    for (let i = 0; i < length; i++) {
      const item = ctx.getProp(list, i)
      // A view into the engine's memory: copied before the next call can move it.
      buffers.push(ctx.getArrayBuffer(item).consume((view) => view.value.slice()))
      item.dispose()
    }
    list.dispose()
    return {
      ok: true,
      result: { json: typeof json === 'string' ? json : undefined, buffers, got: String(got) },
      logs,
    }
  }

  #logsOf(lines: unknown, dropped: unknown): string[] {
    const logs = Array.isArray(lines) ? lines.map(String) : []
    if (typeof dropped === 'number' && dropped > 0) logs.push(`… ${dropped}`)
    return logs
  }

  /** Logs of a failed call (the prelude keeps them until asked). */
  #flush(): string[] {
    const ctx = this.#ctx
    const flush = this.#fns.get('flush')
    if (!flush) return []
    try {
      const r = ctx.callFunction(flush, ctx.undefined)
      if (r.error) {
        r.error.dispose()
        return []
      }
      const out = ctx.dump(r.value) as { logs?: unknown; dropped?: unknown }
      r.value.dispose()
      return this.#logsOf(out.logs, out.dropped)
    } catch {
      return []
    }
  }

  dispose(): void {
    if (this.#disposed) return
    this.#disposed = true
    try {
      for (const h of this.#fns.values()) h.dispose()
      this.#scope.dispose()
      this.#ctx.dispose()
      this.#rt.dispose()
    } catch {
      // A crashed engine may fail to free itself; its memory goes with the instance.
    }
  }
}

/** A QuickJS exception as a code: stopped (time, memory, stack) or thrown (message and place). */
function errorCode(
  ctx: QuickJSContext,
  handle: QuickJSHandle,
  script: string,
  limits: ScriptLimits,
  deadline: number,
  ms: number,
): Coded {
  let dumped: unknown
  try {
    dumped = ctx.dump(handle)
  } catch {
    dumped = undefined
  }
  const err = (typeof dumped === 'object' && dumped !== null ? dumped : {}) as Record<
    string,
    unknown
  >
  const name = typeof err.name === 'string' ? err.name : ''
  const message = typeof err.message === 'string' ? err.message : String(dumped)
  if (name === 'InternalError' && message === 'interrupted') {
    return performance.now() >= deadline
      ? coded('script.timeout', { script, ms })
      : coded('script.interrupted', { script })
  }
  if (/out of memory/.test(message))
    return coded('script.outOfMemory', { script, mb: Math.round(limits.memoryBytes / 1_048_576) })
  if (name === 'InternalError' && /stack overflow/.test(message))
    return coded('script.stackOverflow', { script })
  if (message.startsWith('\u0000missing:'))
    return coded('script.missingExport', { script, name: message.slice('\u0000missing:'.length) })
  const place = placeIn(err.stack)
  if (name === 'SyntaxError' && typeof err.lineNumber === 'number' && place.line === 0)
    place.line = err.lineNumber
  const text = name && name !== 'Error' ? `${name}: ${message}` : message
  const code = name === 'SyntaxError' ? 'script.syntax' : 'script.threw'
  // A throw with no frame in the script (from the prelude, or a thrown non-Error) has no place.
  return place.line > 0
    ? coded(code, { script, message: text, ...place })
    : coded(`${code}NoPlace`, { script, message: text })
}
