import { afterAll, describe, expect, it } from 'vitest'
import { ScriptHost, sourceHash } from '../scripting/host'
import { loadQuickJsWasmNode } from '../test/quickjsWasm'
import { SCRIPT_PREVIEW_CHARS } from '../engine/budgets'
import { DecodeScripts } from './decodeScripts'

const host = new ScriptHost(loadQuickJsWasmNode)
afterAll(() => host.disposeAll())

describe('decode scripts in the worker', () => {
  it('decodes with the saved source, loads an edited one again, and names what is missing', async () => {
    const d = new DecodeScripts(host)
    const spec = { id: 's', name: 'len', source: 'export function decode(b) { return b.length }' }
    expect(await d.decodeOne(spec, new Uint8Array(3), 't')).toEqual({
      ok: true,
      value: 3,
      logs: [],
    })
    const edited = { ...spec, source: 'export function decode(b, t) { return t + b[0] }' }
    expect(await d.decodeOne(edited, new Uint8Array([7]), 'x/')).toMatchObject({ value: 'x/7' })
    expect(
      await d.decodeOne(
        { ...spec, source: 'export function respond() {}' },
        new Uint8Array(0),
        't',
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'script.missingExport', values: { name: 'decode' } },
    })
    expect(
      await d.decodeOne(
        { ...spec, source: 'export function decode() { throw new Error("no") }' },
        new Uint8Array(0),
        't',
      ),
    ).toMatchObject({ ok: false, error: { code: 'script.threw', values: { script: 'len' } } })
  })

  it('decodes charted messages synchronously once the bound source is loaded', async () => {
    const d = new DecodeScripts(host)
    const spec = {
      id: 'c',
      name: 'first',
      source: 'export function decode(b) { return { v: b[0] } }',
    }
    const ref = { scriptId: 'c', sourceHash: sourceHash(spec.source), name: 'first' }
    expect(d.decode(ref, new Uint8Array([5]), 't')).toEqual({ ok: false }) // not loaded yet
    d.setScripts([spec])
    await d.decodeOne(spec, new Uint8Array(0), 't')
    expect(d.decode(ref, new Uint8Array([5]), 't')).toEqual({ ok: true, value: { v: 5 } })
    expect(d.decode({ ...ref, sourceHash: 'other' }, new Uint8Array([5]), 't')).toEqual({
      ok: false,
    })
  })

  it('decodes the rows of a batch in order: one-line JSON, cut values and per-row failures', async () => {
    const d = new DecodeScripts(host)
    const spec = {
      id: 'm',
      name: 'rows',
      source: `export function decode(b) {
        if (b[0] === 0) throw new Error('zero')
        if (b[0] === 1) return undefined
        if (b[0] === 2) return 'x'.repeat(1000)
        return { t: b[0], s: 'a\\nb' }
      }`,
    }
    const item = (n: number) => ({ topic: 't', payload: new Uint8Array([n]) })
    const { results } = await d.decodeMany(spec, [item(9), item(0), item(1), item(2)])
    expect(results[0]).toEqual({ ok: true, text: '{"t":9,"s":"a\\nb"}' })
    expect(results[1]).toMatchObject({ ok: false, error: { code: 'script.threw' } })
    expect(results[2]).toMatchObject({ ok: false, error: { code: 'script.decode.noValue' } })
    expect(results[3]).toMatchObject({ ok: true })
    const cut = results[3] as { text: string }
    expect(cut.text).toHaveLength(SCRIPT_PREVIEW_CHARS)
    expect(cut.text.endsWith('…')).toBe(true)
    // A script that does not load fails every row with its error.
    const broken = await d.decodeMany({ ...spec, source: 'export function decode( {' }, [
      item(3),
      item(4),
    ])
    expect(broken.results.map((r) => r.ok)).toEqual([false, false])
    expect(broken.results[0]).toMatchObject({ error: { code: 'script.syntax' } })
  })
})
