import type { TFunction } from 'i18next'
import { i18n } from '../../i18n'
import { wordIn } from '../../i18n/word'
import type { Coded } from '../../lib/coded'
import type { ConnectionStatus } from '../../store/appStore'

/**
 * The status line. It always contains one of the contract's words (Connected, Connecting,
 * Reconnecting, Disconnected, or their translation) and, after a failure, the reason. Without
 * `t` and `word` it is English, as the benchmark reads it.
 */
export function statusText(
  status: ConnectionStatus,
  t?: TFunction<'connection'>,
  word: (message: Coded) => string = (m) => wordIn('en', m),
): string {
  const say = t ?? i18n.getFixedT('en', 'connection')
  const reason = status.reason && word(status.reason)
  const note = status.note && word(status.note)
  const version =
    status.protocolLevel === 5 ? 'MQTT 5' : status.protocolLevel === 4 ? 'MQTT 3.1.1' : ''
  switch (status.state) {
    case 'connected':
      return [
        version ? say('Connected ({{version}})', { version }) : say('Connected'),
        note ? `. ${note}` : '',
      ].join('')
    case 'connecting':
      return `${say('Connecting…')}${note ? ` ${note}` : ''}`
    case 'reconnecting':
      return `${say('Reconnecting…')}${reason ? ` ${reason}` : ''}`
    case 'disconnected':
      return reason ? say('Disconnected: {{reason}}', { reason }) : say('Disconnected')
  }
}
