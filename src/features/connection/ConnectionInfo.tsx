import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { useWord } from '../../i18n/word'
import { formatClock } from '../../lib/format'
import type { ConnackInfo } from '../../wire/mqtt'
import { selectConnLog, selectStatus, useAppStore } from '../../store/appStore'

/** The CONNACK's answers as label/value rows (only those the broker sent). */
function connackRows(c: ConnackInfo, t: TFunction<'connection'>): [string, string][] {
  const yesNo = (v: boolean | undefined) => (v === undefined ? undefined : v ? t('yes') : t('no'))
  const rows: [string, string | number | undefined][] = [
    [t('Session present'), yesNo(c.sessionPresent)],
    [t('Assigned client ID'), c.assignedClientId],
    [t('Server keep alive (s)'), c.serverKeepAlive],
    [t('Maximum QoS'), c.maximumQoS],
    [t('Retain available'), yesNo(c.retainAvailable)],
    [t('Maximum packet size'), c.maximumPacketSize],
    [t('Topic alias maximum'), c.topicAliasMaximum],
    [t('Receive maximum'), c.receiveMaximum],
    [t('Wildcard subscriptions'), yesNo(c.wildcardSubscriptionAvailable)],
    [t('Shared subscriptions'), yesNo(c.sharedSubscriptionAvailable)],
    [t('Subscription identifiers'), yesNo(c.subscriptionIdentifiersAvailable)],
    [t('Session expiry (s)'), c.sessionExpiryInterval],
    [t('Server reference'), c.serverReference],
    [t('Response information'), c.responseInformation],
    [t('Reason'), c.reasonString],
  ]
  return rows
    .filter((r): r is [string, string | number] => r[1] !== undefined)
    .map(([k, v]) => [k, String(v)])
}

/** What the broker answered in CONNACK, and the connection's history (connected, lost, retries). */
export function ConnectionInfo() {
  const status = useAppStore(selectStatus)
  const log = useAppStore(selectConnLog)
  const { t } = useTranslation('connection')
  const word = useWord()
  const connack = status.connack
  return (
    <>
      {connack && (
        <details className="connack">
          <summary>{t('Broker answer (CONNACK)')}</summary>
          <dl className="meta" aria-label="CONNACK">
            {connackRows(connack, t).map(([k, v]) => (
              <div key={k} className="meta-row">
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
      {log.length > 0 && (
        <details className="conn-log">
          <summary>{t('Connection log ({{count}})', { count: log.length })}</summary>
          <ol aria-label={t('Connection log')}>
            {log.map((entry, i) => (
              <li key={i}>
                <span className="muted">{formatClock(entry.ts).slice(0, 8)}</span>{' '}
                {word(entry.text)}
              </li>
            ))}
          </ol>
        </details>
      )}
    </>
  )
}
