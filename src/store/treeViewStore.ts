import { create } from 'zustand'

/** How siblings are ordered in the topic tree. */
export type TreeSort = 'name' | 'messages' | 'rate' | 'recent'

export const TREE_SORTS: readonly { value: TreeSort; label: string }[] = [
  { value: 'name', label: 'Name' },
  { value: 'messages', label: 'Messages' },
  { value: 'rate', label: 'Rate' },
  { value: 'recent', label: 'Last update' },
]

interface TreeViewState {
  sort: TreeSort
  /** The filter also matches the last value preview of each topic. */
  searchValues: boolean
  /** The "Busiest topics" lists are shown above the tree. */
  busiest: boolean
  setSort: (sort: TreeSort) => void
  setSearchValues: (on: boolean) => void
  setBusiest: (on: boolean) => void
}

/**
 * How the topic tree is viewed (sort, value search, busiest lists): control-plane state shared by
 * every connection, kept apart from appStore's per-connection tree slice. Not persisted.
 */
export const useTreeViewStore = create<TreeViewState>()((set) => ({
  sort: 'name',
  searchValues: false,
  busiest: false,
  setSort: (sort) => set({ sort }),
  setSearchValues: (searchValues) => set({ searchValues }),
  setBusiest: (busiest) => set({ busiest }),
}))

export const selectTreeSort = (s: TreeViewState) => s.sort
export const selectSearchValues = (s: TreeViewState) => s.searchValues
export const selectBusiest = (s: TreeViewState) => s.busiest
