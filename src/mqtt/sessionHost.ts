import { IDLE_TICK_MS } from '../engine/budgets'
import { frameTransferables, type Frame, type WorkerEvent, type WorkerRequest } from './protocol'
import { SessionCore, type ConnectFn } from './sessionCore'

/** Sends an event to the UI thread, transferring the listed buffers. */
export type HostPostFn = (event: WorkerEvent, transfer: Transferable[]) => void

/**
 * The worker's side of the session: as many connections as the UI opens (one SessionCore each, created on
 * their first message) and ONE frame pump for all of them. A frame carries a part for every
 * connection that changed and goes out only while the UI holds no unreturned frame (one credit),
 * so under load frames get bigger, not more frequent, however many connections are open.
 */
export class SessionHost {
  readonly #post: HostPostFn
  readonly #connect: ConnectFn
  #cores = new Map<string, SessionCore>()
  #seq = 0
  #awaitingCredit: number | undefined
  #pumpScheduled = false
  #tick: ReturnType<typeof setInterval>

  constructor(post: HostPostFn, connect: ConnectFn) {
    this.#post = post
    this.#connect = connect
    // Rates must fall to zero and live charts scroll when traffic stops: wake the pump anyway.
    this.#tick = setInterval(() => this.#schedule(), IDLE_TICK_MS)
  }

  /** Handles one request from the UI thread. */
  handle(request: WorkerRequest): void {
    switch (request.type) {
      case 'conn':
        this.#core(request.connId).handle(request.message)
        break
      case 'credit':
        if (request.seq === this.#awaitingCredit) {
          this.#awaitingCredit = undefined
          this.#schedule()
        }
        break
      case 'close':
        this.#cores.get(request.connId)?.dispose()
        this.#cores.delete(request.connId)
        break
    }
  }

  /** Ends every connection and the timer. */
  dispose(): void {
    clearInterval(this.#tick)
    for (const core of this.#cores.values()) core.dispose()
    this.#cores.clear()
  }

  #core(connId: string): SessionCore {
    let core = this.#cores.get(connId)
    if (!core) {
      core = new SessionCore(
        (message, transfer) => this.#post({ type: 'conn', connId, message }, transfer),
        this.#connect,
        () => this.#schedule(),
      )
      this.#cores.set(connId, core)
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
    this.#post({ type: 'frames', frame: { seq, parts } }, parts.flatMap(frameTransferables))
  }
}
