/**
 * The scripts of one thread (meant to be the MQTT worker: decode and respond run in its ingest
 * path, encode in its publisher for repeats). Loads each script into its own engine, calls it
 * within its bounds, turns what comes out into checked values, and restarts an engine that
 * crashed. Everything a call can go wrong with is a coded result naming the script.
 */
import { coded, type Coded } from '../lib/coded'
import {
  SCRIPT_BUDGET_MS_PER_WINDOW,
  SCRIPT_BUDGET_WINDOW_MS,
  SCRIPT_CALL_DEADLINE_MS,
  SCRIPT_LOAD_DEADLINE_MS,
  SCRIPT_LOG_LINE_CHARS,
  SCRIPT_LOG_LINES,
  SCRIPT_MEMORY_BYTES,
  SCRIPT_RESULT_MAX_CHARS,
  SCRIPT_SOURCE_MAX_CHARS,
  SCRIPT_STACK_BYTES,
  SCRIPTS_LOADED_MAX,
} from '../engine/budgets'
import { TimeBudget } from './budget'
import { Engine, type RawCall, type ScriptLimits } from './sandbox'
import { decodedValue, encodedBytes, responderPublishes, type Marshalled } from './shapes'
import type {
  LoadedScript,
  ScriptCall,
  ScriptFunction,
  ScriptMessage,
  ScriptPublish,
  ScriptSpec,
  ScriptStats,
} from './types'

export const DEFAULT_SCRIPT_LIMITS: ScriptLimits = {
  callDeadlineMs: SCRIPT_CALL_DEADLINE_MS,
  loadDeadlineMs: SCRIPT_LOAD_DEADLINE_MS,
  memoryBytes: SCRIPT_MEMORY_BYTES,
  stackBytes: SCRIPT_STACK_BYTES,
  budgetMs: SCRIPT_BUDGET_MS_PER_WINDOW,
  budgetWindowMs: SCRIPT_BUDGET_WINDOW_MS,
  sourceMaxChars: SCRIPT_SOURCE_MAX_CHARS,
  resultMaxChars: SCRIPT_RESULT_MAX_CHARS,
  logLines: SCRIPT_LOG_LINES,
  logLineChars: SCRIPT_LOG_LINE_CHARS,
  maxLoaded: SCRIPTS_LOADED_MAX,
}

/** Compiles QuickJS's WebAssembly (browser: wasmBrowser.ts; Node tests read the file). */
export type WasmLoader = () => Promise<WebAssembly.Module>

export type LoadResult = { ok: true; script: SandboxedScript } | { ok: false; error: Coded }

/**
 * A fresh ArrayBuffer holding exactly `bytes`. Not `bytes.slice().buffer`: MQTT.js hands out
 * Buffers, whose slice() is a view into a shared pool, so `.buffer` would be the whole pool.
 */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength)
  copy.set(bytes)
  return copy.buffer
}

/** A loaded script; calls are synchronous and never throw. */
export class SandboxedScript implements LoadedScript {
  readonly id: string
  readonly name: string
  readonly source: string
  readonly stats: ScriptStats = { calls: 0, failures: 0, timeouts: 0, skipped: 0, restarts: 0 }
  #engine: Engine | undefined
  #state: 'ready' | 'restarting' | 'failed' | 'unloaded' = 'ready'
  /** Why the engine could not be restarted. */
  #failure: Coded | undefined
  readonly #budget: TimeBudget
  readonly #restart: () => Promise<{ ok: true; engine: Engine } | { ok: false; error: Coded }>
  readonly #now: () => number

  constructor(
    spec: ScriptSpec,
    engine: Engine,
    limits: ScriptLimits,
    restart: () => Promise<{ ok: true; engine: Engine } | { ok: false; error: Coded }>,
    now: () => number,
  ) {
    this.id = spec.id
    this.name = spec.name
    this.source = spec.source
    this.#engine = engine
    this.#budget = new TimeBudget(
      limits.budgetMs,
      limits.budgetWindowMs,
      Math.ceil(limits.budgetMs / limits.callDeadlineMs),
    )
    this.#restart = restart
    this.#now = now
  }

  get exports(): readonly ScriptFunction[] {
    return this.#engine?.exports ?? []
  }

  /** 'restarting' after a crash until the new engine is up; 'failed' if it could not start. */
  get state(): 'ready' | 'restarting' | 'failed' | 'unloaded' {
    return this.#state
  }

  #crashed(): void {
    this.#engine?.dispose()
    this.#engine = undefined
    this.#state = 'restarting'
    this.stats.restarts++
    void this.#restart().then((r) => {
      if (this.#state !== 'restarting') {
        if (r.ok) r.engine.dispose()
        return
      }
      if (r.ok) {
        this.#engine = r.engine
        this.#state = 'ready'
      } else {
        this.#failure = r.error
        this.#state = 'failed'
      }
    })
  }

  #invoke<T>(
    fn: ScriptFunction,
    args: Parameters<Engine['call']>[1],
    shape: (script: string, m: Marshalled) => { ok: true; value: T } | { ok: false; error: Coded },
  ): ScriptCall<T> {
    const engine = this.#engine
    if (!engine || this.#state !== 'ready') {
      const error =
        this.#state === 'failed' && this.#failure
          ? this.#failure
          : this.#state === 'unloaded'
            ? coded('script.unloaded', { script: this.name })
            : coded('script.restarting', { script: this.name })
      return { ok: false, error, logs: [] }
    }
    const start = this.#now()
    if (!this.#budget.allows(start)) {
      this.stats.skipped++
      return {
        ok: false,
        error: coded('script.overBudget', {
          script: this.name,
          ms: this.#budget.budgetMs,
          windowMs: this.#budget.windowMs,
        }),
        logs: [],
      }
    }
    this.stats.calls++
    let raw: RawCall
    try {
      raw = engine.call(fn, args)
    } catch {
      // A WebAssembly trap or the host's own stack: the engine is not trustworthy any more.
      this.stats.failures++
      this.#crashed()
      return { ok: false, error: coded('script.crashed', { script: this.name }), logs: [] }
    } finally {
      this.#budget.spend(start, this.#now() - start)
    }
    if (!raw.ok) {
      this.stats.failures++
      if (raw.timedOut) this.stats.timeouts++
      return { ok: false, error: raw.error, logs: raw.logs }
    }
    const shaped = shape(this.name, raw.result)
    if (!shaped.ok) this.stats.failures++
    return shaped.ok
      ? { ok: true, value: shaped.value, logs: raw.logs }
      : { ok: false, error: shaped.error, logs: raw.logs }
  }

  decode(bytes: Uint8Array, topic: string): ScriptCall<unknown> {
    return this.#invoke(
      'decode',
      (ctx) => [ctx.newArrayBuffer(ownBuffer(bytes)), ctx.newString(topic)],
      decodedValue,
    )
  }

  encode(input: unknown, topic: string): ScriptCall<Uint8Array> {
    let json: string
    try {
      json = JSON.stringify(input ?? null)
    } catch {
      return { ok: false, error: coded('script.encode.badInput', { script: this.name }), logs: [] }
    }
    return this.#invoke(
      'encode',
      (ctx) => [ctx.newString(json), ctx.newString(topic)],
      encodedBytes,
    )
  }

  respond(message: ScriptMessage): ScriptCall<ScriptPublish[]> {
    const { correlationData, ...properties } = message.properties ?? {}
    const meta = JSON.stringify({
      topic: message.topic,
      qos: message.qos,
      retain: message.retain,
      properties,
    })
    return this.#invoke(
      'respond',
      (ctx) => [
        ctx.newString(meta),
        ctx.newArrayBuffer(ownBuffer(message.payload)),
        ...(correlationData ? [ctx.newArrayBuffer(ownBuffer(correlationData))] : []),
      ],
      responderPublishes,
    )
  }

  /** Frees the engine; later calls answer `script.unloaded`. */
  dispose(): void {
    this.#state = 'unloaded'
    this.#engine?.dispose()
    this.#engine = undefined
  }
}

/** The loaded scripts of one thread, at most `maxLoaded`, by id. */
export class ScriptHost {
  readonly limits: ScriptLimits
  readonly #loadWasm: WasmLoader
  readonly #now: () => number
  #wasm: Promise<WebAssembly.Module> | undefined
  readonly #scripts = new Map<string, SandboxedScript>()

  constructor(
    loadWasm: WasmLoader,
    limits: Partial<ScriptLimits> = {},
    now = () => performance.now(),
  ) {
    this.#loadWasm = loadWasm
    this.limits = { ...DEFAULT_SCRIPT_LIMITS, ...limits }
    this.#now = now
  }

  async #module(script: string): Promise<WebAssembly.Module | Coded> {
    this.#wasm ??= this.#loadWasm()
    try {
      return await this.#wasm
    } catch (err) {
      this.#wasm = undefined // a later load may try again (a network hiccup, an update)
      return coded('script.engineUnavailable', {
        script,
        detail: err instanceof Error ? err.message : String(err),
      })
    }
  }

  /** Loads (or reloads, by id) a script: its engine starts and its top level runs once. */
  async load(spec: ScriptSpec): Promise<LoadResult> {
    if (spec.source.length > this.limits.sourceMaxChars)
      return {
        ok: false,
        error: coded('script.tooLarge', { script: spec.name, max: this.limits.sourceMaxChars }),
      }
    if (!this.#scripts.has(spec.id) && this.#scripts.size >= this.limits.maxLoaded)
      return { ok: false, error: coded('script.tooMany', { max: this.limits.maxLoaded }) }
    const wasm = await this.#module(spec.name)
    if (!(wasm instanceof WebAssembly.Module)) return { ok: false, error: wasm }
    const start = () => Engine.create(wasm, spec, this.limits)
    let first
    try {
      first = await start()
    } catch (err) {
      return {
        ok: false,
        error: coded('script.engineUnavailable', {
          script: spec.name,
          detail: err instanceof Error ? err.message : String(err),
        }),
      }
    }
    if (!first.ok) return first
    this.#scripts.get(spec.id)?.dispose()
    const script = new SandboxedScript(spec, first.engine, this.limits, start, this.#now)
    this.#scripts.set(spec.id, script)
    return { ok: true, script }
  }

  get(id: string): SandboxedScript | undefined {
    return this.#scripts.get(id)
  }

  unload(id: string): void {
    this.#scripts.get(id)?.dispose()
    this.#scripts.delete(id)
  }

  get size(): number {
    return this.#scripts.size
  }

  disposeAll(): void {
    for (const s of this.#scripts.values()) s.dispose()
    this.#scripts.clear()
  }
}

export { composerInput } from './composerInput'
export { sourceHash } from './sourceHash'
