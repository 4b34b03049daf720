import { useTranslation } from 'react-i18next'
import { formatSparkplugValue, type SparkplugPayload } from '../../codecs/sparkplug'
import { useWord } from '../../i18n/word'

/** The metrics of a Sparkplug B payload, one row each (aliases resolved from the BIRTH). */
export function SparkplugTable({ payload }: { payload: SparkplugPayload }) {
  const unnamed = payload.metrics.filter((m) => !m.name && m.alias !== undefined).length
  const { t } = useTranslation('details')
  const word = useWord()
  return (
    <div className="sparkplug">
      <p className="muted">
        Sparkplug B{payload.seq !== undefined ? t(', seq {{seq}}', { seq: payload.seq }) : ''}
        {payload.timestamp !== undefined ? `, ${new Date(payload.timestamp).toISOString()}` : ''}
        {t(', {{count}} metrics', { count: payload.metrics.length })}
        {unnamed > 0
          ? t('; {{count}} aliases without a BIRTH seen, shown by number', { count: unnamed })
          : ''}
      </p>
      <table aria-label={t('Sparkplug metrics')}>
        <thead>
          <tr>
            <th scope="col">{t('Name')}</th>
            <th scope="col">{t('Alias')}</th>
            <th scope="col">{t('Type')}</th>
            <th scope="col">{t('Value')}</th>
            <th scope="col">{t('Timestamp')}</th>
          </tr>
        </thead>
        <tbody>
          {payload.metrics.map((m, i) => (
            <tr key={i}>
              <td>
                {m.name ?? (
                  <span className="muted">{t('alias {{alias}}', { alias: m.alias ?? '?' })}</span>
                )}
                {m.nameFromBirth && <span className="muted">{t(' (from BIRTH)')}</span>}
              </td>
              <td>{m.alias ?? ''}</td>
              <td>{m.datatypeName}</td>
              <td>{m.valueNote ? word(m.valueNote) : formatSparkplugValue(m)}</td>
              <td>{m.timestamp !== undefined ? new Date(m.timestamp).toISOString() : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
