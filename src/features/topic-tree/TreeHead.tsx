import type { TFunction } from 'i18next'
import { memo } from 'react'
import { formatCount } from '../../lib/format'
import * as view from '../../store/view'
import { useTreeViewStore } from '../../store/treeViewStore'

/**
 * The tree's head: its title, the filter box, the match count and "Search values too". Memoised
 * on plain values, so the tree's repaints (up to 5 a second under traffic, #12) do not render it
 * again: it changes when the typed text, the filter's result or the option does.
 */
export const TreeHead = memo(function TreeHead(p: {
  headingId: string
  connId: string
  typedFilter: string
  /**
   * The filter the rows show (deferred): the match count is shown while it is not empty (and is
   * 0 without a filter, so new topics do not render the head).
   */
  filter: string
  matches: number
  /** The live region's text (the match count, spoken when the filter changes). */
  spoken: string
  searchValues: boolean
  t: TFunction<'topicTree'>
}) {
  const t = p.t
  return (
    <div className="panel-head">
      <h2 id={p.headingId}>{t('Topics')}</h2>
      <input
        type="search"
        aria-label={t('Filter topics')}
        placeholder={t('Filter topics (text, + or #)')}
        spellCheck={false}
        value={p.typedFilter}
        onChange={(e) => view.setTreeFilter(p.connId, e.target.value)}
      />
      {p.filter && (
        <span className="muted">
          {t('{{n}} matches', { count: p.matches, n: formatCount(p.matches) })}
        </span>
      )}
      <span className="visually-hidden" aria-live="polite">
        {p.spoken}
      </span>
      <label
        className="tree-option"
        title={t(
          'Also match the last value preview of each topic (its last 256 bytes at most), not the message history',
        )}
      >
        <input
          type="checkbox"
          checked={p.searchValues}
          onChange={(e) => useTreeViewStore.getState().setSearchValues(e.target.checked)}
        />
        {t('Search values too')}
      </label>
      {p.searchValues && <span className="muted">{t('(last value preview only)')}</span>}
    </div>
  )
})
