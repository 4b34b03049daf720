import { IDLE_TICK_MS } from '../engine/budgets'
import { ScriptHost, type WasmLoader } from '../scripting/host'
import { DecodeScripts } from './decodeScripts'
import type { ConnMethod, FromHost, ToHost } from '../wire/channel'
import { frameTransferables, type Frame } from '../wire/frame'
import type { CallContext } from './callContext'
import { SessionCore, type ConnectFn } from './sessionCore'

/** Sends a message to the UI thread, transferring the listed buffers. */
export type HostPostFn = (message: FromHost, transfer: Transferable[]) => void

/**
 * The worker's end of the channel (`wire/channel.ts`): as many connections as the UI opens (one
 * SessionCore each, created on their first message), the calls in flight (so a cancel reaches
 * its call), and ONE frame pump for all connections. A frame carries a part for every connection
 * that changed and goes out only while the UI holds no unreturned frame (one credit), so under
 * load frames get bigger, not more frequent, however many connections are open.
 */
export class SessionHost {
  readonly #post: HostPostFn
  readonly #connect: ConnectFn
  /** The scripts of this thread (responders, one engine per connection's responder). */
  readonly #scripts: ScriptHost
  readonly #decoders: DecodeScripts
  readonly #cores = new Map<string, SessionCore>()
  /** Calls that have not replied: their connection, and what stops them when cancelled. */
  readonly #calls = new Map<number, { conn: string; cancel: (() => void) | undefined }>()
  #seq = 0
  #awaitingCredit: number | undefined
  #pumpScheduled = false
  readonly #tick: ReturnType<typeof setInterval>

  /** @param loadWasm QuickJS's WebAssembly (the worker fetches it; without it scripts say why). */
  constructor(post: HostPostFn, connect: ConnectFn, loadWasm: WasmLoader = noScriptEngine) {
    this.#post = post
    this.#connect = connect
    this.#scripts = new ScriptHost(loadWasm)
    this.#decoders = new DecodeScripts(this.#scripts)
    // Rates must fall to zero and live charts scroll when traffic stops: wake the pump anyway.
    this.#tick = setInterval(() => this.#schedule(), IDLE_TICK_MS)
  }

  /** Handles one message from the UI thread. */
  handle(message: ToHost): void {
    switch (message.kind) {
      case 'call':
        this.#core(message.conn).call(message, this.#context(message.id, message.conn))
        break
      case 'cancel': {
        const call = this.#calls.get(message.id)
        const cancel = call?.cancel
        if (call) call.cancel = undefined
        cancel?.()
        break
      }
      case 'cast':
        this.#core(message.conn).cast(message.command)
        break
      case 'credit':
        if (message.seq === this.#awaitingCredit) {
          this.#awaitingCredit = undefined
          this.#schedule()
        }
        break
      case 'close':
        this.#cores.get(message.conn)?.dispose()
        this.#cores.delete(message.conn)
        // The UI already settled its side of these calls; forget them here too.
        for (const [id, call] of this.#calls) if (call.conn === message.conn) this.#calls.delete(id)
        break
    }
  }

  /** Ends every connection and the timer. */
  dispose(): void {
    clearInterval(this.#tick)
    for (const core of this.#cores.values()) core.dispose()
    this.#cores.clear()
    this.#scripts.disposeAll()
  }

  #context(id: number, conn: string): CallContext<ConnMethod> {
    const entry = { conn, cancel: undefined as (() => void) | undefined }
    this.#calls.set(id, entry)
    let replied = false
    return {
      id,
      progress: (value: unknown, transfer: Transferable[] = []) => {
        if (!replied) this.#post({ kind: 'progress', id, value }, transfer)
      },
      reply: (value: unknown, transfer: Transferable[] = []) => {
        if (replied) return
        replied = true
        this.#calls.delete(id)
        this.#post({ kind: 'reply', id, value }, transfer)
      },
      onCancel: (stop) => {
        if (!replied) entry.cancel = stop
      },
    }
  }

  #core(conn: string): SessionCore {
    let core = this.#cores.get(conn)
    if (!core) {
      core = new SessionCore(
        (event) => this.#post({ kind: 'event', conn, event }, []),
        this.#connect,
        () => this.#schedule(),
        { host: this.#scripts, engineId: `responder:${conn}`, decoders: this.#decoders },
      )
      this.#cores.set(conn, core)
    }
    return core
  }

  #schedule(): void {
    if (this.#pumpScheduled || this.#awaitingCredit !== undefined || this.#cores.size === 0) return
    this.#pumpScheduled = true
    // A macrotask, so every message already queued behind this one joins the same frame.
    setTimeout(() => this.#pump(), 0)
  }

  #pump(): void {
    this.#pumpScheduled = false
    if (this.#awaitingCredit !== undefined) return
    const now = Date.now()
    const parts: Frame[] = []
    for (const [connId, core] of this.#cores) {
      const part = core.takeFrame(now)
      if (part) parts.push({ ...part, connId })
    }
    if (parts.length === 0) return
    const seq = ++this.#seq
    this.#awaitingCredit = seq
    this.#post({ kind: 'frames', frame: { seq, parts } }, parts.flatMap(frameTransferables))
  }
}

function noScriptEngine(): Promise<WebAssembly.Module> {
  return Promise.reject(new Error('no script engine in this host'))
}
