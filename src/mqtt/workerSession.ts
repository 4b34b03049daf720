import type { WorkerEvent } from './protocol'
import { SessionHub } from './session'

/**
 * The app's session hub: one module worker runs every connection (MQTT.js clients, ingest
 * engines, the frame pump); `connection(id)` gives each its MqttSession.
 */
export class WorkerHub extends SessionHub {
  readonly #worker: Worker

  constructor() {
    const worker = new Worker(new URL('./mqtt.worker.ts', import.meta.url), {
      type: 'module',
      name: 'mqtt-session',
    })
    super((request) => worker.postMessage(request))
    this.#worker = worker
    worker.onmessage = (event: MessageEvent<WorkerEvent>) => this.receive(event.data)
    worker.onerror = (event) => {
      this.onWorkerError?.(
        `The session worker failed: ${event.message || 'unknown error'}. Reload the page.`,
      )
    }
  }

  /** Called when the worker itself fails (every connection is gone then). */
  onWorkerError: ((reason: string) => void) | undefined

  override dispose(): void {
    super.dispose()
    this.#worker.terminate()
  }
}
