import { decode as cborDecode } from 'cborg'
import { decode as msgpackDecode } from '@msgpack/msgpack'
import { describe, expect, it } from 'vitest'
import { encodePayload, lineColumn, parseBase64, parseHex, parseJson, prettyJson } from './encode'

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

describe('encodePayload', () => {
  it('sends text as UTF-8 bytes', () => {
    const r = encodePayload('grüße ✓', 'text')
    expect(r.ok && text(r.bytes)).toBe('grüße ✓')
  })

  it('keeps valid JSON exactly as typed', () => {
    const r = encodePayload('{ "a" : 1 }', 'json')
    expect(r.ok && text(r.bytes)).toBe('{ "a" : 1 }')
  })

  it('refuses invalid JSON with the line, column and position of the error', () => {
    const r = encodePayload('{\n  "a": 1,\n  "b" 2\n}', 'json')
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(r.error).toMatchObject({
        code: 'encode.jsonAt',
        values: { line: 3, column: 7, position: 18 },
      })
  })

  it('places an unexpected end of input at the end of the text', () => {
    const r = parseJson('{"a": [1, 2')
    expect(!r.ok && r.error).toMatchObject({
      code: 'encode.jsonAt',
      values: { line: 1, column: 12, position: 11 },
    })
  })

  it('encodes JSON input as CBOR and MessagePack that decode back to the same value', () => {
    const value = { t: 21.5, ok: true, tags: ['a', 'b'], n: null }
    const cbor = encodePayload(JSON.stringify(value), 'cbor')
    const mp = encodePayload(JSON.stringify(value), 'msgpack')
    expect(cbor.ok && cborDecode(cbor.bytes)).toEqual(value)
    expect(mp.ok && msgpackDecode(mp.bytes)).toEqual(value)
  })

  it('refuses CBOR from invalid JSON with the JSON error', () => {
    const r = encodePayload('{x}', 'cbor')
    expect(!r.ok && r.error).toMatchObject({
      code: 'encode.jsonAt',
      values: { line: 1, column: 2 },
    })
  })
})

describe('parseHex', () => {
  it('accepts spaces, colons and 0x prefixes', () => {
    for (const input of ['de ad be ef', 'DEADBEEF', '0xde 0xad 0xbe 0xef', 'de:ad:be:ef'])
      expect(parseHex(input)).toEqual({ ok: true, bytes: new Uint8Array([0xde, 0xad, 0xbe, 0xef]) })
  })

  it('names the character that is not a hex digit and where it is', () => {
    const r = parseHex('00 1g')
    expect(!r.ok && r.error).toEqual({
      code: 'encode.hexDigit',
      values: { line: 1, column: 5, ch: 'g' },
    })
  })

  it('refuses an odd number of digits', () => {
    expect(parseHex('abc').ok).toBe(false)
  })
})

describe('parseBase64', () => {
  it('decodes standard and URL-safe Base64, with or without padding', () => {
    expect(parseBase64('3q2+7w==')).toEqual({
      ok: true,
      bytes: new Uint8Array([0xde, 0xad, 0xbe, 0xef]),
    })
    expect(parseBase64('3q2-7w')).toEqual({
      ok: true,
      bytes: new Uint8Array([0xde, 0xad, 0xbe, 0xef]),
    })
  })

  it('refuses characters outside the alphabet', () => {
    expect(!parseBase64('ab$d').ok && parseBase64('ab$d')).toMatchObject({ ok: false })
  })
})

describe('prettyJson and lineColumn', () => {
  it('re-indents JSON with two spaces', () => {
    expect(prettyJson('{"a":[1,2]}')).toEqual({
      ok: true,
      text: '{\n  "a": [\n    1,\n    2\n  ]\n}',
    })
  })

  it('counts lines and columns from one', () => {
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 })
  })
})
