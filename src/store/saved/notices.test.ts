import { afterEach, describe, expect, it, vi } from 'vitest'
import { useLogViewStore } from '../../features/messages/logViewStore'
import { useWorkspaceStore } from '../../features/workspace/workspaceStore'
import { i18n, setLanguage } from '../../i18n'
import enStorage from '../../i18n/locales/en/codes/storage.json'
import zhStorage from '../../i18n/locales/zh/codes/storage.json'
import { word } from '../../i18n/word'
import type { Coded } from '../../lib/coded'
import { STORAGE_PROBLEMS, storageNotice } from '../../lib/persist'
import { useDecoderStore } from '../decoderStore'
import { useProfilesStore } from '../profilesStore'
import { savedDecoders } from './decoders'
import { SAVED_KINDS } from './index'
import { savedLanguage } from './language'
import { savedLogView } from './logView'
import { savedProfiles } from './profiles'
import { savedWorkspace } from './workspace'

afterEach(() => {
  vi.restoreAllMocks()
  localStorage.clear()
})

/** The codes each kind can raise: `dropped` only where there are entries to leave out. */
const possible = SAVED_KINDS.flatMap((kind) =>
  STORAGE_PROBLEMS.filter((p) => p !== 'dropped' || kind.countsEntries).map((p) => ({ kind, p })),
)

describe('storage notices are worded in every language', () => {
  for (const lng of ['en', 'zh'] as const) {
    it(`${lng}: every code a saved kind can raise has a sentence`, async () => {
      await i18n.changeLanguage(lng)
      for (const { kind, p } of possible) {
        const notice = storageNotice(kind, p, p === 'dropped' ? 2 : undefined)
        const text = word(notice)
        expect(text, notice.code).not.toBe(notice.code)
        if (p === 'dropped') expect(text).toContain('2')
      }
      expect(word(storageNotice(savedProfiles, 'dropped', 1))).toContain('1')
    })
  }

  it('has no sentence for a code nothing raises', () => {
    const codes = new Set(
      possible.flatMap(({ kind, p }) => {
        const code = storageNotice(kind, p).code
        return p === 'dropped' ? [`${code}_one`, `${code}_other`] : [code]
      }),
    )
    expect(Object.keys(enStorage).sort()).toEqual([...codes].sort())
    expect(Object.keys(zhStorage).sort()).toEqual([...codes].sort())
  })
})

/** Fills the real (jsdom) localStorage up to its quota, as a browser full of other data is. */
function fillStorage(): void {
  const chunk = 'x'.repeat(500_000)
  let i = 0
  for (; i < 100; i++) {
    try {
      localStorage.setItem(`filler-${i}`, chunk)
    } catch {
      break
    }
  }
  for (let size = 250_000; size >= 1; size = Math.floor(size / 2)) {
    try {
      localStorage.setItem(`filler-${i++}`, 'x'.repeat(size))
    } catch {
      // smaller next time
    }
  }
  expect(() => localStorage.setItem('probe', 'xx')).toThrow()
}

describe('a full or blocked storage, with the real stores', () => {
  it('tells each store its change was not saved when the storage is full', async () => {
    fillStorage()
    useWorkspaceStore.getState().setTheme('dark')
    expect(useWorkspaceStore.getState().notice).toEqual(storageNotice(savedWorkspace, 'full'))
    useProfilesStore.getState().saveAsProfile('Full', false)
    expect(useProfilesStore.getState().notice).toEqual(storageNotice(savedProfiles, 'full'))
    expect(useDecoderStore.getState().bind('a/#', 'cbor')).toBeUndefined()
    expect(useDecoderStore.getState().notice).toEqual(storageNotice(savedDecoders, 'full'))
    useLogViewStore.getState().setTimeMode('relative')
    expect(useLogViewStore.getState().storageNote).toEqual(storageNotice(savedLogView, 'full'))
    const notices: Coded[] = []
    await setLanguage('en', (n) => notices.push(n))
    expect(notices).toEqual([storageNotice(savedLanguage, 'full')])
    // The change itself still applies for this page.
    expect(useWorkspaceStore.getState().theme).toBe('dark')
    expect(useDecoderStore.getState().bindings).toEqual([{ filter: 'a/#', format: 'cbor' }])

    localStorage.clear()
    useWorkspaceStore.getState().setTheme('light')
    expect(localStorage.getItem('mqtt-scope.workspace')).toContain('"light"')
    useWorkspaceStore.setState({ theme: 'system', notice: undefined })
    useProfilesStore.setState({ profiles: [], selectedId: undefined, notice: undefined })
    useDecoderStore.setState({ bindings: [], notice: undefined })
  })

  it('says storage is blocked when the browser refuses it', () => {
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError')
    })
    useWorkspaceStore.getState().setDensity('compact')
    expect(useWorkspaceStore.getState().notice).toEqual(storageNotice(savedWorkspace, 'blocked'))
    useLogViewStore.getState().setTimeMode('clock')
    expect(useLogViewStore.getState().storageNote).toEqual(storageNotice(savedLogView, 'blocked'))
    useWorkspaceStore.setState({ density: 'comfortable', notice: undefined })
  })
})
