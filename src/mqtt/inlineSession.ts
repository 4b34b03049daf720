import type { FromWorker, ToWorker } from './protocol'
import { SessionBase } from './session'
import { SessionCore, type ConnectFn } from './sessionCore'

/**
 * The same session as the worker's, run on the calling thread. Messages are delivered
 * asynchronously (a microtask) in both directions, as they would be across a worker boundary.
 */
export class InlineSession extends SessionBase {
  readonly #core: SessionCore

  constructor(connect: ConnectFn) {
    super()
    this.#core = new SessionCore((message: FromWorker) => {
      queueMicrotask(() => this.receive(message))
    }, connect)
  }

  protected send(message: ToWorker): void {
    queueMicrotask(() => this.#core.handle(message))
  }

  override dispose(): void {
    super.dispose()
    this.#core.dispose()
  }
}
