import { afterAll, describe, expect, it } from 'vitest'
import { loadQuickJsWasmNode } from '../test/quickjsWasm'
import { ScriptHost, composerInput } from './host'

// Small bounds so runaway tests end quickly; the behaviour (stopped, named) is what is asserted.
// The time budget is out of the way here (a busy machine must not turn a slow first call into a
// skipped second one); its own test sets it.
const host = new ScriptHost(loadQuickJsWasmNode, {
  callDeadlineMs: 30,
  loadDeadlineMs: 200,
  budgetMs: Infinity,
})
afterAll(() => host.disposeAll())

async function load(name: string, source: string) {
  const r = await host.load({ id: name, name, source })
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.script
}

describe('ScriptHost', () => {
  it('decodes bytes and topic into a JSON value, with its console output', async () => {
    const s = await load(
      'sum',
      `export function decode(bytes, topic) {
         console.log('got', bytes.length, 'bytes')
         let sum = 0
         for (const b of bytes) sum += b
         return { topic, sum, first: bytes[0], big: 2n ** 70n, raw: bytes.subarray(0, 2) }
       }`,
    )
    expect(s.exports).toEqual(['decode'])
    expect(s.decode(Uint8Array.from([1, 2, 3]), 'a/b')).toEqual({
      ok: true,
      value: { topic: 'a/b', sum: 6, first: 1, big: '1180591620717411303424', raw: 'AQI=' },
      logs: ['got 3 bytes'],
    })
  })

  it('keeps module state between calls and has utf8 helpers', async () => {
    const s = await load(
      'state',
      `let n = 0
       export function decode(bytes) { n++; return { n, text: utf8.decode(bytes) } }
       export function encode(input) { return utf8.encode(JSON.stringify(input)) }`,
    )
    s.decode(new Uint8Array(0), 't')
    expect(s.decode(new TextEncoder().encode('héllo ✓'), 't')).toMatchObject({
      ok: true,
      value: { n: 2, text: 'héllo ✓' },
    })
    const enc = s.encode(composerInput('{"a": "ü"}'), 't')
    expect(enc.ok && new TextDecoder().decode(enc.value)).toBe('{"a":"ü"}')
  })

  it('stops an infinite loop at its deadline and names the script; the script still works after', async () => {
    const s = await load(
      'spinner',
      `export function decode(bytes) { if (bytes[0] === 1) for (;;) {} return 'fine' }`,
    )
    expect(s.decode(Uint8Array.from([1]), 't')).toEqual({
      ok: false,
      error: { code: 'script.timeout', values: { script: 'spinner', ms: 30 } },
      logs: [],
    })
    expect(s.stats.timeouts).toBe(1)
    expect(s.decode(Uint8Array.from([0]), 't')).toMatchObject({ ok: true, value: 'fine' })
  })

  it('stops a loop at the top level of a script while it loads', async () => {
    const r = await host.load({
      id: 'top',
      name: 'top',
      source: 'while (true) {}\nexport function decode() {}',
    })
    expect(r).toEqual({
      ok: false,
      error: { code: 'script.timeout', values: { script: 'top', ms: 200 } },
    })
  })

  it('stops a memory hog inside its memory bound, and the engine stays usable', async () => {
    const s = await load(
      'hog',
      `export function decode(bytes) {
         if (bytes[0] === 1) { const keep = []; for (;;) keep.push(new Uint8Array(65536)) }
         return 'ok'
       }`,
    )
    const big = new ScriptHost(loadQuickJsWasmNode, { callDeadlineMs: 10_000, budgetMs: Infinity })
    const loaded = await big.load({ id: 'hog', name: 'hog', source: s.source })
    if (!loaded.ok) throw new Error(loaded.error.code)
    // A generous deadline: what stops it is memory, not time.
    expect(loaded.script.decode(Uint8Array.from([1]), 't')).toMatchObject({
      ok: false,
      error: { code: 'script.outOfMemory', values: { script: 'hog', mb: 48 } },
    })
    expect(loaded.script.decode(Uint8Array.from([0]), 't')).toMatchObject({ ok: true, value: 'ok' })
    big.disposeAll()
  })

  it('stops runaway recursion with a stack overflow, not a crash of the host', async () => {
    const s = await load(
      'deep',
      `function f(n) { return f(n + 1) + 1 }\nexport function decode() { return f(0) }`,
    )
    expect(s.decode(new Uint8Array(0), 't')).toMatchObject({
      ok: false,
      error: { code: 'script.stackOverflow', values: { script: 'deep' } },
    })
  })

  it('reports a throw with its message and line, and the logs before it', async () => {
    const s = await load(
      'thrower',
      `export function decode(bytes) {
         console.log('before')
         if (bytes.length < 4) throw new Error('frame too short: ' + bytes.length)
         return 1
       }`,
    )
    expect(s.decode(Uint8Array.from([1]), 't')).toEqual({
      ok: false,
      error: {
        code: 'script.threw',
        // QuickJS places a throw at the call that made the error: "new Error(" on line 3.
        values: { script: 'thrower', message: 'frame too short: 1', line: 3, column: 47 },
      },
      logs: ['before'],
    })
    const t = await load('typeError', 'export function decode(b) {\n  return b.nope.x\n}')
    expect(t.decode(new Uint8Array(1), 't')).toMatchObject({
      error: {
        code: 'script.threw',
        values: { message: expect.stringMatching(/^TypeError: /) as string, line: 2 },
      },
    })
  })

  it('reports a syntax error with its line', async () => {
    const r = await host.load({
      id: 'bad',
      name: 'bad',
      source: 'export function decode(b) {\n  return b +\n}\n',
    })
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'script.syntax', values: { script: 'bad', line: 3 } },
    })
  })

  it('gives coded errors for wrong shapes, a missing function and no exports', async () => {
    const s = await load(
      'shapes',
      `export function encode(input) { return input === 'obj' ? { a: 1 } : input === 'p' ? Promise.resolve(1) : 'text' }
       export function decode() { return () => 1 }`,
    )
    expect(s.encode('obj', 't')).toMatchObject({
      ok: false,
      error: { code: 'script.encode.wrongShape', values: { script: 'shapes', got: 'object' } },
    })
    expect(s.encode('p', 't')).toMatchObject({ error: { code: 'script.async' } })
    expect(s.encode('x', 't')).toMatchObject({ ok: true, value: new TextEncoder().encode('text') })
    expect(s.decode(new Uint8Array(0), 't')).toMatchObject({
      error: { code: 'script.decode.noValue', values: { got: 'function' } },
    })
    expect(
      s.respond({ topic: 't', payload: new Uint8Array(0), qos: 0, retain: false }),
    ).toMatchObject({
      error: { code: 'script.missingExport', values: { script: 'shapes', name: 'respond' } },
    })
    const none = await host.load({ id: 'none', name: 'none', source: 'export const x = 1' })
    expect(none).toEqual({
      ok: false,
      error: { code: 'script.noExports', values: { script: 'none' } },
    })
  })

  it('refuses a result over its size bound', async () => {
    const small = new ScriptHost(loadQuickJsWasmNode, { resultMaxChars: 100, budgetMs: Infinity })
    const r = await small.load({
      id: 'x',
      name: 'big',
      source: `export function decode() { return 'x'.repeat(200) }`,
    })
    if (!r.ok) throw new Error(r.error.code)
    expect(r.script.decode(new Uint8Array(0), 't')).toMatchObject({
      error: { code: 'script.resultTooLarge', values: { script: 'big', chars: 202, max: 100 } },
    })
    small.disposeAll()
  })

  it('skips calls once the script spent its time budget in the window', async () => {
    const tight = new ScriptHost(loadQuickJsWasmNode, { budgetMs: 1e-9, budgetWindowMs: 3_600_000 })
    const r = await tight.load({
      id: 'x',
      name: 'slowish',
      source: `export function decode() { return 1 }`,
    })
    if (!r.ok) throw new Error(r.error.code)
    expect(r.script.decode(new Uint8Array(0), 't').ok).toBe(true)
    expect(r.script.decode(new Uint8Array(0), 't')).toMatchObject({
      error: { code: 'script.overBudget', values: { script: 'slowish' } },
    })
    expect(r.script.stats.skipped).toBe(1)
    tight.disposeAll()
  })

  it('a few slow calls do not spend the window: the budget bounds many calls', async () => {
    // A clock on which every call takes 200 ms (a fresh engine compiling, a preempted worker):
    // the default budget (250 ms per 1 000 ms, calls stopped at 50 ms) refuses only from the
    // sixth call in the window, when five calls could have spent it on their own.
    let read = () => 0
    const clock = new ScriptHost(loadQuickJsWasmNode, {}, () => read())
    const r = await clock.load({
      id: 'x',
      name: 'slowclock',
      source: `export function decode() { return 1 }`,
    })
    if (!r.ok) throw new Error(r.error.code)
    // A call reads the clock when it starts and when it ends; calls start 1 ms apart.
    let reads = 0
    read = () => {
      const call = Math.floor(reads / 2)
      return call + (reads++ % 2 === 0 ? 0 : 200)
    }
    const results = Array.from({ length: 6 }, () => r.script.decode(new Uint8Array(0), 't'))
    expect(results.slice(0, 5).every((x) => x.ok)).toBe(true)
    expect(results[5]).toMatchObject({
      error: { code: 'script.overBudget', values: { script: 'slowclock', ms: 250 } },
    })
    clock.disposeAll()
  })

  it('cannot reach the page, storage, the network, timers or modules', async () => {
    const s = await load(
      'probe',
      `export function decode() {
         return ['fetch', 'XMLHttpRequest', 'WebSocket', 'localStorage', 'indexedDB', 'document',
           'window', 'self', 'postMessage', 'importScripts', 'setTimeout', 'require', 'process']
           .filter((name) => typeof globalThis[name] !== 'undefined')
       }`,
    )
    expect(s.decode(new Uint8Array(0), 't')).toMatchObject({ ok: true, value: [] })
    const imp = await host.load({
      id: 'imp',
      name: 'imp',
      source: `import x from 'https://example.com/x.js'\nexport function decode() { return x }`,
    })
    expect(imp.ok).toBe(false)
  })

  it('refuses a source over its size bound and more scripts than allowed', async () => {
    const limited = new ScriptHost(loadQuickJsWasmNode, { sourceMaxChars: 50, maxLoaded: 1 })
    expect(await limited.load({ id: 'a', name: 'long', source: ' '.repeat(51) })).toMatchObject({
      error: { code: 'script.tooLarge', values: { script: 'long', max: 50 } },
    })
    expect(
      (await limited.load({ id: 'a', name: 'a', source: 'export function decode() {}' })).ok,
    ).toBe(true)
    expect(
      await limited.load({ id: 'b', name: 'b', source: 'export function decode() {}' }),
    ).toMatchObject({
      error: { code: 'script.tooMany', values: { max: 1 } },
    })
    limited.disposeAll()
  })
})
