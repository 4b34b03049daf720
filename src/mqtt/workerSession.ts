import type { FromWorker, ToWorker } from './protocol'
import { SessionBase } from './session'

/** The app's session: the MQTT client and the ingest engine run in a module worker. */
export class WorkerSession extends SessionBase {
  readonly #worker: Worker

  constructor() {
    super()
    this.#worker = new Worker(new URL('./mqtt.worker.ts', import.meta.url), {
      type: 'module',
      name: 'mqtt-session',
    })
    this.#worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data)
    this.#worker.onerror = (event) => {
      this.receive({
        type: 'status',
        state: 'disconnected',
        reason: `The session worker failed: ${event.message || 'unknown error'}. Reload the page.`,
      })
    }
  }

  protected send(message: ToWorker): void {
    this.#worker.postMessage(message)
  }

  override dispose(): void {
    super.dispose()
    this.#worker.terminate()
  }
}
