import { afterPaint } from '../lib/afterPaint'
import type { MqttSession } from '../mqtt/session'
import { useAppStore } from './appStore'
import { dataStore } from './dataStore'
import { setSession } from './session'

/**
 * Wires a session to the stores: statuses go to the control plane, frames to the data plane.
 * The frame's credit goes back at the next animation frame, after React has rendered it, so the
 * worker never sends faster than the UI paints. Returns the unwiring.
 */
export function attachSession(session: MqttSession): () => void {
  setSession(session)
  const stop = session.listen((message) => {
    switch (message.type) {
      case 'status':
        useAppStore.getState().applyStatus(message)
        break
      case 'frame': {
        dataStore.applyFrame(message.frame)
        const seq = message.frame.seq
        afterPaint(() => session.credit(seq))
        break
      }
      case 'subscribed':
      case 'unsubscribed':
        break
    }
  })
  return () => {
    stop()
    setSession(undefined)
  }
}
