import { useTranslation } from 'react-i18next'
import type { MessageProperties } from '../../wire/mqtt'
import { bytesAsText } from './messageText'

/** A user property record as rows, repeated keys once per value in wire order. */
export function userPropertyRows(
  props: Record<string, string | string[]>,
): { key: string; value: string }[] {
  const rows: { key: string; value: string }[] = []
  for (const [key, value] of Object.entries(props))
    for (const v of Array.isArray(value) ? value : [value]) rows.push({ key, value: v })
  return rows
}

/**
 * The MQTT 5 properties of a message as term / definition pairs (inside the caller's `<dl>`),
 * only those present. User properties are a separate table (UserPropertiesTable).
 */
export function PropertyTerms({ props }: { props: MessageProperties }) {
  const ids = props.subscriptionIdentifier
  const correlation = props.correlationData ? bytesAsText(props.correlationData) : undefined
  const { t } = useTranslation('details')
  return (
    <>
      {props.contentType !== undefined && (
        <>
          <dt>{t('Content type')}</dt>
          <dd>{props.contentType}</dd>
        </>
      )}
      {props.payloadFormatIndicator !== undefined && (
        <>
          <dt>{t('Payload format indicator')}</dt>
          <dd>{props.payloadFormatIndicator ? t('1 (UTF-8 text)') : t('0 (bytes)')}</dd>
        </>
      )}
      {props.responseTopic !== undefined && (
        <>
          <dt>{t('Response topic')}</dt>
          <dd>{props.responseTopic}</dd>
        </>
      )}
      {correlation && (
        <>
          <dt>{t('Correlation data')}</dt>
          <dd className="prop-bytes">
            {correlation.hex ? t('{{text}} (hex)', { text: correlation.text }) : correlation.text}
          </dd>
        </>
      )}
      {props.messageExpiryInterval !== undefined && (
        <>
          <dt>{t('Message expiry')}</dt>
          <dd>{t('{{n}} s', { n: props.messageExpiryInterval })}</dd>
        </>
      )}
      {ids !== undefined && (
        <>
          <dt>{t('Subscription identifiers')}</dt>
          <dd>{(Array.isArray(ids) ? ids : [ids]).join(', ')}</dd>
        </>
      )}
      {props.topicAlias !== undefined && (
        <>
          <dt>{t('Topic alias')}</dt>
          <dd>{props.topicAlias}</dd>
        </>
      )}
    </>
  )
}

/** MQTT 5 user properties: one row per pair, a repeated name on each of its rows. */
export function UserPropertiesTable({ props }: { props: Record<string, string | string[]> }) {
  const rows = userPropertyRows(props)
  const { t } = useTranslation('details')
  if (rows.length === 0) return null
  return (
    <table className="user-props" aria-label={t('User properties')}>
      <thead>
        <tr>
          <th scope="col">{t('Name')}</th>
          <th scope="col">{t('Value')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i}>
            <td>{row.key}</td>
            <td>{row.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
