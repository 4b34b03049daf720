import { statusText } from '../features/connection/statusText'
import { useAppStore } from '../store/appStore'

/** The status line as the bench probe reports it (words only, no message content). */
export function statusTextForBench(): string {
  return statusText(useAppStore.getState().status)
}
