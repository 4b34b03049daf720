import { describe, expect, it } from 'vitest'
import type { QoS, SubscribeResult } from '../wire/mqtt'
import { withFakeSession } from '../test/fakeSessionStores'
import { useAppStore } from './appStore'

const session = withFakeSession()

const flush = () => new Promise((r) => setTimeout(r, 0))

function connected() {
  useAppStore.getState().applyStatus({ type: 'status', state: 'connected', protocolLevel: 5 })
}

describe('appStore', () => {
  it('sends the subscriptions that waited once the connection is up', async () => {
    const store = useAppStore.getState()
    expect(store.subscribe('a/#', 1)).toBeUndefined()
    expect(store.subscribe('b', 0)).toBeUndefined()
    expect(session().callsOf('subscribe')).toEqual([])
    connected()
    expect(
      session()
        .callsOf('subscribe')
        .map((c) => c.filter),
    ).toEqual(['a/#', 'b'])
    await flush()
    expect(useAppStore.getState().subscriptions.map((s) => s.state)).toEqual(['active', 'active'])
  })

  it('does not send active subscriptions again when the state repeats connected', async () => {
    useAppStore.getState().subscribe('a/#', 0)
    connected()
    await flush()
    connected()
    expect(session().callsOf('subscribe')).toHaveLength(1)
  })

  it('returns subscriptions to waiting on disconnect but keeps refusals', async () => {
    session().subscribeResult = (filter: string, qos: QoS): SubscribeResult =>
      filter === 'secret' ? { ok: false, reason: 'Not authorized' } : { ok: true, grantedQos: qos }
    const store = useAppStore.getState()
    store.subscribe('a', 0)
    store.subscribe('secret', 0)
    connected()
    await flush()
    useAppStore.getState().applyStatus({ type: 'status', state: 'disconnected', reason: 'gone' })
    expect(useAppStore.getState().subscriptions).toMatchObject([
      { filter: 'a', state: 'idle' },
      { filter: 'secret', state: 'failed', reason: 'Not authorized' },
    ])
    expect(useAppStore.getState().status).toEqual({ state: 'disconnected', reason: 'gone' })
  })

  it('lets a refused filter be subscribed again', async () => {
    session().subscribeResult = () => ({ ok: false, reason: 'no' })
    useAppStore.getState().subscribe('x', 0)
    connected()
    await flush()
    session().subscribeResult = undefined
    expect(useAppStore.getState().subscribe('x', 0)).toBeUndefined()
    await flush()
    expect(useAppStore.getState().subscriptions).toMatchObject([{ filter: 'x', state: 'active' }])
  })

  it('unsubscribes at the broker when a subscription is removed before its SUBACK', async () => {
    let grant: (r: SubscribeResult) => void = () => {}
    session().subscribe = (filter, qos) => {
      session().calls.push({ method: 'subscribe', filter, qos })
      return new Promise((resolve) => (grant = resolve))
    }
    connected()
    useAppStore.getState().subscribe('a/#', 0)
    expect(useAppStore.getState().subscriptions).toMatchObject([{ state: 'pending' }])
    useAppStore.getState().unsubscribe('a/#')
    grant({ ok: true, grantedQos: 0 })
    await flush()
    expect(useAppStore.getState().subscriptions).toEqual([])
    // The broker granted it: without an UNSUBSCRIBE, messages for a filter the user removed
    // would keep arriving and being counted.
    expect(session().callsOf('unsubscribe')).toEqual([{ method: 'unsubscribe', filter: 'a/#' }])
  })

  it('resets expansion, selection and subscriptions states on a new connection', () => {
    useAppStore.setState({
      expanded: new Set([1, 2]),
      selectedTopicId: 2,
      subscriptions: [{ filter: 'a', qos: 1, state: 'active', grantedQos: 1 }],
    })
    useAppStore.getState().connect()
    const s = useAppStore.getState()
    expect(s.expanded.size).toBe(0)
    expect(s.selectedTopicId).toBeUndefined()
    expect(s.subscriptions).toEqual([{ filter: 'a', qos: 1, state: 'idle' }])
    expect(s.status).toEqual({ state: 'connecting' })
    // The worker forgets the selection before the new connection starts.
    expect(session().calls.map((c) => c.method)).toEqual(['select', 'connect'])
  })

  it('clamps the keep-alive to 0..65535 and replaces a non-number by 30', () => {
    useAppStore.getState().setForm({ keepalive: 99_999 })
    useAppStore.getState().connect()
    expect(session().callsOf('connect')[0]!.options.keepalive).toBe(65_535)
    useAppStore.setState({ status: { state: 'disconnected' } })
    useAppStore.getState().setForm({ keepalive: Number.NaN })
    useAppStore.getState().connect()
    expect(session().callsOf('connect')[1]!.options.keepalive).toBe(30)
  })

  it('replaces the expanded set on write and ignores a no-op', () => {
    const before = useAppStore.getState().expanded
    useAppStore.getState().setExpanded(3, true)
    const after = useAppStore.getState().expanded
    expect(after).not.toBe(before)
    expect(after.has(3)).toBe(true)
    useAppStore.getState().setExpanded(3, true)
    expect(useAppStore.getState().expanded).toBe(after)
  })

  it('tells the session which topic is selected', () => {
    useAppStore.getState().selectTopic(7)
    expect(useAppStore.getState().selectedTopicId).toBe(7)
    expect(session().callsOf('select')).toEqual([{ method: 'select', topicId: 7 }])
  })
})
