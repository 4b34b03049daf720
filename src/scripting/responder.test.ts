import { afterAll, describe, expect, it } from 'vitest'
import { loadQuickJsWasmNode } from '../test/quickjsWasm'
import { ScriptHost } from './host'
import { LogRing, Responder, TokenBucket } from './responder'
import type { ScriptMessage } from './types'

// No time budget: this tests the responder's rate limit, not the script's CPU share.
const host = new ScriptHost(loadQuickJsWasmNode, { budgetMs: Infinity })
afterAll(() => host.disposeAll())

const request = (topic: string, text = '{}'): ScriptMessage => ({
  topic,
  payload: new TextEncoder().encode(text),
  qos: 0,
  retain: false,
})

describe('TokenBucket', () => {
  it('allows a burst, then refills at its rate', () => {
    const b = new TokenBucket(10, 3, 0)
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false])
    expect(b.take(50)).toBe(false) // half a token
    expect(b.take(100)).toBe(true)
    expect(b.available(10_000)).toBe(3) // never more than the burst
  })
})

describe('LogRing', () => {
  it('keeps the newest entries and counts the evicted', () => {
    const r = new LogRing<number>(3)
    for (let i = 1; i <= 5; i++) r.push(i)
    expect(r.entries()).toEqual([3, 4, 5])
    expect(r.last()).toBe(5)
    expect(r.evicted).toBe(2)
  })
})

describe('Responder', () => {
  it('answers matching messages, logs what it sent, and stops at its rate limit', async () => {
    const loaded = await host.load({
      id: 'echo',
      name: 'echo',
      source: `let n = 0
        export function respond(m) { n++; return { topic: 'out/' + n, payload: m.text, qos: 1 } }`,
    })
    if (!loaded.ok) throw new Error(loaded.error.code)
    const r = new Responder(
      { id: 'r1', scriptId: 'echo', filter: 'in/#', enabled: true },
      'echo',
      0,
      { perSecond: 2, burst: 2, logEntries: 10 },
    )
    expect(r.handle(request('other/x'), loaded.script, 0)).toEqual([])
    const first = r.handle(request('in/a', 'hi'), loaded.script, 0)
    expect(first).toEqual([
      { topic: 'out/1', payload: new TextEncoder().encode('hi'), qos: 1, retain: false },
    ])
    expect(r.handle(request('in/a'), loaded.script, 0)).toHaveLength(1)
    // Over the budget: the script is not run, and the drops add up in one log entry.
    expect(r.handle(request('in/a'), loaded.script, 0)).toEqual([])
    expect(r.handle(request('in/a'), loaded.script, 100)).toEqual([])
    expect(r.counts).toEqual({ triggered: 4, sent: 2, dropped: 2, failed: 0 })
    const log = r.log.entries()
    expect(log.map((e) => e.kind)).toEqual(['sent', 'sent', 'dropped'])
    expect(log[2]).toMatchObject({
      count: 2,
      reason: { code: 'responder.rateLimited', values: { script: 'echo', perSecond: 2 } },
    })
    // Half a second later one token is back: the script runs again (its state kept).
    expect(r.handle(request('in/a'), loaded.script, 500)).toMatchObject([{ topic: 'out/3' }])
    r.setEnabled(false)
    expect(r.handle(request('in/a'), loaded.script, 10_000)).toEqual([])
  })

  it('drops the publishes of one call beyond the budget, and logs failures with their code', async () => {
    const loaded = await host.load({
      id: 'fan',
      name: 'fan',
      source: `export function respond(m) {
        if (m.topic === 'in/bad') return [{ topic: 'a/#' }]
        return [1, 2, 3].map((i) => ({ topic: 'fan/' + i, payload: { i } }))
      }`,
    })
    if (!loaded.ok) throw new Error(loaded.error.code)
    const r = new Responder({ id: 'r', scriptId: 'fan', filter: 'in/+', enabled: true }, 'fan', 0, {
      perSecond: 1,
      burst: 2,
      logEntries: 10,
    })
    const sent = r.handle(request('in/x'), loaded.script, 0)
    expect(sent.map((p) => new TextDecoder().decode(p.payload))).toEqual(['{"i":1}', '{"i":2}'])
    expect(r.counts.dropped).toBe(1)
    expect(r.handle(request('in/bad'), loaded.script, 5_000)).toEqual([])
    expect(r.log.last()).toMatchObject({
      kind: 'failed',
      error: { code: 'script.respond.badTopic', values: { script: 'fan', index: 0 } },
    })
  })
})
