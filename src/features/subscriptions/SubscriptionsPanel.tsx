import type { TFunction } from 'i18next'
import { useId, useState, type FormEvent } from 'react'
import { Swatch } from '../../components/Swatch'
import { subscriptionColour } from '../../lib/subscriptionColours'
import { useTranslation } from 'react-i18next'
import { useWord } from '../../i18n/word'
import type { Coded } from '../../lib/coded'
import { SUBSCRIPTION_ID_MAX, type QoS, type RetainHandling } from '../../wire/mqtt'
import {
  selectForm,
  selectShownId,
  selectStatus,
  selectSubscribeDraft,
  selectSubscriptions,
  useAppStore,
  type Subscription,
} from '../../store/appStore'
import { isCoded } from '../../lib/coded'
import { draftV5, setSubscribeDraft, subscribe, unsubscribe } from '../../store/subscriptions'

function stateText(
  sub: Subscription,
  t: TFunction<'subscriptions'>,
  word: (c: Coded) => string,
): string {
  switch (sub.state) {
    case 'idle':
      return t('waiting for connection')
    case 'pending':
      return t('subscribing…')
    case 'active':
      return sub.grantedQos !== undefined && sub.grantedQos !== sub.qos
        ? t('granted QoS {{qos}}', { qos: sub.grantedQos })
        : t('active')
    case 'failed':
      return sub.reason ? word(sub.reason) : t('refused')
  }
}

/** "No Local · Retain handling 2 · id 7": a subscription's MQTT 5 options that are not defaults. */
function optionsText(sub: Subscription, t: TFunction<'subscriptions'>): string {
  const v5 = sub.v5
  if (!v5) return ''
  const parts: string[] = []
  if (v5.noLocal) parts.push(t('No Local'))
  if (v5.retainHandling) parts.push(t('Retain handling {{n}}', { n: v5.retainHandling }))
  if (v5.id !== undefined) parts.push(t('id {{id}}', { id: v5.id }))
  return parts.join(' · ')
}

/**
 * Subscriptions: add with QoS and MQTT 5 options, remove, and the broker's answer per filter (UI
 * contract).
 */
export function SubscriptionsPanel() {
  const connId = useAppStore(selectShownId)
  const subscriptions = useAppStore(selectSubscriptions)
  // The form's fields belong to the connection: another tab has its own.
  const draft = useAppStore(selectSubscribeDraft)
  const { filter, qos } = draft
  const setFilter = (text: string) => setSubscribeDraft(connId, { filter: text })
  const setQos = (value: QoS) => setSubscribeDraft(connId, { qos: value })
  // Options are sent on MQTT 5 only: a 3.1.1 connection's list says so, and a 3.1.1 form here.
  const on311 = useAppStore((s) => selectStatus(s).protocolLevel === 4)
  const form311 = useAppStore((s) => selectForm(s).version === '3.1.1')
  const [problem, setProblem] = useState<{ connId: string; reason: Coded } | undefined>()
  const error = problem?.connId === connId ? problem.reason : undefined
  const setError = (reason: Coded | undefined) => setProblem(reason && { connId, reason })
  const { t } = useTranslation('subscriptions')
  const word = useWord()
  const id = useId()

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    const options = draftV5(draft)
    setError(isCoded(options) ? options : subscribe(connId, filter, qos, options.v5))
  }

  return (
    <section className="panel subscriptions" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('Subscriptions')}</h2>
      <form onSubmit={onSubmit} className="sub-form">
        <label htmlFor={`${id}-f`} className="visually-hidden">
          {t('Topic filter')}
        </label>
        <input
          id={`${id}-f`}
          type="text"
          spellCheck={false}
          value={filter}
          placeholder="sensors/#"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-err` : undefined}
          onChange={(e) => {
            setFilter(e.target.value)
            setError(undefined)
          }}
        />
        <select
          aria-label={t('Subscription QoS')}
          value={qos}
          onChange={(e) => setQos(Number(e.target.value) as QoS)}
        >
          <option value={0}>QoS 0</option>
          <option value={1}>QoS 1</option>
          <option value={2}>QoS 2</option>
        </select>
        <button type="submit">{t('Subscribe')}</button>
        <details className="advanced sub-options">
          <summary>{t('MQTT 5 options')}</summary>
          <div className="form-grid">
            {form311 && (
              <p className="note form-wide">
                {t(
                  'Not sent on MQTT 3.1.1: choose MQTT version 5 in the connection form to use them.',
                )}
              </p>
            )}
            <span />
            <label
              className="check"
              title={t("No Local: the broker does not send this tab's own publishes back to it")}
            >
              <input
                type="checkbox"
                checked={draft.noLocal}
                onChange={(e) => setSubscribeDraft(connId, { noLocal: e.target.checked })}
              />
              {t('No Local')}
            </label>
            <label htmlFor={`${id}-rh`}>{t('Retain handling')}</label>
            <select
              id={`${id}-rh`}
              title={t(
                'Retained messages when subscribing: 0 always sent, 1 sent only if the subscription is new, 2 never sent',
              )}
              value={draft.retainHandling}
              onChange={(e) =>
                setSubscribeDraft(connId, {
                  retainHandling: Number(e.target.value) as RetainHandling,
                })
              }
            >
              <option value={0}>{t('0: always send')}</option>
              <option value={1}>{t('1: only if new')}</option>
              <option value={2}>{t('2: never send')}</option>
            </select>
            <label htmlFor={`${id}-sid`}>{t('Subscription identifier')}</label>
            <input
              id={`${id}-sid`}
              type="text"
              inputMode="numeric"
              spellCheck={false}
              placeholder={t('none')}
              title={t(
                '1 to {{max}}: the broker puts it on every message this subscription delivers (shown in the topic details)',
                { max: SUBSCRIPTION_ID_MAX },
              )}
              value={draft.id}
              onChange={(e) => {
                setSubscribeDraft(connId, { id: e.target.value })
                setError(undefined)
              }}
            />
          </div>
        </details>
      </form>
      {error && (
        <p id={`${id}-err`} role="alert" className="field-error">
          {word(error)}
        </p>
      )}
      {subscriptions.length === 0 && (
        <p className="empty">{t('No subscriptions yet. Subscribe to # to see every topic.')}</p>
      )}
      <ul aria-label={t('Subscriptions')} className="sub-list">
        {subscriptions.map((sub, position) => (
          <li key={sub.filter} className={`sub sub-${sub.state}`}>
            <span className="sub-filter">
              {/* The colour of this subscription's rows in the message log. */}
              <Swatch className="sub-swatch" colour={subscriptionColour(position)} /> {sub.filter}
            </span>
            <span className="sub-qos">QoS {sub.qos}</span>
            <span className="sub-state">
              {stateText(sub, t, word)}
              {sub.v5 && (
                <span className="sub-options-text">
                  {' · '}
                  {optionsText(sub, t)}
                  {on311 && ` (${t('MQTT 5 options not sent: connected with MQTT 3.1.1')})`}
                </span>
              )}
            </span>
            <button
              type="button"
              className="icon"
              aria-label={t('Unsubscribe {{filter}}', { filter: sub.filter })}
              title={t('Unsubscribe {{filter}}', { filter: sub.filter })}
              onClick={() => unsubscribe(connId, sub.filter)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
