import type { ConnectionStatus } from '../../store/appStore'

/**
 * The status line. It always contains one of the contract's words (Connected, Connecting,
 * Reconnecting, Disconnected) and, after a failure, the reason.
 */
export function statusText(status: ConnectionStatus): string {
  const version =
    status.protocolLevel === 5 ? 'MQTT 5' : status.protocolLevel === 4 ? 'MQTT 3.1.1' : ''
  switch (status.state) {
    case 'connected':
      return `Connected${version ? ` (${version})` : ''}${status.note ? `. ${status.note}` : ''}`
    case 'connecting':
      return `Connecting\u2026${status.note ? ` ${status.note}` : ''}`
    case 'reconnecting':
      return `Reconnecting\u2026${status.reason ? ` ${status.reason}` : ''}`
    case 'disconnected':
      return `Disconnected${status.reason ? `: ${status.reason}` : ''}`
  }
}
