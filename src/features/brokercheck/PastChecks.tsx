import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { useShallow } from 'zustand/react/shallow'
import { countStatuses } from '../../brokercheck/scorecard'
import type { PastCheck } from '../../store/saved/brokerChecks'
import { useBrokerCheckStore } from '../../store/brokerCheckStore'
import { targetText } from './CheckResults'

function when(p: PastCheck): string {
  return new Date(p.at).toLocaleString()
}

/** Past checks kept in this browser: show one, put one beside the results, or delete it. */
export function PastChecks() {
  const { t } = useTranslation('brokerCheckPanel')
  const headingId = useId()
  const { past, compareId, shownPastId, running } = useBrokerCheckStore(
    useShallow((s) => ({
      past: s.past,
      compareId: s.compareId,
      shownPastId: s.shownPastId,
      running: s.running !== undefined,
    })),
  )
  const { showPast, setCompare, deletePast } = useBrokerCheckStore.getState()
  if (past.length === 0) return null
  return (
    <section className="bc-past" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('Past checks')}</h3>
      <ul aria-labelledby={headingId}>
        {past.map((p) => {
          const pass = p.reports.reduce((n, r) => n + countStatuses(r.results).pass, 0)
          const fail = p.reports.reduce((n, r) => n + countStatuses(r.results).fail, 0)
          return (
            <li key={p.id} aria-current={p.id === shownPastId ? 'true' : undefined}>
              <span>
                {when(p)}: {p.reports.map((r) => targetText(r)).join(', ')}{' '}
                <span className="muted">
                  {t('{{pass}} passed, {{fail}} failed', { pass, fail })}
                </span>
              </span>{' '}
              <button type="button" disabled={running} onClick={() => showPast(p.id)}>
                {t('Show check of {{when}}', { when: when(p) })}
              </button>
              <button
                type="button"
                aria-pressed={compareId === p.id}
                onClick={() => setCompare(compareId === p.id ? undefined : p.id)}
              >
                {t('Compare with check of {{when}}', { when: when(p) })}
              </button>
              <button type="button" onClick={() => deletePast(p.id)}>
                {t('Delete check of {{when}}', { when: when(p) })}
              </button>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
