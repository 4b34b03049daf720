import { statusText } from '../features/connection/statusText'
import { useAppStore } from '../store/appStore'

/** The status line as the bench probe reports it (words only, no message content). */
export function statusTextForBench(): string {
  const s = useAppStore.getState()
  const conn = s.connections[s.shownId]
  return conn ? statusText(conn.status) : ''
}
