import { afterPaint } from '../lib/afterPaint'
import type { MqttSession } from '../mqtt/session'
import { useAppStore } from './appStore'
import { dataStore } from './dataStore'
import { setSession, setSessionProvider, type SessionProvider } from './session'

/**
 * Wires one connection's session to the stores: statuses go to the control plane, frames to
 * the data plane. The frame's credit goes back at the next animation frame, after React has
 * rendered it, so the worker never sends faster than the UI paints. Returns the unwiring.
 */
export function wireConnection(connId: string, session: MqttSession): () => void {
  return session.listen((message) => {
    switch (message.type) {
      case 'status':
        useAppStore.getState().applyStatus(message, connId)
        break
      case 'frame': {
        dataStore.applyFrame({ ...message.frame, connId })
        const seq = message.frame.seq
        afterPaint(() => session.credit(seq))
        break
      }
      case 'subscribed':
      case 'unsubscribed':
        break
    }
  })
}

/**
 * Wires a hub: every connection the store opens gets its session wired on first use, and a
 * closed connection is unwired and its data dropped.
 */
export function attachHub(hub: SessionProvider): void {
  const wired = new Map<string, () => void>()
  setSessionProvider({
    connection: (connId) => {
      const session = hub.connection(connId)
      if (!wired.has(connId)) wired.set(connId, wireConnection(connId, session))
      return session
    },
    close: (connId) => {
      wired.get(connId)?.()
      wired.delete(connId)
      hub.close(connId)
      dataStore.drop(connId)
    },
  })
}

/** Wires a single session for every connection (tests). Returns the unwiring. */
export function attachSession(session: MqttSession): () => void {
  setSession(session)
  const stop = wireConnection(dataStore.activeId, session)
  return () => {
    stop()
    setSession(undefined)
  }
}
