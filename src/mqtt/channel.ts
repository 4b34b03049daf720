import { coded, type Coded } from '../lib/coded'
import type {
  ArgsOf,
  ConnCast,
  ConnEvent,
  ConnMethod,
  FromHost,
  ProgressOf,
  ReplyOf,
  ToHost,
} from '../wire/channel'
import type { HubFrame } from '../wire/frame'

/** Sends one message to the host (the worker, or an in-thread host in tests). */
export type ChannelPost = (message: ToHost, transfer: Transferable[]) => void

/** A call on its way: its id (to cancel it) and its reply. */
export interface CallHandle<M extends ConnMethod> {
  id: number
  result: Promise<ReplyOf<M>>
}

export interface CallOptions<M extends ConnMethod> {
  /** Receives the call's progress values (long-running calls), in order, before the reply. */
  onProgress?: (value: ProgressOf<M>) => void
  /** Buffers in the arguments to transfer instead of copy. */
  transfer?: Transferable[]
}

/** A call that cannot be answered any more: its connection was closed, or the worker failed. */
export class CallAborted extends Error {
  readonly reason: Coded
  constructor(reason: Coded) {
    super(reason.code)
    this.reason = reason
  }
}

interface Pending {
  conn: string
  resolve: (value: unknown) => void
  reject: (error: CallAborted) => void
  onProgress: ((value: unknown) => void) | undefined
}

/**
 * The UI's end of the worker channel, for every connection and every feature: calls with typed
 * replies (one table of pending calls), casts, events per connection, and frames with their
 * credit. The app's worker and the tests' in-thread hosts sit behind `post` / `receive`.
 */
export class Channel {
  readonly #post: ChannelPost
  #nextId = 1
  readonly #pending = new Map<number, Pending>()
  readonly #listeners = new Map<string, Set<(event: ConnEvent) => void>>()
  #onFrames: ((frame: HubFrame) => void) | undefined

  constructor(post: ChannelPost) {
    this.#post = post
  }

  /** Calls `method` on connection `conn`. The reply's promise rejects only with CallAborted. */
  call<M extends ConnMethod>(
    conn: string,
    method: M,
    args: ArgsOf<M>,
    options: CallOptions<M> = {},
  ): CallHandle<M> {
    const id = this.#nextId++
    const result = new Promise<ReplyOf<M>>((resolve, reject) => {
      this.#pending.set(id, {
        conn,
        resolve: resolve as (value: unknown) => void,
        reject,
        onProgress: options.onProgress as ((value: unknown) => void) | undefined,
      })
    })
    // The mapped union of ToHost cannot be built from a generic M without this one assertion.
    const message = { kind: 'call', id, conn, method, args } as ToHost
    this.#post(message, options.transfer ?? [])
    return { id, result }
  }

  /** Stops a long-running call (a repeat, a recording, a job); it still replies. */
  cancel(id: number): void {
    if (this.#pending.has(id)) this.#post({ kind: 'cancel', id }, [])
  }

  cast(conn: string, command: ConnCast): void {
    this.#post({ kind: 'cast', conn, command }, [])
  }

  /** Listens to what connection `conn` says unasked; returns the removal. */
  listen(conn: string, listener: (event: ConnEvent) => void): () => void {
    let set = this.#listeners.get(conn)
    if (!set) {
      set = new Set()
      this.#listeners.set(conn, set)
    }
    set.add(listener)
    return () => set.delete(listener)
  }

  /** Where frames go (one receiver: the data store's bridge). */
  onFrames(receiver: ((frame: HubFrame) => void) | undefined): void {
    this.#onFrames = receiver
  }

  /** Returns the credit of frame `seq`: the host may send the next frame. */
  credit(seq: number): void {
    this.#post({ kind: 'credit', seq }, [])
  }

  /** Ends connection `conn` in the host; its unanswered calls reject with CallAborted. */
  close(conn: string): void {
    this.#post({ kind: 'close', conn }, [])
    this.#listeners.delete(conn)
    this.#abort((p) => p.conn === conn, coded('session.closed'))
  }

  /** The host is gone (the worker failed): every unanswered call rejects. */
  fail(reason: Coded): void {
    this.#abort(() => true, reason)
  }

  /** Routes one message from the host. */
  receive(message: FromHost): void {
    switch (message.kind) {
      case 'reply': {
        const pending = this.#pending.get(message.id)
        this.#pending.delete(message.id)
        pending?.resolve(message.value)
        return
      }
      case 'progress':
        this.#pending.get(message.id)?.onProgress?.(message.value)
        return
      case 'event': {
        const set = this.#listeners.get(message.conn)
        if (set) for (const listener of [...set]) listener(message.event)
        return
      }
      case 'frames':
        if (this.#onFrames) this.#onFrames(message.frame)
        // Nobody to paint it: the credit must not be held forever.
        else this.credit(message.frame.seq)
        return
    }
  }

  /** Calls still waiting for their reply (tests, and leak checks). */
  get pendingCalls(): number {
    return this.#pending.size
  }

  #abort(which: (p: Pending) => boolean, reason: Coded): void {
    for (const [id, pending] of [...this.#pending]) {
      if (!which(pending)) continue
      this.#pending.delete(id)
      pending.reject(new CallAborted(reason))
    }
  }
}
