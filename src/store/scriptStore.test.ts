import { beforeEach, describe, expect, it } from 'vitest'
import { withFakeHost } from '../test/fakeHost'
import { mergeLog, responders, setResponder } from './responderStore'
import { useScriptStore } from './scriptStore'
import type { ResponderLogEntry } from '../scripting/responder'

const host = withFakeHost()

beforeEach(() => {
  localStorage.clear()
  useScriptStore.setState({ scripts: [], notice: undefined })
})

const sent = (seq: number): ResponderLogEntry => ({
  kind: 'sent',
  seq,
  ts: seq,
  trigger: 'in',
  topic: 'out',
  qos: 0,
  retain: false,
  size: 0,
  preview: new Uint8Array(0),
  correlated: false,
})

describe('script store', () => {
  it('saves, renames and refuses what it cannot keep, with codes', () => {
    const save = useScriptStore.getState().save
    expect(save({ name: '  ', source: '' })).toEqual({
      ok: false,
      error: { code: 'script.noName' },
    })
    const first = save({ name: 'echo', source: 'export function respond() {}' })
    expect(first.ok).toBe(true)
    expect(save({ name: 'echo', source: '' })).toMatchObject({
      ok: false,
      error: { code: 'script.nameTaken', values: { script: 'echo' } },
    })
    if (!first.ok) return
    expect(save({ id: first.id, name: 'echo 2', source: 'x' })).toEqual({ ok: true, id: first.id })
    expect(useScriptStore.getState().scripts).toEqual([
      { id: first.id, name: 'echo 2', source: 'x' },
    ])
    expect(JSON.parse(localStorage.getItem('mqtt-scope.scripts') ?? '{}')).toMatchObject({
      version: 1,
      data: { scripts: [{ name: 'echo 2' }] },
    })
  })
})

describe('responder store', () => {
  it('sends valid settings to that connection only, and a saved edit again', () => {
    const r = useScriptStore.getState().save({ name: 'echo', source: 'a' })
    if (!r.ok) throw new Error('not saved')
    setResponder('c1', { filter: 'a/#', scriptId: r.id, enabled: true })
    setResponder('c1', { filter: 'a/#+' })
    expect(responders.get('c1').problem?.code).toBe('filter.hashLevel')
    setResponder('c1', { filter: 'a/#', perSecond: 0 })
    expect(responders.get('c1').problem?.code).toBe('responder.badRate')
    setResponder('c1', { perSecond: 5 })
    useScriptStore.getState().save({ id: r.id, name: 'echo', source: 'b' })
    const casts = host().callsOf('responder')
    // The first settings, the rate once valid again (the invalid ones never left), the edit.
    expect(casts.map((c) => c.conn)).toEqual(['c1', 'c1', 'c1'])
    expect(casts.map((c) => c.config)).toMatchObject([
      { script: { source: 'a' }, perSecond: 10, filter: 'a/#' },
      { script: { source: 'a' }, perSecond: 5 },
      { script: { source: 'b' }, perSecond: 5, enabled: true },
    ])
  })

  it('merges reports: new entries appended, a grown one replaced, at most the ring', () => {
    const log = mergeLog([], { entries: [sent(1), sent(2)], reset: false })
    const grown = { ...sent(2), size: 9 }
    expect(mergeLog(log, { entries: [grown, sent(3)], reset: false })).toEqual([
      sent(1),
      grown,
      sent(3),
    ])
    expect(mergeLog(log, { entries: [sent(7)], reset: true })).toEqual([sent(7)])
  })
})
