/// <reference lib="webworker" />
/**
 * The session worker: the whole MQTT.js client lives here, so parsing, counting and packing never
 * run on the UI thread. This file only wires the protocol to SessionCore; it is the one module
 * that imports `mqtt`.
 */
import mqtt from 'mqtt'
import type { ToWorker } from './protocol'
import { SessionCore } from './sessionCore'

const scope = self as unknown as DedicatedWorkerGlobalScope

const core = new SessionCore(
  (message, transfer) => scope.postMessage(message, transfer),
  (url, options) => mqtt.connect(url, options),
)

scope.onmessage = (event: MessageEvent<ToWorker>) => core.handle(event.data)
