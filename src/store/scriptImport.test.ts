import { beforeEach, describe, expect, it } from 'vitest'
import { SCRIPTS_SAVED_MAX } from '../engine/budgets'
import { useDecoderStore } from './decoderStore'
import { useScriptStore } from './scriptStore'

// Importing the scripts of a profiles file (issue #16): nothing saved is overwritten silently.

beforeEach(() => {
  localStorage.clear()
  useScriptStore.setState({ scripts: [], bindings: [], notice: undefined })
  useDecoderStore.setState({ bindings: [], notice: undefined })
})

const meter = { id: 's1', name: 'Meter', source: 'export function decode(b) { return b[0] }' }

describe('importScripts', () => {
  it('adds new scripts and their bindings, and reuses a script saved already', () => {
    const notes = useScriptStore.getState().importScripts({
      scripts: [meter],
      bindings: [{ filter: 'demo/+/raw', scriptId: 's1' }],
    })
    expect(notes).toEqual([{ code: 'script.imported', values: { added: 1, same: 0, bindings: 1 } }])
    expect(useScriptStore.getState().scripts).toEqual([meter])
    expect(useScriptStore.getState().bindings).toEqual([{ filter: 'demo/+/raw', scriptId: 's1' }])
    expect(useDecoderStore.getState().bindings).toEqual([
      { filter: 'demo/+/raw', format: 'script' },
    ])
    // The same file again: nothing new, nothing said but that.
    expect(
      useScriptStore.getState().importScripts({
        scripts: [{ ...meter, id: 'other-id' }],
        bindings: [{ filter: 'demo/+/raw', scriptId: 'other-id' }],
      }),
    ).toEqual([{ code: 'script.imported', values: { added: 0, same: 1, bindings: 0 } }])
    expect(useScriptStore.getState().scripts).toHaveLength(1)
  })

  it('never overwrites a different script of the same id or name: it adds a copy and says so', () => {
    useScriptStore.setState({ scripts: [meter] })
    const changed = { ...meter, source: 'export function decode() { return 0 }' }
    const notes = useScriptStore.getState().importScripts({
      scripts: [changed],
      bindings: [{ filter: 'lab/raw', scriptId: 's1' }],
    })
    expect(notes).toEqual([
      { code: 'script.imported', values: { added: 1, same: 0, bindings: 1 } },
      { code: 'script.importRenamed', values: { script: 'Meter', as: 'Meter (2)' } },
    ])
    const [kept, copy] = useScriptStore.getState().scripts
    expect(kept).toEqual(meter)
    expect(copy).toMatchObject({ name: 'Meter (2)', source: changed.source })
    expect(copy!.id).not.toBe('s1')
    // The imported binding names the copy, not the script that was there.
    expect(useScriptStore.getState().bindings).toEqual([{ filter: 'lab/raw', scriptId: copy!.id }])
  })

  it('keeps a decoder the filter has already, and the limit of saved scripts, saying both', () => {
    useDecoderStore.getState().bind('lab/raw', 'cbor')
    useScriptStore.setState({
      scripts: Array.from({ length: SCRIPTS_SAVED_MAX - 1 }, (_, i) => ({
        id: `k${i}`,
        name: `kept ${i}`,
        source: '',
      })),
    })
    const notes = useScriptStore.getState().importScripts({
      scripts: [meter, { id: 's9', name: 'Nine', source: '' }],
      bindings: [{ filter: 'lab/raw', scriptId: 's1' }],
    })
    expect(notes).toEqual([
      { code: 'script.imported', values: { added: 1, same: 0, bindings: 0 } },
      { code: 'script.importTooMany', values: { count: 1, max: SCRIPTS_SAVED_MAX } },
      { code: 'script.importBindingKept', values: { filter: 'lab/raw' } },
    ])
    expect(useDecoderStore.getState().bindings).toEqual([{ filter: 'lab/raw', format: 'cbor' }])
    expect(useScriptStore.getState().scripts).toHaveLength(SCRIPTS_SAVED_MAX)
  })
})
