import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import {
  isQuotaError,
  loadSaved,
  saveOnChange,
  saveSaved,
  storageKey,
  storageNotice,
  type SavedKind,
  type StorageLike,
} from './persist'
import { listOf, orDefault, record } from './persistSchema'

/**
 * Web Storage in Node (this project runs without a DOM): a Map with the same calls, and the two
 * failures browsers have, a quota (`QuotaExceededError`, code 22, counted in UTF-16 code units
 * like Chromium) and a storage the page may not use (`SecurityError` on every call). The real
 * jsdom storage and its real quota are used in src/store/saved/*.test.ts.
 */
class MemoryStorage implements StorageLike {
  readonly map = new Map<string, string>()
  blocked = false
  private readonly quota: number
  constructor(quota = Infinity) {
    this.quota = quota
  }
  private check(): void {
    if (this.blocked) throw new DOMException('The operation is insecure.', 'SecurityError')
  }
  getItem(key: string): string | null {
    this.check()
    return this.map.get(key) ?? null
  }
  setItem(key: string, value: string): void {
    this.check()
    let used = key.length + value.length
    for (const [k, x] of this.map) if (k !== key) used += k.length + x.length
    if (used > this.quota) throw new DOMException('quota exceeded', 'QuotaExceededError')
    this.map.set(key, value)
  }
  removeItem(key: string): void {
    this.check()
    this.map.delete(key)
  }
  json(key: string): unknown {
    const raw = this.map.get(key)
    return raw === undefined ? undefined : (JSON.parse(raw) as unknown)
  }
}

interface Notes {
  items: { text: string; n: number }[]
  title: string
}

/**
 * A kind with a history of three versions, as a real one will have: version 0 was a bare array
 * of strings under an old key, version 1 `{ items: string[] }`, version 2 (current) items with a
 * count and a title.
 */
const notes: SavedKind<Notes> = {
  name: 'test-notes',
  version: 2,
  schema: record({
    items: listOf(record({ text: v.string(), n: v.pipe(v.number(), v.integer()) }), 3),
    title: orDefault(v.string(), ''),
  }),
  empty: () => ({ items: [], title: '' }),
  migrations: {
    0: (old) => {
      if (!Array.isArray(old)) throw new Error('not a list')
      return { items: old }
    },
    1: (old) => ({
      items: ((old as { items: unknown[] }).items ?? []).map((text) => ({ text, n: 1 })),
      title: 'migrated',
    }),
  },
  legacyKeys: ['old-notes'],
  countsEntries: true,
}
const KEY = storageKey(notes)
const envelope = (version: number, data: unknown) => JSON.stringify({ version, data })

describe('persist: reading', () => {
  it('reads nothing as the empty value, with no notice', () => {
    expect(loadSaved(notes, new MemoryStorage())).toEqual({ value: { items: [], title: '' } })
  })

  it('reads the current version as it was written, and does not write it again', () => {
    const s = new MemoryStorage()
    const value = { items: [{ text: 'a', n: 2 }], title: 't' }
    expect(saveSaved(notes, value, s)).toBeUndefined()
    expect(s.json(KEY)).toEqual({ version: 2, data: value })
    s.map.set(KEY, s.map.get(KEY)!.replace('{', '{ ')) // a rewrite would undo this space
    expect(loadSaved(notes, s)).toEqual({ value })
    expect(s.map.get(KEY)!.startsWith('{ ')).toBe(true)
  })

  it('migrates version by version and writes the result back', () => {
    const s = new MemoryStorage()
    s.map.set(KEY, envelope(1, { items: ['x', 'y'] }))
    const expected = {
      items: [
        { text: 'x', n: 1 },
        { text: 'y', n: 1 },
      ],
      title: 'migrated',
    }
    expect(loadSaved(notes, s)).toEqual({ value: expected })
    expect(s.json(KEY)).toEqual({ version: 2, data: expected })
  })

  it('reads a legacy key once: writes the new key, then removes the old one', () => {
    const s = new MemoryStorage()
    s.map.set('old-notes', JSON.stringify(['kept']))
    expect(loadSaved(notes, s).value.items).toEqual([{ text: 'kept', n: 1 }])
    expect(s.map.has('old-notes')).toBe(false)
    expect(s.json(KEY)).toMatchObject({ version: 2 })
    // The new key wins from now on, even if something wrote the old one again.
    s.map.set('old-notes', JSON.stringify(['stale']))
    expect(loadSaved(notes, s).value.items).toEqual([{ text: 'kept', n: 1 }])
  })

  it('keeps the legacy key when the new one cannot be written (nothing is lost)', () => {
    const old = JSON.stringify(['kept'])
    const s = new MemoryStorage(old.length + 'old-notes'.length)
    s.map.set('old-notes', old)
    expect(loadSaved(notes, s)).toEqual({
      value: { items: [{ text: 'kept', n: 1 }], title: 'migrated' },
      notice: storageNotice(notes, 'full'),
    })
    expect(s.map.get('old-notes')).toBe(old)
    expect(s.map.has(KEY)).toBe(false)
  })

  it('leaves out damaged entries one by one, counts them, and writes the rest back', () => {
    const s = new MemoryStorage()
    const items = [{ text: 'ok', n: 1 }, { text: 'no n' }, 7, { text: 'ok2', n: 1.5 }]
    s.map.set(KEY, envelope(2, { items: [...items, { text: 'last', n: 3 }], title: 5 }))
    expect(loadSaved(notes, s)).toEqual({
      value: {
        items: [
          { text: 'ok', n: 1 },
          { text: 'last', n: 3 },
        ],
        title: '',
      },
      notice: storageNotice(notes, 'dropped', 3),
    })
    expect(s.json(KEY)).toEqual({
      version: 2,
      data: {
        items: [
          { text: 'ok', n: 1 },
          { text: 'last', n: 3 },
        ],
        title: '',
      },
    })
    // Written back clean: the next load has nothing to say.
    expect(loadSaved(notes, s).notice).toBeUndefined()
  })

  it('counts entries beyond the limit as left out', () => {
    const s = new MemoryStorage()
    const item = { text: 'a', n: 1 }
    s.map.set(KEY, envelope(2, { items: [item, item, item, item, item] }))
    const loaded = loadSaved(notes, s)
    expect(loaded.value.items).toHaveLength(3)
    expect(loaded.notice).toEqual(storageNotice(notes, 'dropped', 2))
  })

  it.each([
    ['bad JSON', '{"version": 2, "data": {'],
    ['a shape no migration knows', JSON.stringify({ something: 'else' })],
    ['the wrong kind of value', envelope(2, ['not', 'an', 'object'])],
    ['a list where the list is not one', envelope(2, { items: 'x' })],
  ])('reads %s as empty with an "unreadable" notice, and writes empty back', (_, raw) => {
    const s = new MemoryStorage()
    s.map.set(KEY, raw)
    expect(loadSaved(notes, s)).toEqual({
      value: { items: [], title: '' },
      notice: storageNotice(notes, 'unreadable'),
    })
    expect(s.json(KEY)).toEqual({ version: 2, data: { items: [], title: '' } })
  })
})

describe('persist: data from a newer version', () => {
  it('is neither read nor overwritten, and saving says why', () => {
    const s = new MemoryStorage()
    const future = envelope(3, { whatever: 'a newer app wrote' })
    s.map.set(KEY, future)
    expect(loadSaved(notes, s)).toEqual({
      value: { items: [], title: '' },
      notice: storageNotice(notes, 'newer'),
    })
    expect(saveSaved(notes, { items: [], title: 'mine' }, s)).toEqual(storageNotice(notes, 'newer'))
    expect(s.map.get(KEY)).toBe(future)
  })

  it('does not stop another kind from saving', () => {
    const s = new MemoryStorage()
    s.map.set(KEY, envelope(9, {}))
    loadSaved(notes, s)
    const other = { ...notes, name: 'test-other', legacyKeys: [] }
    expect(saveSaved(other, { items: [], title: 'x' }, s)).toBeUndefined()
  })
})

describe('persist: storage failures never throw', () => {
  it('says "full" when the quota is reached, and keeps what was saved before', () => {
    const s = new MemoryStorage(200)
    expect(saveSaved(notes, { items: [], title: 'small' }, s)).toBeUndefined()
    const before = s.map.get(KEY)
    expect(saveSaved(notes, { items: [], title: 'x'.repeat(300) }, s)).toEqual(
      storageNotice(notes, 'full'),
    )
    expect(s.map.get(KEY)).toBe(before)
  })

  it('says "blocked" when the browser refuses storage, on read and on write', () => {
    const s = new MemoryStorage()
    s.map.set(KEY, envelope(2, { items: [], title: 'there' }))
    s.blocked = true
    expect(loadSaved(notes, s)).toEqual({
      value: { items: [], title: '' },
      notice: storageNotice(notes, 'blocked'),
    })
    expect(saveSaved(notes, notes.empty(), s)).toEqual(storageNotice(notes, 'blocked'))
  })

  it('says "blocked" when even reaching the storage throws (as window.localStorage does)', () => {
    const refuse = () => {
      throw new DOMException('Access is denied for this document.', 'SecurityError')
    }
    expect(loadSaved(notes, refuse).notice).toEqual(storageNotice(notes, 'blocked'))
    expect(saveSaved(notes, notes.empty(), refuse)).toEqual(storageNotice(notes, 'blocked'))
  })

  it('does nothing, silently, where there is no storage at all (a worker, Node)', () => {
    expect(loadSaved(notes, () => undefined)).toEqual({ value: notes.empty() })
    expect(saveSaved(notes, notes.empty(), () => undefined)).toBeUndefined()
  })

  it('recognises the quota errors of the three engines', () => {
    expect(isQuotaError(new DOMException('x', 'QuotaExceededError'))).toBe(true)
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED', code: 1014, message: '' })).toBe(true)
    expect(isQuotaError(new DOMException('x', 'SecurityError'))).toBe(false)
    expect(isQuotaError('quota')).toBe(false)
  })
})

describe('saveOnChange', () => {
  /** The smallest store with zustand's getState/subscribe contract. */
  function tinyStore<S>(state: S) {
    const listeners = new Set<(s: S, prev: S) => void>()
    return {
      getState: () => state,
      setState: (patch: Partial<S>) => {
        const prev = state
        state = { ...state, ...patch }
        for (const l of listeners) l(state, prev)
      },
      subscribe: (l: (s: S, prev: S) => void) => {
        listeners.add(l)
        return () => listeners.delete(l)
      },
    }
  }

  it('saves when a selected field changes, not for other state, and reports problems', () => {
    const s = new MemoryStorage(120)
    const items: Notes['items'] = []
    const store = tinyStore({ items, title: '', typing: '' })
    const notices: unknown[] = []
    const stop = saveOnChange(
      store,
      notes,
      (x) => ({ items: x.items, title: x.title }),
      (n) => notices.push(n),
      s,
    )
    store.setState({ typing: 'not saved' })
    expect(s.map.has(KEY)).toBe(false)
    store.setState({ title: 'saved' })
    expect(s.json(KEY)).toEqual({ version: 2, data: { items: [], title: 'saved' } })
    store.setState({ title: 'y'.repeat(200) })
    expect(notices).toEqual([storageNotice(notes, 'full')])
    stop()
    store.setState({ title: 'after stop' })
    expect(s.json(KEY)).toEqual({ version: 2, data: { items: [], title: 'saved' } })
  })
})
