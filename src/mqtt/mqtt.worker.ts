/// <reference lib="webworker" />
/**
 * The session worker: every MQTT.js client lives here, so parsing, counting and packing never
 * run on the UI thread. This file only wires the protocol to SessionHost; it is the one module
 * that imports `mqtt`.
 */
import mqtt from 'mqtt'
import type { WorkerRequest } from './protocol'
import { SessionHost } from './sessionHost'

const scope = self as unknown as DedicatedWorkerGlobalScope

const host = new SessionHost(
  (event, transfer) => scope.postMessage(event, transfer),
  (url, options) => mqtt.connect(url, options),
)

scope.onmessage = (event: MessageEvent<WorkerRequest>) => host.handle(event.data)
