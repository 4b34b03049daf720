/**
 * Decode-script values of the tree and log rows on screen (issue #16). The page never runs a
 * script: rows say which payloads they show (`want`), and once per animation frame the wanted
 * payloads of a connection go to THAT connection's worker session in one `scriptDecodeMany`
 * call (at most SCRIPT_PREVIEW_BATCH, one call in flight per connection). Results are kept in a
 * bounded LRU (SCRIPT_PREVIEW_CACHE_ENTRIES) keyed by connection, script id and source hash,
 * topic and payload bytes, so a row shows only its own connection's and topic's value, an edited
 * script asks again, and a row that scrolls back in shows its value at once.
 */
import { toHex } from '../codecs/payload'
import { SCRIPT_PREVIEW_BATCH, SCRIPT_PREVIEW_CACHE_ENTRIES } from '../engine/budgets'
import type { ScriptSpec } from '../scripting/types'
import type { ArgsOf, ReplyOf } from '../wire/channel'
import type { ScriptPreviewResult } from '../wire/scripts'

export interface PreviewRequest {
  conn: string
  script: ScriptSpec
  topic: string
  /** The row's whole payload (only previews that hold all of it are decoded). */
  payload: Uint8Array
}

/** Sends one batch to a connection's worker session; rejects when the connection is gone. */
export type DecodeMany = (
  conn: string,
  args: ArgsOf<'scriptDecodeMany'>,
) => Promise<ReplyOf<'scriptDecodeMany'>>

/** Runs `run` once, later (an animation frame in the page). */
export type Schedule = (run: () => void) => void

const SEP = '\u0001'

/** The cache key of a row's value: everything its value depends on. */
export function previewKey(
  conn: string,
  scriptId: string,
  sourceHash: string,
  topic: string,
  payload: Uint8Array,
): string {
  return [conn, scriptId, sourceHash, topic, toHex(payload)].join(SEP)
}

interface Wanted {
  request: PreviewRequest
  /** Rows on screen that show this payload. */
  refs: number
}

export class ScriptPreviews {
  readonly #cache = new Map<string, ScriptPreviewResult>()
  readonly #wanted = new Map<string, Wanted>()
  /** Connections with a batch in flight. */
  readonly #busy = new Set<string>()
  readonly #listeners = new Map<string, Set<() => void>>()
  readonly #decodeMany: DecodeMany
  readonly #schedule: Schedule
  readonly #max: number
  readonly #batch: number
  #scheduled = false
  /** Batches sent, for tests and the bench. */
  batches = 0

  constructor(
    decodeMany: DecodeMany,
    schedule: Schedule,
    max = SCRIPT_PREVIEW_CACHE_ENTRIES,
    batch = SCRIPT_PREVIEW_BATCH,
  ) {
    this.#decodeMany = decodeMany
    this.#schedule = schedule
    this.#max = max
    this.#batch = batch
  }

  /** The value kept for `key` (no side effect: React calls this in render). */
  peek(key: string): ScriptPreviewResult | undefined {
    return this.#cache.get(key)
  }

  get size(): number {
    return this.#cache.size
  }

  /** Calls `listener` when `key`'s value arrives. */
  subscribe(key: string, listener: () => void): () => void {
    let set = this.#listeners.get(key)
    if (!set) this.#listeners.set(key, (set = new Set()))
    set.add(listener)
    return () => {
      set.delete(listener)
      if (set.size === 0) this.#listeners.delete(key)
    }
  }

  /**
   * A row on screen shows this payload: its value is asked for at the next flush unless kept.
   * The returned function says the row left; a payload no row wants any more is not sent.
   */
  want(key: string, request: PreviewRequest): () => void {
    const kept = this.#cache.get(key)
    if (kept) {
      // Most recently used goes last (Map keeps insertion order).
      this.#cache.delete(key)
      this.#cache.set(key, kept)
      return () => undefined
    }
    const had = this.#wanted.get(key)
    if (had) had.refs++
    else this.#wanted.set(key, { request, refs: 1 })
    this.#plan()
    return () => {
      const w = this.#wanted.get(key)
      if (w && --w.refs <= 0) this.#wanted.delete(key)
    }
  }

  /** Forgets a closed connection's values and requests. */
  forget(conn: string): void {
    const prefix = conn + SEP
    for (const key of [...this.#cache.keys()]) if (key.startsWith(prefix)) this.#cache.delete(key)
    for (const key of [...this.#wanted.keys()]) if (key.startsWith(prefix)) this.#wanted.delete(key)
  }

  #plan(): void {
    if (this.#scheduled) return
    this.#scheduled = true
    this.#schedule(() => {
      this.#scheduled = false
      this.flush()
    })
  }

  /** Sends one batch per idle connection (public for tests; the page flushes per frame). */
  flush(): void {
    const batches = new Map<string, [string, Wanted][]>()
    for (const entry of this.#wanted) {
      const { conn, script } = entry[1].request
      if (this.#busy.has(conn)) continue
      const batch = batches.get(conn)
      // One script per call: the first wanted script of the connection goes first.
      if (!batch) batches.set(conn, [entry])
      else if (batch.length < this.#batch && batch[0]![1].request.script === script)
        batch.push(entry)
    }
    for (const [conn, batch] of batches) this.#send(conn, batch)
  }

  #send(conn: string, batch: [string, Wanted][]): void {
    for (const [key] of batch) this.#wanted.delete(key)
    this.#busy.add(conn)
    this.batches++
    const script = batch[0]![1].request.script
    // A copy of each payload: a row's preview may be a view on a larger buffer, which the
    // structured clone would copy whole.
    const items = batch.map(([, w]) => ({
      topic: w.request.topic,
      payload: w.request.payload.slice(),
    }))
    this.#decodeMany(conn, { script, items }).then(
      ({ results }) => {
        this.#busy.delete(conn)
        batch.forEach(([key], i) => {
          const result = results[i]
          if (result) this.#keep(key, result)
        })
        if (this.#wanted.size > 0) this.#plan()
      },
      () => {
        // The connection closed: its rows keep their hex; nothing is asked of it again.
        this.#busy.delete(conn)
        this.forget(conn)
      },
    )
  }

  #keep(key: string, result: ScriptPreviewResult): void {
    this.#cache.set(key, result)
    while (this.#cache.size > this.#max) {
      const oldest = this.#cache.keys().next().value
      if (oldest === undefined) break
      this.#cache.delete(oldest)
    }
    for (const listener of this.#listeners.get(key) ?? []) listener()
  }
}
