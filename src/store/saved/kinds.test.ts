import { beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_FORM } from '../connection'
import { loadSaved, saveSaved, storageKey, storageNotice, type SavedKind } from '../../lib/persist'
import { savedCharts } from './charts'
import { savedProfiles } from './profiles'
import { parseTemplate, savedPublish } from './publish'
import { savedTabs, tabsToSave } from './tabs'

/** The kinds the connection redesign wires in (publish, charts, tabs), and profile subscriptions. */

beforeEach(() => localStorage.clear())

const put = (kind: SavedKind<object>, data: unknown, version = kind.version) =>
  localStorage.setItem(storageKey(kind), JSON.stringify({ version, data }))
const storedData = (kind: SavedKind<object>): unknown =>
  (JSON.parse(localStorage.getItem(storageKey(kind)) ?? 'null') as { data?: unknown } | null)?.data

const draft = (topic: string) => ({ topic, payload: 'p' })

describe('saved publish history and templates', () => {
  it('leaves out damaged entries one by one and fills defaults in the good ones', () => {
    put(savedPublish, {
      history: [
        { id: 'h1', at: 5, draft: draft('a') },
        { id: 'h2', at: 6 },
        { id: 'h3', at: 'yesterday', draft: { ...draft('c'), qos: 7, format: 'xml' } },
        'nonsense',
      ],
      templates: [
        { id: 't1', name: '  Named  ', scope: { kind: 'broker' }, draft: draft('x') },
        { id: 't2', name: '', draft: draft('y') },
      ],
    })
    const { value, notice } = loadSaved(savedPublish)
    expect(notice).toEqual(storageNotice(savedPublish, 'dropped', 3))
    expect(
      value.history.map((h) => [h.id, h.at, h.draft.topic, h.draft.qos, h.draft.format]),
    ).toEqual([
      ['h1', 5, 'a', 0, 'text'],
      ['h3', 0, 'c', 0, 'text'],
    ])
    expect(value.history[0]?.draft.properties.userProperties).toEqual([])
    // A broker scope without its URL is no scope: the template shows everywhere.
    expect(value.templates).toMatchObject([{ id: 't1', name: 'Named', scope: { kind: 'global' } }])
  })

  it('reads a damaged old entry once as empty, says so, and clears the old key', () => {
    localStorage.setItem('mqtt-scope:publish', '{"state": {"history": [oops')
    expect(loadSaved(savedPublish)).toEqual({
      value: { history: [], templates: [] },
      notice: storageNotice(savedPublish, 'unreadable'),
    })
    expect(localStorage.getItem('mqtt-scope:publish')).toBeNull()
    expect(loadSaved(savedPublish).notice).toBeUndefined()
  })

  it('parses a template from an imported file with the same rules', () => {
    expect(parseTemplate({ name: 'T', draft: draft('a') })).toMatchObject({
      name: 'T',
      scope: { kind: 'global' },
      draft: { topic: 'a', qos: 0 },
    })
    expect(parseTemplate({ name: 'T' })).toBeUndefined()
  })
})

describe('saved chart layouts', () => {
  const series = (topic: string, color = '#2f7de1') => ({
    key: 'whatever was stored',
    source: { kind: 'value', topic },
    color,
  })

  it('leaves out a damaged series, chart or profile alone, and recomputes series keys', () => {
    put(savedCharts, {
      layouts: {
        'ws://a': [
          {
            id: 'c1',
            windowMs: 60_000,
            paused: [1, 2],
            series: [
              series('t/1'),
              series('t/2', 'red; background: url(x)'),
              { source: { kind: 'rate', scope: 'filter' }, color: '#e5484d' },
              series('t/1', '#30a46c'),
            ],
          },
          { id: 'c2', windowMs: -5, series: [] },
          { id: 'c1', windowMs: 1000, series: [] },
        ],
        'ws://b': 'not a list',
      },
    })
    const { value, notice } = loadSaved(savedCharts)
    // t/2 colour, the rate without its filter, the second t/1, c2, the second c1, ws://b.
    expect(notice).toEqual(storageNotice(savedCharts, 'dropped', 6))
    expect(value.layouts).toEqual({
      'ws://a': [
        {
          id: 'c1',
          windowMs: 60_000,
          series: [
            { key: 'value:t/1|||', source: { kind: 'value', topic: 't/1' }, color: '#2f7de1' },
          ],
          // Saved before charts had a choice of y axes: the automatic axes.
          axes: 'auto',
        },
      ],
    })
  })

  it('never writes a pause or a zoom', () => {
    saveSaved(savedCharts, {
      layouts: {
        'ws://a': [{ id: 'c', windowMs: 1000, series: [], paused: [1, 2], zoom: [3, 4] }],
      },
    })
    expect(storedData(savedCharts)).toEqual({
      layouts: { 'ws://a': [{ id: 'c', windowMs: 1000, series: [], axes: 'auto' }] },
    })
  })

  it('keeps the choice of y axes, and reads an unknown one as the automatic axes', () => {
    saveSaved(savedCharts, {
      layouts: {
        'ws://a': [
          { id: 'c', windowMs: 1000, series: [], axes: 'split' },
          { id: 'd', windowMs: 1000, series: [], axes: 'shared' },
        ],
      },
    })
    expect(loadSaved(savedCharts).value.layouts['ws://a']!.map((c) => c.axes)).toEqual([
      'split',
      'shared',
    ])
    put(savedCharts, {
      layouts: { 'ws://a': [{ id: 'c', windowMs: 1, series: [], axes: 'log' }] },
    })
    const { value } = loadSaved(savedCharts)
    expect(value.layouts['ws://a']!.map((c) => c.axes)).toEqual(['auto'])
  })
})

describe('saved open tabs', () => {
  const form = { ...DEFAULT_FORM, url: 'ws://x:1', username: 'u', password: 'secret' }

  it('writes a password only for a tab whose user chose to keep it', () => {
    const record = tabsToSave(
      [
        {
          id: 'a',
          form,
          keepPassword: false,
          subscriptions: [{ filter: 'a/#', qos: 1 }],
          charts: [],
        },
        { id: 'b', form, keepPassword: true, subscriptions: [], charts: [] },
      ],
      'b',
    )
    expect(saveSaved(savedTabs, record)).toBeUndefined()
    const raw = localStorage.getItem(storageKey(savedTabs))!
    expect(raw.match(/secret/g)).toHaveLength(1)
    const { value } = loadSaved(savedTabs)
    expect(value.shownId).toBe('b')
    expect(value.tabs.map((t) => [t.id, t.form.password, t.subscriptions])).toEqual([
      ['a', undefined, [{ filter: 'a/#', qos: 1 }]],
      ['b', 'secret', []],
    ])
    expect({ ...DEFAULT_FORM, ...value.tabs[1]?.form }).toEqual(form)
  })

  it('drops a stored password without the tick, and damaged parts one by one', () => {
    put(savedTabs, {
      tabs: [
        {
          id: 'a',
          keepPassword: false,
          form: { url: 'ws://a:1', password: 'leak', keepalive: 'soon', clean: false },
          subscriptions: [
            { filter: 'ok/#', qos: 0 },
            { filter: 'bad/#/x', qos: 0 },
            { filter: 'ok/#', qos: 2 },
            { filter: 'q', qos: 3 },
          ],
        },
        { id: 'a', form: {}, subscriptions: [] },
        { form: {} },
      ],
      shownId: 'gone',
    })
    const { value, notice } = loadSaved(savedTabs)
    expect(notice).toEqual(storageNotice(savedTabs, 'dropped', 5))
    expect(value).toEqual({
      tabs: [
        {
          id: 'a',
          keepPassword: false,
          // keepalive 'soon' is no number: the default applies, the rest of the form is kept.
          form: { url: 'ws://a:1', keepalive: 30, clean: false },
          subscriptions: [{ filter: 'ok/#', qos: 0 }],
          charts: [],
        },
      ],
      shownId: undefined,
    })
    expect(localStorage.getItem(storageKey(savedTabs))).not.toContain('leak')
  })
})

/** A saved profile named P with these subscriptions, as stored. */
const profileP = (subscriptions: unknown[]) => ({
  id: 'p',
  name: 'P',
  url: 'ws://p:1',
  subscriptions,
})

describe('saved profiles keep their subscriptions', () => {
  it('reads them back, valid filters only', () => {
    put(savedProfiles, {
      profiles: [
        profileP([
          { filter: 'a/+', qos: 1 },
          { filter: '', qos: 0 },
        ]),
        { id: 'q', name: 'Q', url: 'ws://q:1' },
      ],
    })
    const { value, notice } = loadSaved(savedProfiles)
    expect(notice).toEqual(storageNotice(savedProfiles, 'dropped', 1))
    expect(value.profiles.map((p) => p.subscriptions)).toEqual([
      [{ filter: 'a/+', qos: 1 }],
      undefined,
    ])
  })
})

describe('saved subscriptions keep their MQTT 5 options', () => {
  it('round-trips them, and leaves out a damaged option, not the subscription', () => {
    put(savedProfiles, {
      profiles: [
        profileP([
          { filter: 'a/#', qos: 1, v5: { noLocal: true, retainHandling: 2, id: 9 } },
          { filter: 'b/#', qos: 0, v5: { noLocal: 'yes', retainHandling: 3, id: 0 } },
          { filter: 'c/#', qos: 0, v5: { retainHandling: 1, id: 268435455 } },
          { filter: 'd/#', qos: 0, v5: 'all' },
        ]),
      ],
    })
    const { value } = loadSaved(savedProfiles)
    expect(value.profiles[0]?.subscriptions).toEqual([
      { filter: 'a/#', qos: 1, v5: { noLocal: true, retainHandling: 2, id: 9 } },
      { filter: 'b/#', qos: 0 },
      { filter: 'c/#', qos: 0, v5: { retainHandling: 1, id: 268435455 } },
      { filter: 'd/#', qos: 0 },
    ])
  })

  it('saves an open tab’s options and reads them back', () => {
    const subscriptions = [
      { filter: 'a/#', qos: 0 as const, v5: { noLocal: true as const } },
      { filter: 'b/#', qos: 2 as const },
    ]
    saveSaved(
      savedTabs,
      tabsToSave(
        [{ id: 't', form: DEFAULT_FORM, keepPassword: false, subscriptions, charts: [] }],
        't',
      ),
    )
    expect(loadSaved(savedTabs).value.tabs[0]?.subscriptions).toEqual(subscriptions)
  })
})
