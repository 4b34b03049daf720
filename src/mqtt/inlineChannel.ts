import { Channel } from './channel'
import type { ConnectFn } from './sessionCore'
import type { WasmLoader } from '../scripting/host'
import { SessionHost } from './sessionHost'

/**
 * A channel to a SessionHost on the calling thread, for tests: the same channel and host as the
 * app's worker, with messages delivered asynchronously (a microtask) in both directions, as they
 * would be across a worker boundary.
 */
export class InlineChannel extends Channel {
  readonly #host: SessionHost

  constructor(connect: ConnectFn, loadWasm?: WasmLoader) {
    // The host's messages go to this channel, which exists only after super(): reach it through a box.
    const box: { channel?: InlineChannel } = {}
    const host = new SessionHost(
      (message) => queueMicrotask(() => box.channel?.receive(message)),
      connect,
      loadWasm,
    )
    super((message) => queueMicrotask(() => host.handle(message)))
    box.channel = this
    this.#host = host
  }

  dispose(): void {
    this.#host.dispose()
  }
}
