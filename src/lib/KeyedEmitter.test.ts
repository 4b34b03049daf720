import { describe, expect, it, vi } from 'vitest'
import { KeyedEmitter } from './KeyedEmitter'

describe('KeyedEmitter', () => {
  it('calls only the listeners of the emitted key', () => {
    const emitter = new KeyedEmitter<'a' | 'b'>()
    const a = vi.fn()
    const b = vi.fn()
    emitter.subscribe('a', a)
    emitter.subscribe('b', b)
    emitter.emit('a')
    expect(a).toHaveBeenCalledTimes(1)
    expect(b).not.toHaveBeenCalled()
  })

  it('bumps the version of the emitted key only', () => {
    const emitter = new KeyedEmitter<'a' | 'b'>()
    expect(emitter.version('a')).toBe(0)
    emitter.emit('a')
    emitter.emit('a')
    expect(emitter.version('a')).toBe(2)
    expect(emitter.version('b')).toBe(0)
  })

  it('stops calling a listener once it is removed', () => {
    const emitter = new KeyedEmitter<'a'>()
    const listener = vi.fn()
    const off = emitter.subscribe('a', listener)
    emitter.emit('a')
    off()
    emitter.emit('a')
    expect(listener).toHaveBeenCalledTimes(1)
  })

  it('calls every listener even when one removes another during the emit', () => {
    const emitter = new KeyedEmitter<'a'>()
    const second = vi.fn()
    let offSecond = () => {}
    emitter.subscribe('a', () => offSecond())
    offSecond = emitter.subscribe('a', second)
    emitter.emit('a')
    expect(second).toHaveBeenCalledTimes(1)
    emitter.emit('a')
    expect(second).toHaveBeenCalledTimes(1)
  })

  it('emits without listeners', () => {
    const emitter = new KeyedEmitter<'a'>()
    expect(() => emitter.emit('a')).not.toThrow()
    expect(emitter.version('a')).toBe(1)
  })
})
