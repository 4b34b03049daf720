import type { WorkerEvent, WorkerRequest } from './protocol'
import { HubConnection, SessionHub } from './session'
import type { ConnectFn } from './sessionCore'
import { SessionHost } from './sessionHost'

/**
 * The worker's host run on the calling thread, for tests. Messages are delivered asynchronously
 * (a microtask) in both directions, as they would be across a worker boundary.
 */
export class InlineHub extends SessionHub {
  readonly #host: SessionHost

  constructor(connect: ConnectFn) {
    // The host's events go to this hub, which exists only after super(): reach it through a box.
    const box: { hub?: InlineHub } = {}
    const host = new SessionHost(
      (event: WorkerEvent) => queueMicrotask(() => box.hub?.receive(event)),
      connect,
    )
    super((request: WorkerRequest) => queueMicrotask(() => host.handle(request)))
    box.hub = this
    this.#host = host
  }

  /** Adds a connection made outside `connection()`. */
  register(conn: HubConnection): void {
    this.adopt(conn)
  }

  override dispose(): void {
    super.dispose()
    this.#host.dispose()
  }
}

/** One connection on its own in-thread hub: the single-connection session tests use. */
export class InlineSession extends HubConnection {
  readonly #hub: InlineHub

  constructor(connect: ConnectFn) {
    const hub = new InlineHub(connect)
    super(hub, 'default')
    this.#hub = hub
    hub.register(this)
  }

  override dispose(): void {
    this.#hub.dispose()
  }
}
