import { afterAll, describe, expect, it } from 'vitest'
import { ScriptHost, sourceHash } from '../scripting/host'
import { loadQuickJsWasmNode } from '../test/quickjsWasm'
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
})
