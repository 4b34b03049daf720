import { describe, expect, it } from 'vitest'
import { previewBytes, previewText } from './payloadPreview'

const utf8 = (s: string) => new TextEncoder().encode(s)

describe('previewBytes', () => {
  it('shows text as text, cut at the limit without a broken last character', () => {
    expect(previewBytes(utf8('{"a": 1}\n'))).toEqual({
      kind: 'text',
      text: '{"a": 1}\n',
      more: false,
    })
    // "é" is two bytes: a cut after its first byte must not turn the preview into hex.
    const p = previewBytes(utf8('aé'.repeat(10)), 5)
    expect(p).toEqual({ kind: 'text', text: 'aéa', more: true })
  })

  it('shows binary as hex of its first bytes', () => {
    const p = previewBytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1]))
    expect(p).toEqual({ kind: 'hex', text: '89 50 4e 47 00 01', more: false })
    const big = new Uint8Array(2_000)
    const q = previewBytes(big)
    expect(q.kind).toBe('hex')
    expect(q.text.split(' ')).toHaveLength(256)
    expect(q.more).toBe(true)
  })
})

describe('previewText', () => {
  it('keeps the first characters', () => {
    expect(previewText('abcdef', 3)).toEqual({ kind: 'text', text: 'abc', more: true })
  })
})
