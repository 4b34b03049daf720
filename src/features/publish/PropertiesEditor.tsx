import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import type { UserProperty } from '../../wire/mqtt'
import type { DraftProperties } from '../../mqtt/publishDraft'

interface Props {
  value: DraftProperties
  onChange: (patch: Partial<DraftProperties>) => void
  /** True when connected with MQTT 3.1.1: properties would not be sent. */
  v311: boolean
}

/** The MQTT 5 properties of a publish, in a collapsible section (UI contract: "Publish"). */
export function PropertiesEditor({ value, onChange, v311 }: Props) {
  const { t } = useTranslation('publish')
  const id = useId()
  const setUser = (rows: UserProperty[]) => onChange({ userProperties: rows })
  return (
    <details className="pub-section">
      <summary>{t('MQTT 5 properties')}</summary>
      {v311 && (
        <p className="note">{t('This connection uses MQTT 3.1.1, which carries no properties.')}</p>
      )}
      <div className="form-grid">
        <label htmlFor={`${id}-ct`}>{t('Content type')}</label>
        <input
          id={`${id}-ct`}
          type="text"
          spellCheck={false}
          placeholder="application/json"
          value={value.contentType}
          onChange={(e) => onChange({ contentType: e.target.value })}
        />
        <span />
        <label className="check">
          <input
            type="checkbox"
            checked={value.payloadFormatIndicator}
            onChange={(e) => onChange({ payloadFormatIndicator: e.target.checked })}
          />
          {t('Payload is UTF-8 text')}
        </label>
        <label htmlFor={`${id}-exp`}>{t('Message expiry (s)')}</label>
        <input
          id={`${id}-exp`}
          type="number"
          min={0}
          placeholder={t('none')}
          value={value.messageExpiry}
          onChange={(e) => onChange({ messageExpiry: e.target.value })}
        />
        <label htmlFor={`${id}-rt`}>{t('Response topic')}</label>
        <input
          id={`${id}-rt`}
          type="text"
          spellCheck={false}
          value={value.responseTopic}
          onChange={(e) => onChange({ responseTopic: e.target.value })}
        />
        <label htmlFor={`${id}-cd`}>{t('Correlation data')}</label>
        <input
          id={`${id}-cd`}
          type="text"
          spellCheck={false}
          placeholder={t('text, e.g. {{example}}', { example: '{{uuid}}' })}
          value={value.correlationData}
          onChange={(e) => onChange({ correlationData: e.target.value })}
        />
        <label htmlFor={`${id}-ta`}>{t('Topic alias')}</label>
        <input
          id={`${id}-ta`}
          type="number"
          min={1}
          max={65535}
          placeholder={t('none')}
          value={value.topicAlias}
          onChange={(e) => onChange({ topicAlias: e.target.value })}
        />
      </div>
      <fieldset className="user-props">
        <legend>{t('User properties')}</legend>
        {value.userProperties.map((row, i) => (
          <div className="user-prop" key={i}>
            <input
              type="text"
              spellCheck={false}
              aria-label={t('User property {{n}} name', { n: i + 1 })}
              placeholder={t('name')}
              value={row.key}
              onChange={(e) =>
                setUser(
                  value.userProperties.map((r, j) => (j === i ? { ...r, key: e.target.value } : r)),
                )
              }
            />
            <input
              type="text"
              spellCheck={false}
              aria-label={t('User property {{n}} value', { n: i + 1 })}
              placeholder={t('value')}
              value={row.value}
              onChange={(e) =>
                setUser(
                  value.userProperties.map((r, j) =>
                    j === i ? { ...r, value: e.target.value } : r,
                  ),
                )
              }
            />
            <button
              type="button"
              className="icon"
              aria-label={t('Remove user property {{n}}', { n: i + 1 })}
              title={t('Remove')}
              onClick={() => setUser(value.userProperties.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          className="link"
          onClick={() => setUser([...value.userProperties, { key: '', value: '' }])}
        >
          {t('Add user property')}
        </button>
      </fieldset>
    </details>
  )
}
