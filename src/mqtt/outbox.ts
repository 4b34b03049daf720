/**
 * Single publishes on one connection: each waits for its result here, so that a connection that
 * drops or is replaced still answers every publish it took (with why it did not go out).
 */
import { coded, type Coded } from '../lib/coded'
import type { PublishMessage, PublishResult } from '../wire/mqtt'
import type { PublishTransport } from './transport'

export class Outbox {
  #transport: PublishTransport | undefined
  readonly #pending = new Set<(result: PublishResult) => void>()

  /** The connection's transport, once it exists (and again after it was replaced). */
  get transport(): PublishTransport | undefined {
    return this.#transport
  }

  /** A new client (connection) took over. */
  attach(transport: PublishTransport): void {
    this.detach(coded('publish.replaced'))
    this.#transport = transport
  }

  /** The client is gone: every unanswered publish fails with `reason`. */
  detach(reason: Coded = coded('publish.dropped')): void {
    this.#transport = undefined
    const pending = [...this.#pending]
    this.#pending.clear()
    for (const done of pending) done({ ok: false, reason })
  }

  /** Publishes one message; `done` is called exactly once. */
  publish(message: PublishMessage, done: (result: PublishResult) => void): void {
    const transport = this.#transport
    if (!transport?.connected) {
      done({ ok: false, reason: coded('publish.notConnected') })
      return
    }
    let answered = false
    const once = (result: PublishResult) => {
      if (answered) return
      answered = true
      this.#pending.delete(once)
      done(result)
    }
    this.#pending.add(once)
    transport.publish(message, once)
  }
}
