import { useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { LiveText } from '../../components/LiveText'
import { TEXT_ROWS_EVERY_MS } from '../../engine/budgets'
import { useWord } from '../../i18n/word'
import { formatCount } from '../../lib/format'
import { selectConnections, selectOrder, selectShownId, useAppStore } from '../../store/appStore'
import {
  closeConnection,
  openConnection,
  renameConnection,
  showConnection,
} from '../../store/connections'
import { dataStore } from '../../store/dataStore'
import { usePacedData } from '../../store/useData'
import './connection.css'

/** "host:port" of a broker URL, or the text as typed. */
function hostOf(url: string, t: TFunction<'connection'>): string {
  try {
    return new URL(url).host || url
  } catch {
    return url || t('new connection')
  }
}

/** Any connection's totals: the shown one's, or a background one's. */
const TOTALS_KEYS = ['totals', 'background'] as const

/**
 * A tab's message count, repainted at the text rows' pace: the header counters show the shown
 * connection's figures at their own pace. Its own component, so that a new count renders this
 * text alone, not the tab strip (the strip's render, its labels and titles, was the largest
 * React render of a frame at 100 msgs/s).
 */
function TabCount({ id }: { id: string }) {
  usePacedData(TOTALS_KEYS, TEXT_ROWS_EVERY_MS)
  return (
    <span className="conn-count muted">
      <LiveText text={formatCount(dataStore.totalsOf(id).received)} />
    </span>
  )
}

/**
 * Tabs of the open connections: each has its own form, subscriptions, tree, log and counters,
 * all served by the one session worker; switching is instant (nothing is re-fetched). A tab is
 * named by the user, else by the profile it was set up from, else by its broker's host and port;
 * double-click, F2 or "Rename tab" renames the shown one (empty: named by its broker again).
 */
export function ConnectionTabs() {
  const ids = useAppStore(selectOrder)
  const active = useAppStore(selectShownId)
  const connections = useAppStore(selectConnections)
  const tabsNotice = useAppStore((s) => s.tabsNotice)
  // The tab being renamed, and the name as typed.
  const [renaming, setRenaming] = useState<{ id: string; draft: string }>()
  const doneRef = useRef(false)
  const { t } = useTranslation('connection')
  const word = useWord()

  const nameOf = (id: string) => connections[id]?.name ?? hostOf(connections[id]?.form.url ?? '', t)
  const startRename = (id: string) => {
    showConnection(id)
    doneRef.current = false
    setRenaming({ id, draft: connections[id]?.name ?? '' })
  }
  // Enter and leaving the box keep the name, Escape the old one; the focus goes back to the tab.
  const finishRename = (keep: boolean) => {
    if (!renaming || doneRef.current) return
    doneRef.current = true
    if (keep) renameConnection(renaming.id, renaming.draft)
    setRenaming(undefined)
    const tab = document.getElementById(`conn-tab-${renaming.id}`)
    requestAnimationFrame(() => tab?.focus())
  }

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'F2') {
      e.preventDefault()
      startRename(active)
      return
    }
    const i = ids.indexOf(active)
    const next =
      e.key === 'ArrowRight'
        ? ids[(i + 1) % ids.length]
        : e.key === 'ArrowLeft'
          ? ids[(i - 1 + ids.length) % ids.length]
          : undefined
    if (next === undefined) return
    e.preventDefault()
    showConnection(next)
    document.getElementById(`conn-tab-${next}`)?.focus()
  }

  return (
    <div className="conn-tabs">
      <div role="tablist" aria-label={t('Connections')} onKeyDown={onKeyDown}>
        {ids.map((id, i) => {
          const isActive = id === active
          const conn = connections[id]
          const form = conn?.form
          const status = conn?.status
          const label = `${i + 1}. ${nameOf(id)}`
          return (
            <span key={id} className={`conn-tab${isActive ? ' active' : ''}`}>
              <button
                type="button"
                role="tab"
                id={`conn-tab-${id}`}
                aria-selected={isActive}
                tabIndex={isActive ? 0 : -1}
                title={`${form?.url ?? ''} — ${t(status?.state ?? 'disconnected')}`}
                onClick={() => showConnection(id)}
                onDoubleClick={() => startRename(id)}
              >
                <span className={`dot dot-${status?.state ?? 'disconnected'}`} aria-hidden="true" />
                <span className="conn-tab-name">{label}</span>
                <TabCount id={id} />
              </button>
              {ids.length > 1 && (
                <button
                  type="button"
                  className="icon conn-close"
                  aria-label={t('Close tab {{label}}', { label })}
                  onClick={() => closeConnection(id)}
                >
                  ×
                </button>
              )}
            </span>
          )
        })}
      </div>
      {tabsNotice && (
        <p role="alert" className="note warn">
          {word(tabsNotice)}{' '}
          <button
            type="button"
            className="link"
            onClick={() => useAppStore.setState({ tabsNotice: undefined })}
          >
            {t('OK')}
          </button>
        </p>
      )}
      <button
        type="button"
        className="icon"
        aria-label={t('New tab')}
        title={t('Open another connection')}
        onClick={() => openConnection()}
      >
        +
      </button>
      {renaming ? (
        <input
          type="text"
          className="conn-rename"
          aria-label={t('Tab name')}
          placeholder={hostOf(connections[renaming.id]?.form.url ?? '', t)}
          title={t('Enter keeps the name, Escape cancels; empty: named by its broker')}
          value={renaming.draft}
          autoFocus
          onFocus={(e) => e.target.select()}
          onChange={(e) => setRenaming({ ...renaming, draft: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === 'Escape') {
              e.preventDefault()
              finishRename(e.key === 'Enter')
            }
          }}
          onBlur={() => finishRename(true)}
        />
      ) : (
        <button
          type="button"
          className="icon"
          aria-label={t('Rename tab {{label}}', {
            label: `${ids.indexOf(active) + 1}. ${nameOf(active)}`,
          })}
          title={t('Rename this tab (or double-click it, or F2 on it)')}
          onClick={() => startRename(active)}
        >
          ✎
        </button>
      )}
    </div>
  )
}
