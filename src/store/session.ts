import type { MqttSession } from '../mqtt/session'

let current: MqttSession | undefined

/** The session the store's actions talk to; set once at start (or per test). */
export function setSession(session: MqttSession | undefined): void {
  current = session
}

/** The current session; throws if the app was not wired (a programming error). */
export function getSession(): MqttSession {
  if (!current) throw new Error('No MQTT session: call setSession() at start-up.')
  return current
}
