import { afterEach, describe, expect, it, vi } from 'vitest'
import { MAX_HISTORY } from '../../engine/budgets'
import { EMPTY_DRAFT } from '../../mqtt/publishDraft'
import { withFakeHost } from '../../test/fakeHost'
import type { PublishMessage } from '../../wire/mqtt'
import { setForm } from '../appStore'
import { publish, sendRequest, startRepeat, testWill } from './actions'
import { composers, reuseHistory, setDraft, setFile, setQueueWhileDisconnected } from './composer'
import { storageNotice } from '../../lib/persist'
import { savedPublish } from '../saved/publish'
import {
  exportTemplates,
  importTemplates,
  reloadLibrary,
  saveTemplate,
  templateVisible,
  useLibraryStore,
} from './library'

const initialLibrary = useLibraryStore.getState()
const host = withFakeHost(() => {
  // The store saves what it is set to: clear storage after resetting it.
  useLibraryStore.setState(initialLibrary, true)
  localStorage.clear()
})
const c = () => composers.get('c1')
const lib = () => useLibraryStore.getState()

afterEach(() => {
  vi.useRealTimers()
})

const flush = () => new Promise((r) => setTimeout(r, 0))
const text = (b: Uint8Array) => new TextDecoder().decode(b)

function connected(level: 4 | 5 = 5) {
  host().status({ state: 'connected', protocolLevel: level })
}

function draft(topic: string, payload = 'x') {
  setDraft('c1', { ...EMPTY_DRAFT, topic, payload })
}

const sent = (method = 'publish') =>
  host()
    .callsOf(method)
    .map((call) => call.message as PublishMessage)

describe('publish', () => {
  it('sends a loaded file whole, and says when the broker closed the connection right after', async () => {
    connected()
    draft('$SYS/test', 'ignored')
    const bytes = new Uint8Array([0, 1, 2, 255])
    setFile('c1', { name: 'blob.bin', bytes })
    host().answer('publish', () => ({ ok: true, qos: 0, reasonCode: 0 }))
    expect(publish('c1')).toBe(true)
    await flush()
    expect(sent()[0]!.payload).toEqual(bytes)
    // A file is not kept in the history (it keeps text drafts).
    expect(lib().history).toHaveLength(0)
    host().status({
      state: 'reconnecting',
      reason: { code: 'session.retrying', values: { reason: { code: 'session.lost' } } },
    })
    expect(c().closedNote?.code).toBe('publish.closedAfter')
    expect(c().closedNote?.values?.['likely']).toEqual({ code: 'publish.likely.reserved' })
    // The next publish starts over.
    setFile('c1', undefined)
    connected()
    draft('a/b')
    publish('c1')
    expect(c().closedNote).toBeUndefined()
  })

  it('blames no publish for a Disconnect the user asked for', async () => {
    connected()
    draft('a/b')
    host().answer('publish', () => ({ ok: true, qos: 0, reasonCode: 0 }))
    publish('c1')
    await flush()
    host().status({ state: 'disconnected' })
    expect(c().closedNote).toBeUndefined()
  })

  it('publishes when connected and keeps the acknowledgement', async () => {
    connected()
    draft('a/b', 'n={{counter}}')
    setDraft('c1', { qos: 1 })
    const note = { code: 'puback.16' }
    host().answer('publish', ({ message }) => ({
      ok: true,
      qos: message.qos,
      reasonCode: 16,
      note,
    }))
    expect(publish('c1')).toBe(true)
    await flush()
    const [message] = sent()
    expect(message!.topic).toBe('a/b')
    expect(text(message!.payload)).toBe('n=1')
    expect(c().results[0]).toMatchObject({
      topic: 'a/b',
      result: { ok: true, qos: 1, reasonCode: 16, note },
    })
    expect(c().counter).toBe(2)
  })

  it('shows a broker refusal as the alert', async () => {
    connected()
    draft('a')
    const reason = { code: 'publish.refused', values: { code: 135 } }
    host().answer('publish', () => ({ ok: false, reasonCode: 135, reason }))
    publish('c1')
    await flush()
    expect(c().alert).toEqual(reason)
  })

  it('refuses while disconnected, or queues and sends in order once connected', async () => {
    draft('q/1')
    expect(publish('c1')).toBe(false)
    expect(c().alert).toEqual({ code: 'publish.notConnectedQueue' })
    setQueueWhileDisconnected('c1', true)
    publish('c1')
    draft('q/2')
    publish('c1')
    expect(c().queue.map((q) => q.message.topic)).toEqual(['q/1', 'q/2'])
    expect(host().callsOf('publish')).toEqual([])
    connected()
    await flush()
    expect(sent().map((m) => m.topic)).toEqual(['q/1', 'q/2'])
    expect(c().queue).toEqual([])
  })

  it(`keeps at most ${MAX_HISTORY} history entries, newest first, without duplicates`, () => {
    connected()
    for (let i = 0; i < MAX_HISTORY + 5; i++) {
      draft(`h/${i}`)
      publish('c1')
    }
    draft('h/54')
    publish('c1')
    const history = lib().history
    expect(history).toHaveLength(MAX_HISTORY)
    expect(history[0]!.draft.topic).toBe('h/54')
    expect(history.filter((h) => h.draft.topic === 'h/54')).toHaveLength(1)
    draft('other')
    reuseHistory('c1', history[1]!.id)
    expect(c().draft.topic).toBe('h/53')
  })

  it('saves history and templates with a version, under the one key prefix', () => {
    connected()
    draft('p/1')
    publish('c1')
    const stored = JSON.parse(localStorage.getItem('mqtt-scope.publish')!) as {
      version: number
      data: { history: unknown[]; templates: unknown[] }
    }
    expect(stored.version).toBe(1)
    expect(stored.data.history).toHaveLength(1)
    expect(Object.keys(stored.data)).toEqual(['history', 'templates'])
  })

  it('starts empty and says so when the stored data is damaged', () => {
    localStorage.setItem('mqtt-scope.publish', '{"data": {"history": [oops')
    reloadLibrary()
    const s = lib()
    expect(s.history).toEqual([])
    expect(s.templates).toEqual([])
    expect(s.storageNotice).toEqual(storageNotice(savedPublish, 'unreadable'))
  })

  it('keeps the entries the old key held that still parse, counts the rest, and moves the key', () => {
    localStorage.setItem(
      'mqtt-scope:publish',
      JSON.stringify({
        version: 1,
        state: {
          history: [{ id: 'a', at: 1, draft: { topic: 't', payload: 'p', qos: 1 } }, { nope: 1 }],
          templates: [],
        },
      }),
    )
    reloadLibrary()
    const s = lib()
    expect(s.history).toHaveLength(1)
    expect(s.history[0]!.draft).toMatchObject({ topic: 't', payload: 'p', format: 'text' })
    expect(s.storageNotice).toEqual(storageNotice(savedPublish, 'dropped', 1))
    expect(localStorage.getItem('mqtt-scope:publish')).toBeNull()
    expect(localStorage.getItem('mqtt-scope.publish')).not.toBeNull()
  })

  it('saves, scopes, exports and imports templates', () => {
    setForm('c1', { url: 'ws://a:1' })
    draft('t/{{counter}}')
    const d = c().draft
    expect(saveTemplate('', { kind: 'global' }, d)).toEqual({ code: 'library.templateNeedsName' })
    expect(saveTemplate('g', { kind: 'global' }, d)).toBeUndefined()
    expect(saveTemplate('local', { kind: 'broker', url: 'ws://a:1' }, d)).toBeUndefined()
    const templates = lib().templates
    expect(templates.filter((t) => templateVisible(t, 'ws://b:2')).map((t) => t.name)).toEqual([
      'g',
    ])
    expect(templates.filter((t) => templateVisible(t, 'ws://a:1'))).toHaveLength(2)

    const exported = exportTemplates()
    useLibraryStore.setState({ templates: [] })
    expect(importTemplates(exported).note).toEqual({
      code: 'library.imported',
      values: { count: 2 },
    })
    expect(lib().templates.map((t) => t.name)).toEqual(['g', 'local'])
    expect(
      importTemplates('[{"name": "x"}, {"name": "y", "draft": {"topic": "a", "payload": ""}}]')
        .note,
    ).toEqual({ code: 'library.importedSkipped', values: { count: 1, skipped: 1, max: 200 } })
    expect(importTemplates('nope')).toEqual({
      ok: false,
      note: { code: 'library.importNotJson' },
    })
  })

  it('sends a request with a default response topic and a UUID, then shows the reply', async () => {
    connected()
    draft('svc/ping')
    expect(sendRequest('c1', 5000)).toBe(true)
    const [message] = sent('request')
    expect(message!.properties?.responseTopic).toBe('svc/ping/response')
    expect(text(message!.properties!.correlationData!)).toMatch(/^[0-9a-f-]{36}$/)
    await flush()
    const id = c().requests[0]!.id
    expect(c().requests[0]!.state).toBe('waiting')
    host().emit({
      type: 'requestReply',
      reqId: id,
      rttMs: 12.4,
      topic: 'svc/ping/response',
      payload: new TextEncoder().encode('pong'),
      size: 4,
      late: false,
    })
    expect(c().requests[0]).toMatchObject({
      state: 'replied',
      rttMs: 12.4,
      reply: 'pong',
    })
  })

  it('refuses requests on MQTT 3.1.1', () => {
    connected(4)
    draft('svc/ping')
    expect(sendRequest('c1', 5000)).toBe(false)
    expect(c().alert).toEqual({ code: 'request.needsV5' })
  })

  it('follows repeat progress and continues the counter after it', async () => {
    connected()
    draft('r', '{{counter}}')
    host().answer('repeat', () => undefined)
    expect(startRepeat('c1', 10, 100)).toBe(true)
    const [call] = host().callsOf('repeat')
    expect(call).toMatchObject({ intervalMs: 10, count: 100, counterStart: 1 })
    const id = c().repeat!.id
    host().progress(id, { repeatId: id, published: 40, succeeded: 39, failed: 0, done: false })
    expect(c().repeat).toMatchObject({ published: 40, succeeded: 39, done: false })
    host().reply(id, { repeatId: id, published: 100, succeeded: 100, failed: 0, done: true })
    await flush()
    expect(c().repeat?.done).toBe(true)
    expect(c().counter).toBe(101)
  })

  it('reconnects after a Last Will test when asked, once the Will delay has passed', async () => {
    vi.useFakeTimers()
    connected()
    const reason = { code: 'will.testedClose', values: { topic: 'w', seconds: 2 } }
    host().answer('testWill', () => ({ ok: true, reason, willDelaySeconds: 2 }))
    testWill('c1', true)
    await vi.advanceTimersByTimeAsync(0)
    host().status({ state: 'disconnected', reason })
    expect(c().willNote).toEqual({ code: 'will.reconnectingIn', values: { reason, seconds: 3 } })
    await vi.advanceTimersByTimeAsync(2900)
    expect(host().callsOf('connect')).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(200)
    expect(host().callsOf('connect')).toHaveLength(1)
  })
})
