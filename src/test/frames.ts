import { Ingestor } from '../engine/Ingestor'
import type { QoS } from '../wire/mqtt'
import type { Frame } from '../wire/frame'

/** A fixed start time for fake clocks (ms since epoch). */
export const T0 = 1_700_000_000_000

/** One message to feed the real ingest engine. */
export interface TestMessage {
  topic: string
  payload?: string | Uint8Array
  qos?: QoS
  retain?: boolean
}

const utf8 = new TextEncoder()

/**
 * Builds frames with the worker's real ingest engine and a fake clock, so store and component
 * tests apply exactly what the session would post.
 */
export class FrameMaker {
  readonly ingestor: Ingestor
  now: number
  #seq = 0

  constructor(generation = 1, now = T0) {
    this.ingestor = new Ingestor(generation, now)
    this.now = now
  }

  /** Ingests `messages` (topics or full messages) at the current time, then builds one frame. */
  frame(messages: readonly (string | TestMessage)[] = [], advanceMs = 1): Frame {
    for (const m of messages) {
      const msg = typeof m === 'string' ? { topic: m } : m
      const payload = msg.payload ?? 'v'
      this.ingestor.ingest(
        {
          topic: msg.topic,
          payload: typeof payload === 'string' ? utf8.encode(payload) : payload,
          qos: msg.qos ?? 0,
          retain: msg.retain ?? false,
          dup: false,
        },
        this.now,
      )
    }
    this.now += advanceMs
    return this.ingestor.buildFrame(this.now, ++this.#seq)
  }
}
