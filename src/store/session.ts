import type { MqttSession } from '../mqtt/session'

/** Where the store's actions get a connection's session: the worker hub, or a test double. */
export interface SessionProvider {
  connection(connId: string): MqttSession
  close(connId: string): void
}

let provider: SessionProvider | undefined
let activeConn = 'c1'

/** The sessions the store's actions talk to; set once at start (or per test). */
export function setSessionProvider(next: SessionProvider | undefined): void {
  provider = next
}

/** One session for every connection (tests that drive a single connection). */
export function setSession(session: MqttSession | undefined): void {
  provider = session && { connection: () => session, close: () => undefined }
}

/** Which connection `getSession()` means when no id is given (the store keeps it in step). */
export function setActiveConnection(connId: string): void {
  activeConn = connId
}

/** The session of `connId` (default: the connection on screen); throws if the app was not wired. */
export function getSession(connId: string = activeConn): MqttSession {
  if (!provider) throw new Error('No MQTT session: call setSessionProvider() at start-up.')
  return provider.connection(connId)
}

/** Ends a connection's session. */
export function closeSession(connId: string): void {
  provider?.close(connId)
}
