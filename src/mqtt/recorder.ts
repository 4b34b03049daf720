import { RECORD_CHUNK_CHARS, RECORD_FLUSH_MS } from '../engine/budgets'
import { ndjsonLine } from '../lib/messageRecords'
import type { RecordChunk } from '../wire/mqtt'

/** Sends one chunk to the UI, transferring its buffer. */
export type RecordPostFn = (chunk: RecordChunk, transfer: Transferable[]) => void

const utf8 = new TextEncoder()

/**
 * "Record" in the worker: every arriving message, whole, as one NDJSON line. Lines are gathered
 * up to RECORD_CHUNK_CHARS or RECORD_FLUSH_MS, whichever comes first, and sent as one UTF-8
 * chunk, so the worker never holds more than about one chunk however long the recording runs.
 * It exists only while recording: when it is off, the message path pays one undefined check.
 */
export class Recorder {
  readonly #post: RecordPostFn
  #lines: string[] = []
  #chars = 0
  #messages = 0
  #pendingMessages = 0
  #bytes = 0
  #timer: ReturnType<typeof setInterval>

  constructor(post: RecordPostFn) {
    this.#post = post
    this.#timer = setInterval(() => this.#flush(false), RECORD_FLUSH_MS)
  }

  add(ts: number, topic: string, payload: Uint8Array, qos: number, retain: boolean): void {
    const line = ndjsonLine(
      { ts, topic, qos, retain, size: payload.byteLength, bytes: payload },
      false,
    )
    this.#lines.push(line)
    this.#chars += line.length
    this.#pendingMessages++
    if (this.#chars >= RECORD_CHUNK_CHARS) this.#flush(false)
  }

  /** Sends what is left as the final chunk; the recorder cannot be used afterwards. */
  stop(): void {
    clearInterval(this.#timer)
    this.#flush(true)
  }

  #flush(final: boolean): void {
    if (this.#lines.length === 0 && !final) return
    const data = utf8.encode(this.#lines.join(''))
    this.#lines = []
    this.#chars = 0
    this.#messages += this.#pendingMessages
    this.#pendingMessages = 0
    this.#bytes += data.byteLength
    this.#post({ data, messages: this.#messages, bytes: this.#bytes, final }, [data.buffer])
  }
}
