/// <reference lib="webworker" />
/**
 * The session worker: every MQTT.js client lives here, so parsing, counting and packing never
 * run on the UI thread. This file only wires the channel to SessionHost; it is the one module
 * that imports `mqtt`.
 */
import mqtt from 'mqtt'
import type { ToHost } from '../wire/channel'
import { loadQuickJsWasm } from '../scripting/wasmBrowser'
import { SessionHost } from './sessionHost'

const scope = self as unknown as DedicatedWorkerGlobalScope

const host = new SessionHost(
  (message, transfer) => scope.postMessage(message, transfer),
  (url, options) => mqtt.connect(url, options),
  loadQuickJsWasm,
)

scope.onmessage = (event: MessageEvent<ToHost>) => host.handle(event.data)
