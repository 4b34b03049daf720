import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import {
  selectForm,
  selectShownId,
  setForm as setFormOf,
  useAppStore,
  type ConnectionForm,
} from '../../store/appStore'

/**
 * Advanced connection options: timeouts, reconnect backoff and limit, resubscribe, and the
 * MQTT 5 CONNECT properties (session expiry, receive maximum, maximum packet size, topic alias
 * maximum, request response / problem information, user properties).
 */
export function AdvancedFieldset({ busy }: { busy: boolean }) {
  const form = useAppStore(selectForm)
  const connId = useAppStore(selectShownId)
  const setForm = (patch: Partial<ConnectionForm>) => setFormOf(connId, patch)
  const { t } = useTranslation('connection')
  const id = useId()
  const v5 = form.version === '5'

  const num = (key: keyof ConnectionForm, label: string, hint: string, min = 0) => (
    <>
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="number"
        min={min}
        // Fractions of a second are fine; the default step of 1 would block the form's submit.
        step="any"
        title={hint}
        disabled={busy}
        value={Number.isFinite(form[key]) ? (form[key] as number) : ''}
        onChange={(e) => setForm({ [key]: e.target.valueAsNumber })}
      />
    </>
  )
  const text = (key: keyof ConnectionForm, label: string, hint: string) => (
    <>
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="text"
        inputMode="numeric"
        placeholder={t('broker default')}
        title={hint}
        disabled={busy || !v5}
        value={form[key] as string}
        onChange={(e) => setForm({ [key]: e.target.value })}
      />
    </>
  )
  const check = (key: keyof ConnectionForm, label: string, needsV5 = false) => (
    <>
      <span />
      <label className="check">
        <input
          type="checkbox"
          disabled={busy || (needsV5 && !v5)}
          checked={form[key] as boolean}
          onChange={(e) => setForm({ [key]: e.target.checked })}
        />
        {label}
      </label>
    </>
  )

  return (
    <details className="advanced">
      <summary>{t('Advanced options')}</summary>
      <div className="form-grid">
        {num(
          'connectTimeout',
          t('CONNACK timeout (s)'),
          t('How long to wait for the broker to answer CONNECT'),
          1,
        )}
        {num(
          'reconnectPeriod',
          t('Retry after (s)'),
          t('First pause before reconnecting a lost connection; 0 turns reconnecting off'),
        )}
        {num(
          'reconnectMax',
          t('Longest retry pause (s)'),
          t('The pause doubles after each failed attempt, up to this'),
        )}
        {num(
          'maxReconnectAttempts',
          t('Retry attempts'),
          t('Attempts before giving up; 0 keeps trying'),
        )}
        {check('resubscribe', t('Resubscribe after a reconnect'))}
        <p className="note form-wide">
          {v5 ? t('MQTT 5 only:') : t('MQTT 5 only (choose MQTT version 5 to set these):')}
        </p>
        {num(
          'sessionExpiry',
          t('Session expiry (s)'),
          t(
            'Seconds the broker keeps the session after a disconnect (with Clean start off); 0 ends it with the connection',
          ),
        )}
        {text(
          'receiveMaximum',
          t('Receive maximum'),
          t('QoS 1 and 2 messages the broker may send before an acknowledgement (1–65535)'),
        )}
        {text(
          'maximumPacketSize',
          t('Maximum packet size'),
          t('Largest packet this client accepts, in bytes'),
        )}
        {text(
          'topicAliasMaximum',
          t('Topic alias maximum'),
          t('Topic aliases the broker may use towards this client (0–65535)'),
        )}
        {check('requestResponseInformation', t('Request response information'), true)}
        {check('requestProblemInformation', t('Request problem information'), true)}
        <label htmlFor={`${id}-up`}>{t('User properties')}</label>
        <textarea
          id={`${id}-up`}
          rows={2}
          placeholder={t('key=value, one per line')}
          disabled={busy || !v5}
          value={form.userProperties}
          onChange={(e) => setForm({ userProperties: e.target.value })}
        />
      </div>
    </details>
  )
}
