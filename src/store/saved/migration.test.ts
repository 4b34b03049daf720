import { beforeEach, describe, expect, it, vi } from 'vitest'
import { loadSaved, storageKey, STORAGE_PREFIX } from '../../lib/persist'
import type { ChartConfig as StoreChartConfig } from '../chartsStore'
import type {
  HistoryEntry as StoreHistoryEntry,
  Template as StoreTemplate,
} from '../publish/library'
import { savedCharts } from './charts'
import { savedDecoders } from './decoders'
import fixture from './fixtures/saved-by-0.1.0.json'
import { SAVED_KINDS } from './index'
import { savedLanguage } from './language'
import { savedLogView } from './logView'
import { savedProfiles } from './profiles'
import { savedPublish } from './publish'
import { savedWorkspace } from './workspace'

/**
 * Data saved by mqtt-scope before this helper existed (fixtures/saved-by-0.1.0.json: the
 * localStorage content written by the stores of main at 54180eb, recorded by driving them in a
 * test run) must all be found again after the migration, and stay found.
 */

const old = fixture as Record<string, string>
const oldJson = (key: string): unknown => JSON.parse(old[key]!)
const oldState = <T>(key: string) => (oldJson(key) as { state: T }).state

function seed(): void {
  localStorage.clear()
  for (const [k, raw] of Object.entries(old)) localStorage.setItem(k, raw)
}

function storedKeys(): string[] {
  const keys: string[] = []
  for (let i = 0; i < localStorage.length; i++) keys.push(localStorage.key(i)!)
  return keys.sort()
}

beforeEach(seed)

describe('data saved by 0.1.0', () => {
  it('holds every saved kind the stores wrote (the fixture is complete)', () => {
    expect(Object.keys(old).sort()).toEqual([
      'mqtt-scope.charts',
      'mqtt-scope.decoders',
      'mqtt-scope.language',
      'mqtt-scope.log',
      'mqtt-scope.profiles',
      'mqtt-scope.workspace',
      'mqtt-scope:publish',
    ])
  })

  it('keeps the connection profiles, with the password only where it was kept', () => {
    const { value, notice } = loadSaved(savedProfiles)
    expect(notice).toBeUndefined()
    const before = oldState<{ profiles: unknown[]; selectedId: string }>('mqtt-scope.profiles')
    expect(value).toEqual(before)
    expect(value.profiles.map((p) => [p.name, p.url, p.password])).toEqual([
      ['Lab broker', 'wss://broker.example:8884/mqtt', 'secret'],
      ['Plant 3.1.1', 'ws://10.0.0.2:9001', undefined],
    ])
    expect(value.profiles[0]?.options?.will).toMatchObject({ enabled: true, topic: 'scope/will' })
    expect(value.selectedId).toBe(value.profiles[0]?.id)
  })

  it('keeps the publish history and templates, and moves them off the old key', () => {
    const { value, notice } = loadSaved(savedPublish)
    expect(notice).toBeUndefined()
    expect(value).toEqual(oldState('mqtt-scope:publish'))
    expect(value.history.map((h) => [h.draft.topic, h.payloadOmitted])).toEqual([
      ['lab/big', 20_000],
      ['lab/raw', undefined],
      ['lab/cmd', undefined],
    ])
    expect(value.templates.map((t) => [t.name, t.scope])).toEqual([
      ['Switch on', { kind: 'global' }],
      ['Counter', { kind: 'broker', url: 'wss://broker.example:8884/mqtt' }],
    ])
    expect(localStorage.getItem('mqtt-scope:publish')).toBeNull()
    expect(localStorage.getItem('mqtt-scope.publish')).not.toBeNull()
    // The store's own types take the saved ones as they are (for wiring it in).
    const history: StoreHistoryEntry[] = value.history
    const templates: StoreTemplate[] = value.templates
    expect(history.length + templates.length).toBe(5)
  })

  it('keeps the chart layouts of every broker URL, live again (the pause is not kept)', () => {
    const { value, notice } = loadSaved(savedCharts)
    expect(notice).toBeUndefined()
    const before = oldState<{ layouts: Record<string, StoreChartConfig[]> }>('mqtt-scope.charts')
    const live = Object.fromEntries(
      Object.entries(before.layouts).map(([url, charts]) => [
        url,
        // Saved before charts had a choice of y axes: they get the automatic axes.
        charts.map(({ paused: _paused, ...c }) => ({ ...c, axes: 'auto' })),
      ]),
    )
    expect(value.layouts).toEqual(live)
    const lab = value.layouts['wss://broker.example:8884/mqtt']!
    expect(lab.map((c) => [c.windowMs, c.series.map((s) => s.key)])).toEqual([
      [300_000, ['value:lab/temp|value||', 'value:lab/raw||int16le|']],
      [60_000, ['rate:connection', 'rate:filter:lab/#', 'value:lab/count|||d']],
    ])
    const charts: StoreChartConfig[] = lab
    expect(charts).toHaveLength(2)
  })

  it('keeps the decoder bindings, the log view, the language and the workspace', () => {
    expect(loadSaved(savedDecoders)).toEqual({
      value: { bindings: (oldJson('mqtt-scope.decoders') as { bindings: unknown }).bindings },
    })
    expect(loadSaved(savedLogView)).toEqual({ value: { timeMode: 'relative' } })
    expect(loadSaved(savedLanguage)).toEqual({ value: { language: 'zh' } })
    expect(loadSaved(savedWorkspace)).toEqual({ value: oldJson('mqtt-scope.workspace') })
  })

  it('leaves every key under one prefix, each a versioned envelope, read the same again', () => {
    const first = SAVED_KINDS.map((kind) => loadSaved(kind))
    expect(storedKeys()).toEqual([
      'mqtt-scope.charts',
      'mqtt-scope.decoders',
      'mqtt-scope.language',
      'mqtt-scope.log',
      'mqtt-scope.profiles',
      'mqtt-scope.publish',
      'mqtt-scope.workspace',
    ])
    for (const kind of SAVED_KINDS) {
      const raw = localStorage.getItem(storageKey(kind))
      if (raw === null) continue
      expect(JSON.parse(raw), kind.name).toMatchObject({ version: kind.version })
      expect(storageKey(kind).startsWith(STORAGE_PREFIX)).toBe(true)
    }
    const written = storedKeys().map((k) => localStorage.getItem(k))
    // A second page load finds the same and writes nothing.
    expect(SAVED_KINDS.map((kind) => loadSaved(kind))).toEqual(first)
    expect(storedKeys().map((k) => localStorage.getItem(k))).toEqual(written)
  })

  it('starts the stores with it (profiles, decoders, log view, workspace)', async () => {
    vi.resetModules()
    const [{ useProfilesStore }, { useDecoderStore }, { useLogViewStore }, { useWorkspaceStore }] =
      await Promise.all([
        import('../profilesStore'),
        import('../decoderStore'),
        import('../../features/messages/logViewStore'),
        import('../../features/workspace/workspaceStore'),
      ])
    expect(useProfilesStore.getState().profiles.map((p) => p.name)).toEqual([
      'Lab broker',
      'Plant 3.1.1',
    ])
    expect(useProfilesStore.getState().notice).toBeUndefined()
    expect(useDecoderStore.getState().bindings).toEqual([
      { filter: 'lab/pb', format: 'hex' },
      { filter: 'plant/+/cbor', format: 'cbor' },
    ])
    expect(useLogViewStore.getState().timeMode).toBe('relative')
    expect(useWorkspaceStore.getState()).toMatchObject({ theme: 'dark', density: 'compact' })
    expect(Object.keys(useWorkspaceStore.getState().layouts)).toEqual([
      'wss://broker.example:8884/mqtt',
      '',
    ])
  })
})
