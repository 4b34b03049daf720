import { ChevronsDownUp, ChevronsUpDown, Flame } from 'lucide-react'
import { memo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatCount } from '../../lib/format'
import { selectShownId, useAppStore } from '../../store/appStore'
import { dataStore } from '../../store/dataStore'
import { setExpandedSet } from '../../store/view'
import {
  selectBusiest,
  selectTreeSort,
  TREE_SORTS,
  useTreeViewStore,
  type TreeSort,
} from '../../store/treeViewStore'
import { EXPAND_ALL_LIMIT, expandAllIds } from './flattenRows'

/**
 * The tree's second toolbar: sort, "Expand all" / "Collapse all", and the busiest toggle. Memo:
 * the tree re-renders four times a second under traffic, and React re-selecting the option of a
 * `<select>` that did not change made Chromium lay out the whole page each time (#12).
 */
export const TreeTools = memo(function TreeTools() {
  const sort = useTreeViewStore(selectTreeSort)
  const showBusiest = useTreeViewStore(selectBusiest)
  const [expandNote, setExpandNote] = useState<string | undefined>()
  const { t } = useTranslation('topicTree')
  const connId = useAppStore(selectShownId)

  const expandAll = () => {
    const { ids, capped, branches } = expandAllIds(dataStore.index)
    setExpandedSet(connId, ids)
    setExpandNote(
      capped
        ? t('Expanded the first {{shown}} of {{branches}} branches', {
            shown: formatCount(EXPAND_ALL_LIMIT),
            branches: formatCount(branches),
          })
        : undefined,
    )
  }

  const sortLabels: Record<TreeSort, string> = {
    name: t('Name'),
    messages: t('Messages'),
    rate: t('Rate'),
    recent: t('Last update'),
  }
  return (
    <div className="panel-head tree-tools">
      <label className="tree-option">
        {t('Sort')}
        <select
          aria-label={t('Sort topics')}
          value={sort}
          onChange={(e) => useTreeViewStore.getState().setSort(e.target.value as TreeSort)}
        >
          {TREE_SORTS.map((o) => (
            <option key={o.value} value={o.value}>
              {sortLabels[o.value]}
            </option>
          ))}
        </select>
      </label>
      {sort !== 'name' && (
        <span className="muted" title={t('Rows are re-sorted at most 4 times a second')}>
          {t('(re-sorted every ¼ s)')}
        </span>
      )}
      <button type="button" className="link icon-button" onClick={expandAll}>
        <ChevronsUpDown size={16} aria-hidden="true" />
        {t('Expand all')}
      </button>
      <button
        type="button"
        className="link icon-button"
        onClick={() => {
          setExpandNote(undefined)
          setExpandedSet(connId, new Set<number>())
        }}
      >
        <ChevronsDownUp size={16} aria-hidden="true" />
        {t('Collapse all')}
      </button>
      {expandNote && <span className="muted">{expandNote}</span>}
      <button
        type="button"
        className="tree-toggle icon-button"
        // Named in full (UI contract); the shorter visible word is part of the name (WCAG 2.5.3).
        aria-label={t('Busiest topics')}
        aria-pressed={showBusiest}
        onClick={() => useTreeViewStore.getState().setBusiest(!showBusiest)}
      >
        <Flame size={16} aria-hidden="true" />
        {t('Busiest')}
      </button>
    </div>
  )
})
