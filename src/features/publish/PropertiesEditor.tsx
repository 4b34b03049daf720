import { useId } from 'react'
import type { UserProperty } from '../../mqtt/protocol'
import type { DraftProperties } from '../../mqtt/publishDraft'

interface Props {
  value: DraftProperties
  onChange: (patch: Partial<DraftProperties>) => void
  /** True when connected with MQTT 3.1.1: properties would not be sent. */
  v311: boolean
}

/** The MQTT 5 properties of a publish, in a collapsible section (UI contract: "Publish"). */
export function PropertiesEditor({ value, onChange, v311 }: Props) {
  const id = useId()
  const setUser = (rows: UserProperty[]) => onChange({ userProperties: rows })
  return (
    <details className="pub-section">
      <summary>MQTT 5 properties</summary>
      {v311 && (
        <p className="note">This connection uses MQTT 3.1.1, which carries no properties.</p>
      )}
      <div className="form-grid">
        <label htmlFor={`${id}-ct`}>Content type</label>
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
          Payload is UTF-8 text
        </label>
        <label htmlFor={`${id}-exp`}>Message expiry (s)</label>
        <input
          id={`${id}-exp`}
          type="number"
          min={0}
          placeholder="none"
          value={value.messageExpiry}
          onChange={(e) => onChange({ messageExpiry: e.target.value })}
        />
        <label htmlFor={`${id}-rt`}>Response topic</label>
        <input
          id={`${id}-rt`}
          type="text"
          spellCheck={false}
          value={value.responseTopic}
          onChange={(e) => onChange({ responseTopic: e.target.value })}
        />
        <label htmlFor={`${id}-cd`}>Correlation data</label>
        <input
          id={`${id}-cd`}
          type="text"
          spellCheck={false}
          placeholder="text, e.g. {{uuid}}"
          value={value.correlationData}
          onChange={(e) => onChange({ correlationData: e.target.value })}
        />
        <label htmlFor={`${id}-ta`}>Topic alias</label>
        <input
          id={`${id}-ta`}
          type="number"
          min={1}
          max={65535}
          placeholder="none"
          value={value.topicAlias}
          onChange={(e) => onChange({ topicAlias: e.target.value })}
        />
      </div>
      <fieldset className="user-props">
        <legend>User properties</legend>
        {value.userProperties.map((row, i) => (
          <div className="user-prop" key={i}>
            <input
              type="text"
              spellCheck={false}
              aria-label={`User property ${i + 1} name`}
              placeholder="name"
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
              aria-label={`User property ${i + 1} value`}
              placeholder="value"
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
              aria-label={`Remove user property ${i + 1}`}
              title="Remove"
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
          Add user property
        </button>
      </fieldset>
    </details>
  )
}
