import { beforeEach, describe, expect, it, vi } from 'vitest'
import { coded } from '../lib/coded'
import { storageNotice } from '../lib/persist'
import { savedDecoders } from './saved/decoders'
import {
  DECODERS_STORAGE_KEY,
  boundFormat,
  effectiveFormat,
  loadDecoderBindings,
  MAX_DECODER_BINDINGS,
  useDecoderStore,
} from './decoderStore'

beforeEach(() => {
  localStorage.clear()
  useDecoderStore.setState({ bindings: [], notice: undefined })
})

describe('decoder bindings', () => {
  it('binds a format to a topic and persists it', () => {
    expect(useDecoderStore.getState().bind('plant/+/cbor', 'cbor')).toBeUndefined()
    expect(useDecoderStore.getState().bindings).toEqual([
      { filter: 'plant/+/cbor', format: 'cbor' },
    ])
    const stored = JSON.parse(localStorage.getItem(DECODERS_STORAGE_KEY)!) as unknown
    expect(stored).toEqual({
      version: savedDecoders.version,
      data: { bindings: [{ filter: 'plant/+/cbor', format: 'cbor' }] },
    })
    expect(loadDecoderBindings().bindings).toEqual([{ filter: 'plant/+/cbor', format: 'cbor' }])
  })

  it('matches wildcards and lets the first matching binding win', () => {
    const { bind } = useDecoderStore.getState()
    bind('a/#', 'cbor')
    bind('a/b', 'msgpack')
    const { bindings } = useDecoderStore.getState()
    expect(boundFormat(bindings, 'a/b')).toBe('msgpack')
    expect(boundFormat(bindings, 'a/c/d')).toBe('cbor')
    expect(boundFormat(bindings, 'b')).toBeUndefined()
  })

  it('replaces the binding of the same filter instead of adding a second', () => {
    const { bind } = useDecoderStore.getState()
    bind('x', 'cbor')
    bind('x', 'hex')
    expect(useDecoderStore.getState().bindings).toEqual([{ filter: 'x', format: 'hex' }])
  })

  it('binding Auto removes the binding', () => {
    const { bind } = useDecoderStore.getState()
    bind('x', 'cbor')
    bind('x', 'auto')
    expect(useDecoderStore.getState().bindings).toEqual([])
    expect(loadDecoderBindings()).toEqual({ bindings: [] })
  })

  it('refuses an invalid filter with the reason', () => {
    expect(useDecoderStore.getState().bind('a/#/b', 'cbor')).toEqual(
      coded('filter.hashLevel', { filter: 'a/#/b' }),
    )
    expect(useDecoderStore.getState().bindings).toEqual([])
  })

  it('refuses one binding more than MAX_DECODER_BINDINGS, but still replaces an existing one', () => {
    const bindings = Array.from({ length: MAX_DECODER_BINDINGS }, (_, i) => ({
      filter: `t/${i}`,
      format: 'cbor' as const,
    }))
    useDecoderStore.setState({ bindings })
    const { bind } = useDecoderStore.getState()
    expect(bind('one/more', 'cbor')).toEqual(
      coded('decode.tooManyBindings', { max: MAX_DECODER_BINDINGS }),
    )
    expect(bind('t/0', 'hex')).toBeUndefined()
    expect(useDecoderStore.getState().bindings).toHaveLength(MAX_DECODER_BINDINGS)
  })

  it('removes a binding', () => {
    const { bind, unbind } = useDecoderStore.getState()
    bind('x', 'cbor')
    bind('y', 'msgpack')
    unbind('x')
    expect(useDecoderStore.getState().bindings).toEqual([{ filter: 'y', format: 'msgpack' }])
  })

  it('uses the binding only when the chosen format is Auto', () => {
    const bindings = [{ filter: 't/#', format: 'cbor' as const }]
    expect(effectiveFormat('auto', bindings, 't/1')).toBe('cbor')
    expect(effectiveFormat('hex', bindings, 't/1')).toBe('hex')
    expect(effectiveFormat('auto', bindings, 'u')).toBe('auto')
  })
})

describe('stored decoder bindings', () => {
  it.each([
    ['not JSON', '{oops'],
    ['a number', '42'],
    ['an unknown hand-written version', JSON.stringify({ version: 99, bindings: [] })],
    ['no list', JSON.stringify({ version: 1, bindings: 'x' })],
    ['no list in the envelope', JSON.stringify({ version: 1, data: { bindings: 'x' } })],
  ])('reads %s as no bindings, with a notice, without throwing', (_, raw) => {
    localStorage.setItem(DECODERS_STORAGE_KEY, raw)
    const loaded = loadDecoderBindings()
    expect(loaded.bindings).toEqual([])
    expect(loaded.notice).toEqual(storageNotice(savedDecoders, 'unreadable'))
  })

  it('keeps the valid entries and leaves out the damaged ones', () => {
    localStorage.setItem(
      DECODERS_STORAGE_KEY,
      JSON.stringify({
        version: 1,
        bindings: [
          { filter: 'ok', format: 'cbor' },
          { filter: 'bad/#/x', format: 'cbor' },
          { filter: 'x', format: 'nonsense' },
          null,
        ],
      }),
    )
    const loaded = loadDecoderBindings()
    expect(loaded.bindings).toEqual([{ filter: 'ok', format: 'cbor' }])
    expect(loaded.notice).toEqual(storageNotice(savedDecoders, 'dropped', 3))
  })

  it('starts with the stored bindings when the module loads, and empty on corrupt data', async () => {
    localStorage.setItem(DECODERS_STORAGE_KEY, '\u0000garbage')
    vi.resetModules()
    const fresh = await import('./decoderStore')
    expect(fresh.useDecoderStore.getState().bindings).toEqual([])
    expect(fresh.useDecoderStore.getState().notice).toEqual(
      storageNotice(savedDecoders, 'unreadable'),
    )
  })
})
