import type { TFunction } from 'i18next'
import { useId, useState, type FormEvent } from 'react'
import { Swatch } from '../../components/Swatch'
import { subscriptionColour } from '../../lib/subscriptionColours'
import { useTranslation } from 'react-i18next'
import { useWord } from '../../i18n/word'
import type { Coded } from '../../lib/coded'
import type { QoS } from '../../wire/mqtt'
import {
  selectShownId,
  selectSubscribeDraft,
  selectSubscriptions,
  useAppStore,
  type Subscription,
} from '../../store/appStore'
import { setSubscribeDraft, subscribe, unsubscribe } from '../../store/subscriptions'

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

/** Subscriptions: add with QoS, remove, and the broker's answer per filter (UI contract). */
export function SubscriptionsPanel() {
  const connId = useAppStore(selectShownId)
  const subscriptions = useAppStore(selectSubscriptions)
  // The form's fields belong to the connection: another tab has its own.
  const { filter, qos } = useAppStore(selectSubscribeDraft)
  const setFilter = (text: string) => setSubscribeDraft(connId, { filter: text })
  const setQos = (value: QoS) => setSubscribeDraft(connId, { qos: value })
  const [problem, setProblem] = useState<{ connId: string; reason: Coded } | undefined>()
  const error = problem?.connId === connId ? problem.reason : undefined
  const setError = (reason: Coded | undefined) => setProblem(reason && { connId, reason })
  const { t } = useTranslation('subscriptions')
  const word = useWord()
  const id = useId()

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setError(subscribe(connId, filter, qos))
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
            <span className="sub-state">{stateText(sub, t, word)}</span>
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
