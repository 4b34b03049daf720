import { describe, expect, it } from 'vitest'
import { withFakeHost } from '../test/fakeHost'
import { connectionOf, setForm, useAppStore } from './appStore'
import { closeConnection, openConnection, showConnection } from './connections'
import { clearData, connect } from './lifecycle'
import { publish } from './publish/actions'
import { composers, setDraft, setQueueWhileDisconnected } from './publish/composer'
import { setSubscribeDraft, subscribe, unsubscribe } from './subscriptions'
import { selectTopic, setExpanded } from './view'

const host = withFakeHost()

const flush = () => new Promise((r) => setTimeout(r, 0))

function connected(conn = 'c1') {
  host().status({ state: 'connected', protocolLevel: 5 }, conn)
}

describe('connections', () => {
  it('sends the subscriptions that waited once the connection is up', async () => {
    expect(subscribe('c1', 'a/#', 1)).toBeUndefined()
    expect(subscribe('c1', 'b', 0)).toBeUndefined()
    expect(host().callsOf('subscribe')).toEqual([])
    connected()
    expect(
      host()
        .callsOf('subscribe')
        .map((c) => [c.conn, c.filter]),
    ).toEqual([
      ['c1', 'a/#'],
      ['c1', 'b'],
    ])
    await flush()
    expect(connectionOf('c1')!.subscriptions.map((s) => s.state)).toEqual(['active', 'active'])
  })

  it('does not send active subscriptions again when the state repeats connected', async () => {
    subscribe('c1', 'a/#', 0)
    connected()
    await flush()
    connected()
    expect(host().callsOf('subscribe')).toHaveLength(1)
  })

  it('returns subscriptions to waiting on disconnect but keeps refusals', async () => {
    host().answer('subscribe', ({ filter, qos }) =>
      filter === 'secret'
        ? { ok: false, reason: { code: 'suback.135' } }
        : { ok: true, grantedQos: qos },
    )
    subscribe('c1', 'a', 0)
    subscribe('c1', 'secret', 0)
    connected()
    await flush()
    host().status({ state: 'disconnected', reason: { code: 'session.lost' } })
    expect(connectionOf('c1')!.subscriptions).toMatchObject([
      { filter: 'a', state: 'idle' },
      { filter: 'secret', state: 'failed', reason: { code: 'suback.135' } },
    ])
    expect(connectionOf('c1')!.status).toEqual({
      state: 'disconnected',
      reason: { code: 'session.lost' },
    })
  })

  it('unsubscribes at the broker when a subscription is removed before its SUBACK', async () => {
    host().answer('subscribe', () => undefined)
    connected()
    subscribe('c1', 'a/#', 0)
    expect(connectionOf('c1')!.subscriptions).toMatchObject([{ state: 'pending' }])
    unsubscribe('c1', 'a/#')
    const [id] = [...host().waiting.keys()]
    host().reply(id!, { ok: true, grantedQos: 0 })
    await flush()
    expect(connectionOf('c1')!.subscriptions).toEqual([])
    // The broker granted it: without an UNSUBSCRIBE, messages for a filter the user removed
    // would keep arriving and being counted.
    expect(host().callsOf('unsubscribe')).toEqual([
      { method: 'unsubscribe', conn: 'c1', filter: 'a/#' },
    ])
  })

  it('keeps expansion and selection across a reconnect; Clear data empties them on purpose', () => {
    setExpanded('c1', 1, true)
    setExpanded('c1', 2, true)
    selectTopic('c1', 2)
    subscribe('c1', 'a', 1)
    connect('c1')
    const c = connectionOf('c1')!
    expect([...c.expanded]).toEqual([1, 2])
    expect(c.selectedTopicId).toBe(2)
    expect(c.subscriptions).toEqual([{ filter: 'a', qos: 1, state: 'idle' }])
    expect(c.status).toEqual({ state: 'connecting' })
    clearData('c1')
    expect(connectionOf('c1')!.expanded.size).toBe(0)
    expect(connectionOf('c1')!.selectedTopicId).toBeUndefined()
    expect(host().callsOf('clearData')).toEqual([
      { method: 'clearData', conn: 'c1', type: 'clearData' },
    ])
  })

  it('clamps the keep-alive to 0..65535 and replaces a non-number by 30', () => {
    setForm('c1', { keepalive: 99_999 })
    connect('c1')
    expect(host().callsOf('connect')[0]!.options).toMatchObject({ keepalive: 65_535 })
    setForm('c1', { keepalive: Number.NaN })
    connect('c1')
    expect(host().callsOf('connect')[1]!.options).toMatchObject({ keepalive: 30 })
  })

  it('says on the status why a form cannot connect, and sends nothing', () => {
    setForm('c1', { url: 'mqtt://broker:1883' })
    connect('c1')
    expect(connectionOf('c1')!.status.state).toBe('disconnected')
    expect(connectionOf('c1')!.status.reason?.code).toMatch(/^url\./)
    expect(host().callsOf('connect')).toEqual([])
  })

  it('tells the session which topic is selected, on that connection', () => {
    const other = openConnection()
    selectTopic(other, 7)
    expect(connectionOf(other)!.selectedTopicId).toBe(7)
    expect(connectionOf('c1')!.selectedTopicId).toBeUndefined()
    expect(host().callsOf('select')).toEqual([
      { method: 'select', conn: other, type: 'select', topicId: 7 },
    ])
  })

  it('keeps each tab’s subscribe form and subscriptions its own', () => {
    setSubscribeDraft('c1', { filter: 'only/on/one' })
    const b = openConnection()
    expect(connectionOf(b)!.subscribeDraft.filter).toBe('#')
    subscribe(b, 'b/#', 0)
    expect(connectionOf('c1')!.subscriptions).toEqual([])
    showConnection('c1')
    expect(connectionOf('c1')!.subscribeDraft.filter).toBe('only/on/one')
  })

  it('empties a disconnected tab’s queue on ITS connection, not the one on screen', async () => {
    // The bug this guards: tab A disconnected with messages queued, the user switched to tab B,
    // which was connected; A's queue went out through whichever session was "current".
    setQueueWhileDisconnected('c1', true)
    setDraft('c1', { topic: 'queued/on/a', payload: '1' })
    expect(publish('c1')).toBe(true)
    expect(composers.get('c1').queue).toHaveLength(1)
    const b = openConnection()
    connected(b)
    showConnection(b)
    await flush()
    expect(host().callsOf('publish')).toEqual([])
    expect(composers.get('c1').queue).toHaveLength(1)
    connected('c1')
    await flush()
    expect(
      host()
        .callsOf('publish')
        .map((c) => c.conn),
    ).toEqual(['c1'])
    expect(composers.get('c1').queue).toEqual([])
    expect(composers.get('c1').results[0]).toMatchObject({ topic: 'queued/on/a' })
  })

  it('closes a tab: its session, its composer and its record go; the last tab stays', () => {
    const b = openConnection()
    setDraft(b, { topic: 'b' })
    closeConnection(b)
    expect(useAppStore.getState().order).toEqual(['c1'])
    expect(useAppStore.getState().shownId).toBe('c1')
    expect(composers.get(b).draft.topic).toBe('')
    expect(host().callsOf('close')).toEqual([{ method: 'close', conn: b }])
    closeConnection('c1')
    expect(useAppStore.getState().order).toEqual(['c1'])
  })
})
