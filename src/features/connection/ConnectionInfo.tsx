import { formatClock } from '../../lib/format'
import type { ConnackInfo } from '../../mqtt/protocol'
import { selectConnLog, selectStatus, useAppStore } from '../../store/appStore'

const yesNo = (v: boolean | undefined) => (v === undefined ? undefined : v ? 'yes' : 'no')

/** The CONNACK's answers as label/value rows (only those the broker sent). */
function connackRows(c: ConnackInfo): [string, string][] {
  const rows: [string, string | number | undefined][] = [
    ['Session present', yesNo(c.sessionPresent)],
    ['Assigned client ID', c.assignedClientId],
    ['Server keep alive (s)', c.serverKeepAlive],
    ['Maximum QoS', c.maximumQoS],
    ['Retain available', yesNo(c.retainAvailable)],
    ['Maximum packet size', c.maximumPacketSize],
    ['Topic alias maximum', c.topicAliasMaximum],
    ['Receive maximum', c.receiveMaximum],
    ['Wildcard subscriptions', yesNo(c.wildcardSubscriptionAvailable)],
    ['Shared subscriptions', yesNo(c.sharedSubscriptionAvailable)],
    ['Subscription identifiers', yesNo(c.subscriptionIdentifiersAvailable)],
    ['Session expiry (s)', c.sessionExpiryInterval],
    ['Server reference', c.serverReference],
    ['Response information', c.responseInformation],
    ['Reason', c.reasonString],
  ]
  return rows
    .filter((r): r is [string, string | number] => r[1] !== undefined)
    .map(([k, v]) => [k, String(v)])
}

/** What the broker answered in CONNACK, and the connection's history (connected, lost, retries). */
export function ConnectionInfo() {
  const status = useAppStore(selectStatus)
  const log = useAppStore(selectConnLog)
  const connack = status.connack
  return (
    <>
      {connack && (
        <details className="connack">
          <summary>Broker answer (CONNACK)</summary>
          <dl className="meta" aria-label="CONNACK">
            {connackRows(connack).map(([k, v]) => (
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
          <summary>Connection log ({log.length})</summary>
          <ol aria-label="Connection log">
            {log.map((entry, i) => (
              <li key={i}>
                <span className="muted">{formatClock(entry.ts).slice(0, 8)}</span> {entry.text}
              </li>
            ))}
          </ol>
        </details>
      )}
    </>
  )
}
