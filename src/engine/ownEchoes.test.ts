import { describe, expect, it } from 'vitest'
import { OWN_ECHO_MAX, OWN_ECHO_MAX_BYTES, OWN_ECHO_WINDOW_MS } from './budgets'
import { OwnEchoes } from './ownEchoes'

const bytes = (s: string) => new TextEncoder().encode(s)

describe('OwnEchoes', () => {
  it('marks the first delivery with the same topic and bytes, once', () => {
    const echoes = new OwnEchoes()
    echoes.expect('a/b', bytes('hello'), 0)
    expect(echoes.take('a/c', bytes('hello'), 1)).toBe(false)
    expect(echoes.take('a/b', bytes('hellO'), 1)).toBe(false)
    expect(echoes.take('a/b', bytes('hello!'), 1)).toBe(false)
    expect(echoes.take('a/b', bytes('hello'), 2)).toBe(true)
    expect(echoes.take('a/b', bytes('hello'), 3)).toBe(false)
    expect(echoes.waiting).toBe(0)
  })

  it('forgets a publish after the window and beyond the count', () => {
    const echoes = new OwnEchoes()
    echoes.expect('t', bytes('x'), 0)
    expect(echoes.take('t', bytes('x'), OWN_ECHO_WINDOW_MS + 1)).toBe(false)
    for (let i = 0; i <= OWN_ECHO_MAX; i++) echoes.expect(`t/${i}`, bytes('x'), 10)
    expect(echoes.waiting).toBe(OWN_ECHO_MAX)
    expect(echoes.take('t/0', bytes('x'), 11)).toBe(false)
    expect(echoes.take(`t/${OWN_ECHO_MAX}`, bytes('x'), 11)).toBe(true)
  })

  it('holds at most OWN_ECHO_MAX_BYTES of payloads, but always the newest', () => {
    const echoes = new OwnEchoes()
    const half = new Uint8Array(OWN_ECHO_MAX_BYTES / 2 + 1)
    echoes.expect('a', half, 0)
    echoes.expect('b', half, 0)
    expect(echoes.waiting).toBe(1)
    expect(echoes.take('b', half, 1)).toBe(true)
    echoes.expect('c', new Uint8Array(OWN_ECHO_MAX_BYTES + 1), 2)
    expect(echoes.waiting).toBe(1)
  })

  it('pairs two equal publishes with two deliveries', () => {
    const echoes = new OwnEchoes()
    echoes.expect('t', bytes('x'), 0)
    echoes.expect('t', bytes('x'), 1)
    expect(echoes.take('t', bytes('x'), 2)).toBe(true)
    expect(echoes.take('t', bytes('x'), 3)).toBe(true)
    expect(echoes.take('t', bytes('x'), 4)).toBe(false)
  })

  it('finds the matching one among publishes of the same topic and size', () => {
    const echoes = new OwnEchoes()
    echoes.expect('t', bytes('a'), 0)
    echoes.expect('t', bytes('b'), 0)
    expect(echoes.take('t', bytes('b'), 1)).toBe(true)
    expect(echoes.take('t', bytes('a'), 1)).toBe(true)
  })
})
