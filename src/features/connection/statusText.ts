import type { TFunction } from 'i18next'
import { i18n } from '../../i18n'
import type { ConnectionStatus } from '../../store/appStore'

/**
 * The status line. It always contains one of the contract's words (Connected, Connecting,
 * Reconnecting, Disconnected, or their translation) and, after a failure, the reason. Without
 * a `t` it is English, as the benchmark reads it.
 */
export function statusText(
  status: ConnectionStatus,
  t: TFunction<'connection'> = i18n.getFixedT('en', 'connection'),
): string {
  const version =
    status.protocolLevel === 5 ? 'MQTT 5' : status.protocolLevel === 4 ? 'MQTT 3.1.1' : ''
  switch (status.state) {
    case 'connected':
      return [
        version ? t('Connected ({{version}})', { version }) : t('Connected'),
        status.note ? `. ${status.note}` : '',
      ].join('')
    case 'connecting':
      return `${t('Connecting…')}${status.note ? ` ${status.note}` : ''}`
    case 'reconnecting':
      return `${t('Reconnecting…')}${status.reason ? ` ${status.reason}` : ''}`
    case 'disconnected':
      return status.reason
        ? t('Disconnected: {{reason}}', { reason: status.reason })
        : t('Disconnected')
  }
}
