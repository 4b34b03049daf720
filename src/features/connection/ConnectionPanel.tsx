import { useId, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { generateClientId } from '../../lib/brokerUrl'
import { useWord } from '../../i18n/word'
import {
  selectForm,
  selectShownId,
  selectStatus,
  setForm as setFormOf,
  useAppStore,
  type ConnectionForm,
} from '../../store/appStore'
import { clearData, connect, disconnect } from '../../store/lifecycle'
import { AdvancedFieldset } from './AdvancedFieldset'
import { ConnectionInfo } from './ConnectionInfo'
import { CopyLink } from './CopyLink'
import { statusText } from './statusText'
import { WillFieldset } from './WillFieldset'

/** The connection form and the connection status (UI contract: "Connection"). */
export function ConnectionPanel() {
  const connId = useAppStore(selectShownId)
  const form = useAppStore(selectForm)
  const status = useAppStore(selectStatus)
  const setForm = (patch: Partial<ConnectionForm>) => setFormOf(connId, patch)
  const { t } = useTranslation('connection')
  const word = useWord()
  const id = useId()
  const busy = status.state !== 'disconnected'

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (!busy) connect(connId)
  }

  return (
    <section className="panel connection" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('Connection')}</h2>
      <form onSubmit={onSubmit} className="form-grid">
        <label htmlFor={`${id}-url`}>{t('Broker URL')}</label>
        <input
          id={`${id}-url`}
          type="text"
          spellCheck={false}
          value={form.url}
          disabled={busy}
          placeholder="ws://127.0.0.1:9001"
          onChange={(e) => setForm({ url: e.target.value })}
        />
        <label htmlFor={`${id}-cid`}>{t('Client ID')}</label>
        <div className="input-row">
          <input
            id={`${id}-cid`}
            type="text"
            spellCheck={false}
            value={form.clientId}
            disabled={busy}
            placeholder={t('generated when empty')}
            onChange={(e) => setForm({ clientId: e.target.value })}
          />
          <button
            type="button"
            className="icon"
            disabled={busy}
            title={t('Generate a new client id')}
            aria-label={t('Generate client ID')}
            onClick={() => setForm({ clientId: generateClientId() })}
          >
            ↻
          </button>
        </div>
        <label htmlFor={`${id}-user`}>{t('Username')}</label>
        <input
          id={`${id}-user`}
          type="text"
          autoComplete="username"
          value={form.username}
          disabled={busy}
          onChange={(e) => setForm({ username: e.target.value })}
        />
        <label htmlFor={`${id}-pw`}>{t('Password')}</label>
        <input
          id={`${id}-pw`}
          type="password"
          autoComplete="current-password"
          value={form.password}
          disabled={busy}
          onChange={(e) => setForm({ password: e.target.value })}
        />
        <label htmlFor={`${id}-v`}>{t('MQTT version')}</label>
        <select
          id={`${id}-v`}
          value={form.version}
          disabled={busy}
          onChange={(e) => setForm({ version: e.target.value === '3.1.1' ? '3.1.1' : '5' })}
        >
          <option value="5">5</option>
          <option value="3.1.1">3.1.1</option>
        </select>
        <label htmlFor={`${id}-ka`}>{t('Keep alive (s)')}</label>
        <input
          id={`${id}-ka`}
          type="number"
          min={0}
          max={65535}
          value={Number.isFinite(form.keepalive) ? form.keepalive : ''}
          disabled={busy}
          onChange={(e) => setForm({ keepalive: e.target.valueAsNumber })}
        />
        <span />
        <label className="check">
          <input
            type="checkbox"
            checked={form.clean}
            disabled={busy}
            onChange={(e) => setForm({ clean: e.target.checked })}
          />
          {t('Clean start')}
        </label>
        <WillFieldset busy={busy} connected={status.state === 'connected'} />
        <AdvancedFieldset busy={busy} />
        <div className="actions">
          {busy ? (
            <button type="button" onClick={() => disconnect(connId)}>
              {t('Disconnect')}
            </button>
          ) : (
            <button type="submit" className="primary">
              {t('Connect')}
            </button>
          )}
          <button
            type="button"
            title={t('Empty the tree, the log, the histories and the charts of this connection')}
            onClick={() => clearData(connId)}
          >
            {t('Clear data')}
          </button>
        </div>
      </form>
      <p
        role="status"
        aria-label={t('Connection status')}
        aria-live="polite"
        className={`status status-${status.state}${status.reason && status.state !== 'connected' ? ' status-error' : ''}`}
      >
        <Linkified text={statusText(status, t, word)} />
      </p>
      <ConnectionInfo />
      <CopyLink />
    </section>
  )
}

/**
 * Text with its https:// addresses as links: a certificate the browser does not trust can only
 * be accepted by opening the broker's address in a tab, so the status offers it one click away.
 */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https:\/\/[^\s)]+?)(?=[.,;]?(?:\s|$))/)
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} target="_blank" rel="noopener noreferrer">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  )
}
