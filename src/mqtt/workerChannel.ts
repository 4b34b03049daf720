import { coded, type Coded } from '../lib/coded'
import type { FromHost } from '../wire/channel'
import { Channel } from './channel'

/**
 * The app's channel: one module worker runs every connection (MQTT.js clients, ingest engines,
 * the frame pump). `onFailure` hears when the worker itself fails (every connection is gone).
 */
export function createWorkerChannel(onFailure: (reason: Coded) => void): Channel {
  const worker = new Worker(new URL('./mqtt.worker.ts', import.meta.url), {
    type: 'module',
    name: 'mqtt-session',
  })
  const channel = new Channel((message, transfer) => worker.postMessage(message, transfer))
  worker.onmessage = (event: MessageEvent<FromHost>) => channel.receive(event.data)
  worker.onerror = (event) => {
    const reason = coded('session.workerFailed', { error: event.message || 'unknown error' })
    channel.fail(reason)
    onFailure(reason)
  }
  return channel
}
