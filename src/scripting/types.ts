/**
 * The script API, as a user writes it (README and the editor's help say the same):
 *
 *   // bytes: Uint8Array of the payload, topic: string. Return any JSON-able value; it is shown
 *   // in the tree, log and details, and its numeric fields can be charted. Bytes in it show as
 *   // base64. Return undefined for "no value".
 *   export function decode(bytes, topic) { … }
 *
 *   // input: the composer's text, parsed as JSON when it is valid JSON, else the text itself.
 *   // Return a Uint8Array (or ArrayBuffer / typed array) or a string (sent as UTF-8).
 *   export function encode(input, topic) { … }
 *
 *   // message: { topic, payload (Uint8Array), text, json, qos, retain, properties } where
 *   // properties are MQTT 5's (responseTopic, correlationData as Uint8Array, contentType,
 *   // userProperties, …). Return nothing, one publish or a list of them:
 *   // { topic, payload, qos?, retain?, properties? } with payload a string, bytes or a JSON
 *   // value (sent as JSON text).
 *   export function respond(message) { … }
 *
 * Inside the sandbox there is the JavaScript language and three helpers: `console.log` (kept
 * with the call's result, bounded), `utf8.encode(string)` and `utf8.decode(bytes)`. There is no
 * fetch, DOM, storage, timer or import: a script computes, it cannot reach anything. Functions
 * are synchronous; a Promise is a wrong shape. Module-level variables persist between calls of
 * one loaded script (a responder can keep a mock device's state), until it is reloaded.
 */
import type { Coded } from '../lib/coded'
import type { MessageProperties, PublishProperties, QoS } from '../wire/mqtt'

/** A script as saved: its id, the name messages use, and its source. */
export interface ScriptSpec {
  id: string
  name: string
  source: string
}

/** The functions a script may export. */
export const SCRIPT_FUNCTIONS = ['decode', 'encode', 'respond'] as const
export type ScriptFunction = (typeof SCRIPT_FUNCTIONS)[number]

/** One call's outcome, with what the script logged during it. */
export type ScriptCall<T> =
  { ok: true; value: T; logs: string[] } | { ok: false; error: Coded; logs: string[] }

/** A message handed to respond(). */
export interface ScriptMessage {
  topic: string
  payload: Uint8Array
  qos: QoS
  retain: boolean
  properties?: MessageProperties
}

/** A publish a responder returned, checked and ready for the session's publisher. */
export interface ScriptPublish {
  topic: string
  payload: Uint8Array
  qos: QoS
  retain: boolean
  properties?: PublishProperties
}

/** What the host does with a loaded script; the pure models (Responder) depend only on this. */
export interface LoadedScript {
  readonly id: string
  readonly name: string
  readonly exports: readonly ScriptFunction[]
  decode(bytes: Uint8Array, topic: string): ScriptCall<unknown>
  encode(input: unknown, topic: string): ScriptCall<Uint8Array>
  respond(message: ScriptMessage): ScriptCall<ScriptPublish[]>
}

/** Counters of a loaded script, for its status line. */
export interface ScriptStats {
  calls: number
  failures: number
  timeouts: number
  /** Calls refused because the script used its time budget in the current window. */
  skipped: number
  /** Engine restarts after a crash. */
  restarts: number
}
