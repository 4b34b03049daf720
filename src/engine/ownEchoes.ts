/**
 * Recognises the user's own single publishes when a subscription of the same connection delivers
 * them back, so the log can mark the row "sent by you": at 40 msgs/s the message scrolls away
 * before it can be found by eye. MQTT carries no sender, so an echo is the first delivery on the
 * same topic with the same payload bytes within OWN_ECHO_WINDOW_MS; each publish marks one row at
 * most. Another client publishing the very same bytes to the same topic in that window could take
 * the mark instead: the mark says "yours, or identical to it".
 *
 * Cost: nothing per message while no publish waits (`waiting` is 0); otherwise a topic compare
 * per waiting publish and a byte compare only when the topic and the size match.
 */
import { OWN_ECHO_MAX, OWN_ECHO_MAX_BYTES, OWN_ECHO_WINDOW_MS } from './budgets'

interface Expected {
  topic: string
  payload: Uint8Array
  at: number
}

export class OwnEchoes {
  #expected: Expected[] = []
  /** Payload bytes held by the waiting publishes. */
  #bytes = 0

  /** Publishes waiting for their echo. */
  get waiting(): number {
    return this.#expected.length
  }

  /** A publish left: its echo, if any, is ours. `payload` is not modified afterwards. */
  expect(topic: string, payload: Uint8Array, now: number): void {
    this.#forget(now)
    this.#expected.push({ topic, payload, at: now })
    this.#bytes += payload.byteLength
    while (
      this.#expected.length > OWN_ECHO_MAX ||
      (this.#bytes > OWN_ECHO_MAX_BYTES && this.#expected.length > 1)
    )
      this.#drop(0)
  }

  /** True when this delivery is the echo of a waiting publish (which then stops waiting). */
  take(topic: string, payload: Uint8Array, now: number): boolean {
    this.#forget(now)
    for (let i = 0; i < this.#expected.length; i++) {
      const e = this.#expected[i]!
      if (e.topic !== topic || !sameBytes(e.payload, payload)) continue
      this.#drop(i)
      return true
    }
    return false
  }

  #forget(now: number): void {
    while (this.#expected.length > 0 && now - this.#expected[0]!.at > OWN_ECHO_WINDOW_MS)
      this.#drop(0)
  }

  #drop(i: number): void {
    const [gone] = this.#expected.splice(i, 1)
    if (gone) this.#bytes -= gone.payload.byteLength
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false
  return true
}
