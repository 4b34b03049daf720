/**
 * Wire types of the user's scripts (issue #16): a connection's responder as the page configures
 * it, and what the worker reports back about it. Part of `src/wire`, the leaf both sides of the
 * worker boundary import (type imports of the script model only).
 */
import type { Coded } from '../lib/coded'
import type { ResponderLogEntry } from '../scripting/responder'
import type { ScriptSpec } from '../scripting/types'

/** A decode script as a chart series names it: a changed source starts a new series. */
export interface ScriptRef {
  scriptId: string
  sourceHash: string
  /** For the series' label only (not part of its key). */
  name: string
}

/** A connection's responder: answer messages on `filter` with `script`'s respond(). */
export interface ResponderConfig {
  /** The saved script (its source travels: the worker has no access to the page's storage). */
  script: ScriptSpec
  filter: string
  enabled: boolean
  /** Token bucket: publishes per second and the burst, within RESPONDER_MAX_PER_S / _BURST. */
  perSecond: number
  burst: number
}

/**
 * `loading`: the script's engine is starting; `on` / `off`: loaded, answering or not;
 * `failed`: the script could not be loaded (syntax error, no respond(), a loop at its top level,
 * the engine unavailable), `error` says why.
 */
export type ResponderState = 'loading' | 'on' | 'off' | 'failed'

export interface ResponderCounts {
  triggered: number
  sent: number
  dropped: number
  failed: number
}

/**
 * What a connection's responder reports, at most every RESPONDER_REPORT_MS while something
 * changed: its state, counts, and the log entries with `seq` ≥ `fromSeq` (the last entry the
 * previous report carried comes again, since a run of drops grows in place).
 */
export interface ResponderReport {
  type: 'responder'
  state: ResponderState
  /** With `failed`: why it could not load. Otherwise the last call's failure, if any. */
  error?: Coded
  /** The script the report is about (the page may have switched since). */
  scriptName: string
  counts: ResponderCounts
  entries: ResponderLogEntry[]
  /** Set when the log restarted (a new script was loaded): the page forgets older entries. */
  reset: boolean
}

/** An encode script's bytes for the composer's input, or why there are none. */
export type ScriptEncodeReply = { ok: true; bytes: Uint8Array } | { ok: false; error: Coded }

/** A decode script's value for one payload, or why there is none (the script named). */
export type ScriptDecodeReply =
  { ok: true; value: unknown; logs: string[] } | { ok: false; error: Coded; logs: string[] }

/** One row's payload for a decode script (the whole payload: a row's preview held all of it). */
export interface ScriptPreviewItem {
  topic: string
  payload: Uint8Array
}

/**
 * A row's value (one line of JSON, at most SCRIPT_PREVIEW_CHARS) or why there is none. The
 * worker makes the text so the page never holds a large decoded value for a row.
 */
export type ScriptPreviewResult = { ok: true; text: string } | { ok: false; error: Coded }
