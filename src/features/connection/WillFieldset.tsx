import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useWord } from '../../i18n/word'
import type { QoS, UserProperty } from '../../wire/mqtt'
import type { WillDraft } from '../../mqtt/publishDraft'
import { selectForm, selectShownId, setForm, useAppStore } from '../../store/appStore'
import { testWill } from '../../store/publish/actions'
import { composers } from '../../store/publish/composer'

interface Props {
  /** The form is locked while a connection exists; the Will applies at the next connect. */
  busy: boolean
  connected: boolean
}

/**
 * The Last Will of the connection (a collapsible part of the connection form) and "Test Last
 * Will", which ends the connection without a normal DISCONNECT so that the broker publishes it.
 */
export function WillFieldset({ busy, connected }: Props) {
  const will = useAppStore((s) => selectForm(s).will)
  const connId = useAppStore(selectShownId)
  const willNote = composers.useShown((c) => c.willNote)
  const word = useWord()
  const [reconnect, setReconnect] = useState(false)
  const { t } = useTranslation('connection')
  const id = useId()
  const set = (patch: Partial<WillDraft>) => setForm(connId, { will: { ...will, ...patch } })
  const setUser = (rows: UserProperty[]) => set({ userProperties: rows })
  const off = busy || !will.enabled

  return (
    <details className="will" open={will.enabled || undefined}>
      <summary>{t('Last Will')}</summary>
      <fieldset className="form-grid will-grid" disabled={busy}>
        <legend className="visually-hidden">{t('Last Will')}</legend>
        <span />
        <label className="check">
          <input
            type="checkbox"
            checked={will.enabled}
            onChange={(e) => set({ enabled: e.target.checked })}
          />
          {t('Send a Last Will')}
        </label>
        <label htmlFor={`${id}-t`}>{t('Will topic')}</label>
        <input
          id={`${id}-t`}
          type="text"
          spellCheck={false}
          disabled={off}
          value={will.topic}
          onChange={(e) => set({ topic: e.target.value })}
        />
        <label htmlFor={`${id}-m`}>{t('Will message')}</label>
        <input
          id={`${id}-m`}
          type="text"
          spellCheck={false}
          disabled={off}
          placeholder={t('UTF-8 text')}
          value={will.payload}
          onChange={(e) => set({ payload: e.target.value })}
        />
        <label htmlFor={`${id}-q`}>{t('Will QoS')}</label>
        <select
          id={`${id}-q`}
          disabled={off}
          value={will.qos}
          onChange={(e) => set({ qos: Number(e.target.value) as QoS })}
        >
          <option value={0}>0</option>
          <option value={1}>1</option>
          <option value={2}>2</option>
        </select>
        <span />
        <label
          className="check"
          title={t("The retain flag: the broker keeps the Will as the topic's last value")}
        >
          <input
            type="checkbox"
            disabled={off}
            checked={will.retain}
            onChange={(e) => set({ retain: e.target.checked })}
          />
          {t('Will kept by the broker')}
        </label>
        <span className="will-v5 muted">{t('MQTT 5 only:')}</span>
        <label htmlFor={`${id}-d`}>{t('Will delay (s)')}</label>
        <input
          id={`${id}-d`}
          type="number"
          min={0}
          disabled={off}
          placeholder="0"
          value={will.delay}
          onChange={(e) => set({ delay: e.target.value })}
        />
        <label htmlFor={`${id}-x`}>{t('Will message expiry (s)')}</label>
        <input
          id={`${id}-x`}
          type="number"
          min={0}
          disabled={off}
          placeholder={t('none')}
          value={will.expiry}
          onChange={(e) => set({ expiry: e.target.value })}
        />
        <label htmlFor={`${id}-ct`}>{t('Will content type')}</label>
        <input
          id={`${id}-ct`}
          type="text"
          spellCheck={false}
          disabled={off}
          value={will.contentType}
          onChange={(e) => set({ contentType: e.target.value })}
        />
        <span />
        <label className="check">
          <input
            type="checkbox"
            disabled={off}
            checked={will.payloadFormatIndicator}
            onChange={(e) => set({ payloadFormatIndicator: e.target.checked })}
          />
          {t('Will message is UTF-8 text')}
        </label>
        <label htmlFor={`${id}-rt`}>{t('Will response topic')}</label>
        <input
          id={`${id}-rt`}
          type="text"
          spellCheck={false}
          disabled={off}
          value={will.responseTopic}
          onChange={(e) => set({ responseTopic: e.target.value })}
        />
        <label htmlFor={`${id}-cd`}>{t('Will correlation data')}</label>
        <input
          id={`${id}-cd`}
          type="text"
          spellCheck={false}
          disabled={off}
          value={will.correlationData}
          onChange={(e) => set({ correlationData: e.target.value })}
        />
        {will.userProperties.map((row, i) => (
          <div className="user-prop will-user" key={i}>
            <input
              type="text"
              spellCheck={false}
              disabled={off}
              aria-label={t('Will user property {{n}} name', { n: i + 1 })}
              placeholder={t('name')}
              value={row.key}
              onChange={(e) =>
                setUser(
                  will.userProperties.map((r, j) => (j === i ? { ...r, key: e.target.value } : r)),
                )
              }
            />
            <input
              type="text"
              spellCheck={false}
              disabled={off}
              aria-label={t('Will user property {{n}} value', { n: i + 1 })}
              placeholder={t('value')}
              value={row.value}
              onChange={(e) =>
                setUser(
                  will.userProperties.map((r, j) =>
                    j === i ? { ...r, value: e.target.value } : r,
                  ),
                )
              }
            />
            <button
              type="button"
              className="icon"
              disabled={off}
              aria-label={t('Remove Will user property {{n}}', { n: i + 1 })}
              title={t('Remove')}
              onClick={() => setUser(will.userProperties.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </div>
        ))}
        <span />
        <button
          type="button"
          className="link will-add"
          disabled={off}
          onClick={() => setUser([...will.userProperties, { key: '', value: '' }])}
        >
          {t('Add Will user property')}
        </button>
      </fieldset>
      <div className="will-test">
        <button
          type="button"
          disabled={!connected}
          title={t(
            'End the connection without a normal DISCONNECT, so the broker publishes the Will',
          )}
          onClick={() => testWill(connId, reconnect)}
        >
          {t('Test Last Will')}
        </button>
        <label className="check">
          <input
            type="checkbox"
            checked={reconnect}
            onChange={(e) => setReconnect(e.target.checked)}
          />
          {t('Reconnect after the test')}
        </label>
      </div>
      {willNote && <p className="note">{word(willNote)}</p>}
      {busy && will.enabled && !willNote && (
        <p className="note">{t('Changes to the Will apply at the next connect.')}</p>
      )}
    </details>
  )
}
