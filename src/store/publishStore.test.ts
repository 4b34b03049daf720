import { afterEach, describe, expect, it, vi } from 'vitest'
import { EMPTY_DRAFT } from '../mqtt/publishDraft'
import { withFakeSession } from '../test/fakeSessionStores'
import { useAppStore } from './appStore'
import { MAX_HISTORY, templateVisible, usePublishStore } from './publishStore'

const initialPublish = usePublishStore.getState()
const session = withFakeSession(() => {
  localStorage.clear()
  usePublishStore.setState(initialPublish, true)
})

afterEach(() => {
  vi.useRealTimers()
})

const flush = () => new Promise((r) => setTimeout(r, 0))
const text = (b: Uint8Array) => new TextDecoder().decode(b)

function connected(level: 4 | 5 = 5) {
  useAppStore.getState().applyStatus({ type: 'status', state: 'connected', protocolLevel: level })
}

function draft(topic: string, payload = 'x') {
  usePublishStore.getState().setDraft({ ...EMPTY_DRAFT, topic, payload })
}

describe('publishStore', () => {
  it('publishes when connected and words the acknowledgement', async () => {
    connected()
    draft('a/b', 'n={{counter}}')
    usePublishStore.getState().setDraft({ qos: 1 })
    session().publishResult = (m) => ({
      ok: true,
      qos: m.qos,
      reasonCode: 16,
      reason: 'no matching subscribers',
    })
    expect(usePublishStore.getState().publish()).toBe(true)
    await flush()
    const [call] = session().callsOf('publish')
    expect(call!.message.topic).toBe('a/b')
    expect(text(call!.message.payload)).toBe('n=1')
    expect(usePublishStore.getState().results[0]).toMatchObject({
      topic: 'a/b',
      ok: true,
      text: 'acknowledged (PUBACK): no matching subscribers',
    })
    expect(usePublishStore.getState().counter).toBe(2)
  })

  it('shows a broker refusal as the alert', async () => {
    connected()
    draft('a')
    session().publishResult = () => ({
      ok: false,
      reasonCode: 135,
      reason: 'The broker refused the publish: not authorized (reason code 135).',
    })
    usePublishStore.getState().publish()
    await flush()
    expect(usePublishStore.getState().alert).toBe(
      'The broker refused the publish: not authorized (reason code 135).',
    )
  })

  it('refuses while disconnected, or queues and sends in order once connected', async () => {
    draft('q/1')
    expect(usePublishStore.getState().publish()).toBe(false)
    expect(usePublishStore.getState().alert).toMatch(/^Not connected/)
    usePublishStore.getState().setQueueWhileDisconnected(true)
    usePublishStore.getState().publish()
    draft('q/2')
    usePublishStore.getState().publish()
    expect(usePublishStore.getState().queue.map((q) => q.message.topic)).toEqual(['q/1', 'q/2'])
    expect(session().callsOf('publish')).toEqual([])
    connected()
    await flush()
    expect(
      session()
        .callsOf('publish')
        .map((c) => c.message.topic),
    ).toEqual(['q/1', 'q/2'])
    expect(usePublishStore.getState().queue).toEqual([])
  })

  it(`keeps at most ${MAX_HISTORY} history entries, newest first, without duplicates`, () => {
    connected()
    for (let i = 0; i < MAX_HISTORY + 5; i++) {
      draft(`h/${i}`)
      usePublishStore.getState().publish()
    }
    draft('h/54')
    usePublishStore.getState().publish()
    const history = usePublishStore.getState().history
    expect(history).toHaveLength(MAX_HISTORY)
    expect(history[0]!.draft.topic).toBe('h/54')
    expect(history.filter((h) => h.draft.topic === 'h/54')).toHaveLength(1)
    draft('other')
    usePublishStore.getState().reuseHistory(history[1]!.id)
    expect(usePublishStore.getState().draft.topic).toBe('h/53')
  })

  it('persists history and templates with a version', () => {
    connected()
    draft('p/1')
    usePublishStore.getState().publish()
    const stored = JSON.parse(localStorage.getItem('mqtt-scope:publish')!) as {
      version: number
      state: { history: unknown[]; templates: unknown[] }
    }
    expect(stored.version).toBe(1)
    expect(stored.state.history).toHaveLength(1)
    expect(Object.keys(stored.state)).toEqual(['history', 'templates'])
  })

  it('starts empty and says so when the stored data is damaged', async () => {
    localStorage.setItem('mqtt-scope:publish', '{"state": {"history": [oops')
    await usePublishStore.persist.rehydrate()
    const s = usePublishStore.getState()
    expect(s.history).toEqual([])
    expect(s.templates).toEqual([])
    expect(s.storageNotice).toMatch(/could not be read/)
  })

  it('keeps the entries of an older stored version that still parse and counts the rest', async () => {
    localStorage.setItem(
      'mqtt-scope:publish',
      JSON.stringify({
        version: 0,
        state: {
          history: [{ id: 'a', at: 1, draft: { topic: 't', payload: 'p', qos: 7 } }, { nope: 1 }],
          templates: 'not a list',
        },
      }),
    )
    await usePublishStore.persist.rehydrate()
    const s = usePublishStore.getState()
    expect(s.history).toHaveLength(1)
    expect(s.history[0]!.draft).toMatchObject({ topic: 't', payload: 'p', qos: 0, format: 'text' })
    expect(s.templates).toEqual([])
    expect(s.storageNotice).toBe('2 saved history or template entries were damaged and left out.')
  })

  it('saves, scopes, exports and imports templates', () => {
    useAppStore.getState().setForm({ url: 'ws://a:1' })
    draft('t/{{counter}}')
    const s = usePublishStore.getState()
    expect(s.saveTemplate('', { kind: 'global' })).toBe('Give the template a name.')
    expect(s.saveTemplate('g', { kind: 'global' })).toBeUndefined()
    expect(s.saveTemplate('local', { kind: 'broker', url: 'ws://a:1' })).toBeUndefined()
    const templates = usePublishStore.getState().templates
    expect(templates.filter((t) => templateVisible(t, 'ws://b:2')).map((t) => t.name)).toEqual([
      'g',
    ])
    expect(templates.filter((t) => templateVisible(t, 'ws://a:1'))).toHaveLength(2)

    const exported = usePublishStore.getState().exportTemplates()
    usePublishStore.setState({ templates: [] })
    expect(usePublishStore.getState().importTemplates(exported)).toBe('Imported 2 templates.')
    expect(usePublishStore.getState().templates.map((t) => t.name)).toEqual(['g', 'local'])
    expect(
      usePublishStore
        .getState()
        .importTemplates('[{"name": "x"}, {"name": "y", "draft": {"topic": "a", "payload": ""}}]'),
    ).toBe('Imported 1 template; 1 skipped (not valid, or over the limit of 200).')
    expect(usePublishStore.getState().importTemplates('nope')).toBe(
      'Not a templates file: it is not valid JSON.',
    )
  })

  it('sends a request with a default response topic and a UUID, then shows the reply', async () => {
    connected()
    draft('svc/ping')
    expect(usePublishStore.getState().sendRequest(5000)).toBe(true)
    const [call] = session().callsOf('request')
    expect(call!.message.properties?.responseTopic).toBe('svc/ping/response')
    expect(text(call!.message.properties!.correlationData!)).toMatch(/^[0-9a-f-]{36}$/)
    await flush()
    const id = usePublishStore.getState().requests[0]!.id
    expect(usePublishStore.getState().requests[0]!.state).toBe('waiting')
    session().emitPublish({
      type: 'requestReply',
      reqId: id,
      rttMs: 12.4,
      topic: 'svc/ping/response',
      payload: new TextEncoder().encode('pong'),
      size: 4,
      late: false,
    })
    expect(usePublishStore.getState().requests[0]).toMatchObject({
      state: 'replied',
      rttMs: 12.4,
      reply: 'pong',
    })
  })

  it('refuses requests on MQTT 3.1.1', () => {
    connected(4)
    draft('svc/ping')
    expect(usePublishStore.getState().sendRequest(5000)).toBe(false)
    expect(usePublishStore.getState().alert).toMatch(/need MQTT 5/)
  })

  it('follows repeat progress and continues the counter after it', () => {
    connected()
    draft('r', '{{counter}}')
    expect(usePublishStore.getState().startRepeat(10, 100)).toBe(true)
    const [call] = session().callsOf('startRepeat')
    expect(call).toMatchObject({ intervalMs: 10, count: 100, counterStart: 1 })
    const id = usePublishStore.getState().repeat!.id
    session().emitPublish({
      type: 'repeatProgress',
      repeatId: id,
      published: 40,
      succeeded: 39,
      failed: 0,
      done: false,
    })
    expect(usePublishStore.getState().repeat).toMatchObject({
      published: 40,
      succeeded: 39,
      done: false,
    })
    session().emitPublish({
      type: 'repeatProgress',
      repeatId: id,
      published: 100,
      succeeded: 100,
      failed: 0,
      done: true,
    })
    expect(usePublishStore.getState().repeat?.done).toBe(true)
    expect(usePublishStore.getState().counter).toBe(101)
  })

  it('reconnects after a Last Will test when asked, once the Will delay has passed', async () => {
    vi.useFakeTimers()
    connected()
    session().willTestResult = { ok: true, reason: 'Last Will test: sent.', willDelaySeconds: 2 }
    usePublishStore.getState().testWill(true)
    await vi.advanceTimersByTimeAsync(0)
    useAppStore.getState().applyStatus({ type: 'status', state: 'disconnected', reason: 'x' })
    expect(usePublishStore.getState().willNote).toBe('Last Will test: sent. Reconnecting in 3 s.')
    await vi.advanceTimersByTimeAsync(2900)
    expect(session().callsOf('connect')).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(200)
    expect(session().callsOf('connect')).toHaveLength(1)
  })
})
