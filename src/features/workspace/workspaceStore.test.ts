import { beforeEach, describe, expect, it } from 'vitest'
import { MAX_SAVED_LAYOUTS } from '../../engine/budgets'
import { loadSaved, storageNotice } from '../../lib/persist'
import { savedWorkspace } from '../../store/saved/workspace'
import { useWorkspaceStore, WORKSPACE_STORAGE_KEY } from './workspaceStore'

const stored = () =>
  (JSON.parse(localStorage.getItem(WORKSPACE_STORAGE_KEY) ?? 'null') as { data: unknown } | null)
    ?.data

describe('workspace layout persistence', () => {
  beforeEach(() => {
    localStorage.clear()
    useWorkspaceStore.setState({ theme: 'system', density: 'comfortable', layouts: {} })
  })

  it('saves each group layout under its broker URL and keeps the others', () => {
    const { saveLayout } = useWorkspaceStore.getState()
    saveLayout('ws://a:1', 'outer', { sidebar: 30, main: 70 })
    saveLayout('ws://a:1', 'top', { tree: 60, details: 40 })
    saveLayout('ws://b:2', 'outer', { sidebar: 20, main: 80 })
    expect(stored()).toEqual({
      theme: 'system',
      density: 'comfortable',
      layouts: {
        'ws://a:1': { outer: { sidebar: 30, main: 70 }, top: { tree: 60, details: 40 } },
        'ws://b:2': { outer: { sidebar: 20, main: 80 } },
      },
    })
    // What was saved reads back the same.
    expect(loadSaved(savedWorkspace)).toEqual({
      value: {
        theme: 'system',
        density: 'comfortable',
        layouts: useWorkspaceStore.getState().layouts,
      },
    })
  })

  it('persists the theme and the density', () => {
    useWorkspaceStore.getState().setTheme('dark')
    useWorkspaceStore.getState().setDensity('compact')
    expect(stored()).toMatchObject({ theme: 'dark', density: 'compact' })
  })

  it(`keeps the ${MAX_SAVED_LAYOUTS} most recently changed profiles`, () => {
    const { saveLayout } = useWorkspaceStore.getState()
    for (let i = 0; i < MAX_SAVED_LAYOUTS + 5; i++)
      saveLayout(`ws://h${i}`, 'outer', { a: 50, b: 50 })
    saveLayout('ws://h0', 'rows', { top: 40, bottom: 60 })
    const keys = Object.keys(useWorkspaceStore.getState().layouts)
    expect(keys).toHaveLength(MAX_SAVED_LAYOUTS)
    expect(keys.at(-1)).toBe('ws://h0')
    expect(keys).not.toContain('ws://h5')
    expect(keys).toContain('ws://h6')
    // h0 was dropped before it was changed again: only the new group is left.
    expect(useWorkspaceStore.getState().layouts['ws://h0']).toEqual({
      rows: { top: 40, bottom: 60 },
    })
  })
})

describe('reading saved workspace settings', () => {
  const load = (data: unknown) => {
    localStorage.setItem(WORKSPACE_STORAGE_KEY, JSON.stringify({ version: 1, data }))
    return loadSaved(savedWorkspace)
  }

  it('keeps the valid parts of damaged data and counts the damaged layouts', () => {
    expect(
      load({
        theme: 'purple',
        density: 'compact',
        layouts: {
          'ws://ok': {
            outer: { sidebar: 25, main: 75 },
            rows: { top: 'wide' },
            top: { tree: 140 },
          },
          'ws://bad': 7,
        },
      }),
    ).toEqual({
      value: {
        theme: 'system',
        density: 'compact',
        layouts: { 'ws://ok': { outer: { sidebar: 25, main: 75 } } },
      },
      notice: storageNotice(savedWorkspace, 'dropped', 3),
    })
  })

  it('starts from the defaults for anything that is not an object', () => {
    for (const v of [null, 3, 'x', []]) {
      expect(load(v)).toEqual({
        value: { theme: 'system', density: 'comfortable', layouts: {} },
        notice: storageNotice(savedWorkspace, 'unreadable'),
      })
    }
  })
})
