import { describe, expect, it } from 'vitest'
import { coded } from '../lib/coded'
import { decodePayload, oneLine, strictText, toBase64, toHex } from './payload'

const utf8 = new TextEncoder()
const bytes = (...b: number[]) => new Uint8Array(b)
const showing = (have: string, total: string) => coded('decode.showing', { have, total })

describe('decodePayload in auto', () => {
  it('shows UTF-8 as text', () => {
    expect(decodePayload(utf8.encode('héllo wörld €'), 'auto')).toEqual({
      kind: 'text',
      text: 'héllo wörld €',
    })
  })

  it('keeps tabs and line breaks as text', () => {
    expect(decodePayload(utf8.encode('a\tb\r\nc'), 'auto').kind).toBe('text')
  })

  it('shows invalid UTF-8 as hex and says why', () => {
    expect(decodePayload(bytes(0xff, 0xfe), 'auto')).toEqual({
      kind: 'hex',
      text: 'ff fe',
      note: coded('decode.binary'),
    })
  })

  it.each([0x00, 0x07, 0x1b, 0x7f])('treats control byte 0x%s as binary', (b) => {
    expect(decodePayload(bytes(0x41, b, 0x42), 'auto').kind).toBe('hex')
  })

  it('shows an empty payload as (empty) whatever the format', () => {
    for (const format of ['auto', 'text', 'json', 'hex', 'base64'] as const)
      expect(decodePayload(new Uint8Array(0), format)).toEqual({ kind: 'empty', text: '(empty)' })
  })

  it('pretty-prints JSON objects and arrays when asked', () => {
    const raw = utf8.encode(' {"t":21.5,"ok":true,"tags":["a"]}')
    expect(decodePayload(raw, 'auto', raw.length, true)).toEqual({
      kind: 'json',
      text: '{\n  "t": 21.5,\n  "ok": true,\n  "tags": [\n    "a"\n  ]\n}',
    })
    expect(decodePayload(utf8.encode('[1,2]'), 'auto', 5, true).kind).toBe('json')
  })

  it('leaves JSON as one line of text in previews', () => {
    expect(decodePayload(utf8.encode('{"t":21.5}'), 'auto')).toEqual({
      kind: 'text',
      text: '{"t":21.5}',
    })
  })

  it('shows text that only looks like JSON as it is', () => {
    expect(decodePayload(utf8.encode('{not json'), 'auto', 9, true)).toEqual({
      kind: 'text',
      text: '{not json',
    })
  })

  it('does not treat a multi-byte character cut at the end of a prefix as binary', () => {
    const full = utf8.encode('price 12 €, ok')
    const cut = full.subarray(0, utf8.encode('price 12 ').length + 2) // 2 of the 3 bytes of €
    const shown = decodePayload(cut, 'auto', full.length)
    expect(shown.kind).toBe('text')
    expect(shown.text).toBe('price 12 ')
    expect(shown.note).toEqual(showing(`${cut.length} B`, `${full.length} B`))
    // The same bytes as a whole payload are not valid UTF-8.
    expect(decodePayload(cut, 'auto').kind).toBe('hex')
  })

  it('says how much it shows when the bytes are a prefix of the payload', () => {
    const prefix = utf8.encode('a'.repeat(256))
    expect(decodePayload(prefix, 'auto', 2048).note).toEqual(showing('256 B', '2.0 KB'))
    expect(decodePayload(bytes(0xff), 'auto', 3000).note).toEqual(
      coded('decode.twoNotes', { first: coded('decode.binary'), second: showing('1 B', '2.9 KB') }),
    )
  })

  it('returns HTML verbatim as text, never interpreted', () => {
    const html = '<img src=x onerror="alert(1)"><script>alert(2)</script>&amp;'
    expect(decodePayload(utf8.encode(html), 'auto')).toEqual({ kind: 'text', text: html })
    expect(decodePayload(utf8.encode(html), 'auto', html.length, true).text).toBe(html)
  })
})

describe('decodePayload in text', () => {
  it('marks invalid bytes with U+FFFD instead of switching to hex', () => {
    expect(decodePayload(bytes(0x61, 0xff, 0x62), 'text')).toEqual({
      kind: 'text',
      text: 'a\ufffdb',
    })
  })

  it('shows control characters as text', () => {
    expect(decodePayload(bytes(0x61, 0x00), 'text').text).toBe('a\u0000')
  })

  it('drops a character cut at the end of a prefix and says it is a prefix', () => {
    const euro = utf8.encode('€')
    expect(decodePayload(euro.subarray(0, 2), 'text', 10)).toEqual({
      kind: 'text',
      text: '',
      note: showing('2 B', '10 B'),
    })
  })
})

describe('decodePayload in json', () => {
  it('pretty-prints when asked and compacts otherwise', () => {
    const raw = utf8.encode('{ "a" : [1, 2], "b": {"c": null} }')
    expect(decodePayload(raw, 'json', raw.length, true)).toEqual({
      kind: 'json',
      text: '{\n  "a": [\n    1,\n    2\n  ],\n  "b": {\n    "c": null\n  }\n}',
    })
    expect(decodePayload(raw, 'json')).toEqual({
      kind: 'json',
      text: '{"a":[1,2],"b":{"c":null}}',
    })
  })

  it('accepts JSON scalars', () => {
    expect(decodePayload(utf8.encode('21.5'), 'json')).toEqual({ kind: 'json', text: '21.5' })
  })

  it('shows invalid JSON as text with a note naming the position', () => {
    const shown = decodePayload(utf8.encode('{"a":1,}'), 'json')
    expect(shown.kind).toBe('text')
    expect(shown.text).toBe('{"a":1,}')
    expect(shown.note?.code).toBe('decode.invalidJson')
    // The parser's own words (V8's, in English) travel as a value: they name the position.
    expect(shown.note?.values?.error).toMatch(/position 7/)
  })

  it('shows non-UTF-8 bytes as hex with a note', () => {
    expect(decodePayload(bytes(0xff, 0xfe), 'json')).toEqual({
      kind: 'hex',
      text: 'ff fe',
      note: coded('decode.notUtf8'),
    })
  })

  it('does not try to parse a prefix and says the JSON is cut short', () => {
    expect(decodePayload(utf8.encode('{"a":'), 'json', 100)).toEqual({
      kind: 'text',
      text: '{"a":',
      note: coded('decode.twoNotes', {
        first: coded('decode.jsonCut'),
        second: showing('5 B', '100 B'),
      }),
    })
  })
})

describe('decodePayload in hex and base64', () => {
  it('shows hex bytes separated by spaces, wrapped at 16 bytes when pretty', () => {
    const data = new Uint8Array(18).map((_, i) => i)
    expect(decodePayload(bytes(0xde, 0xad, 0xbe, 0xef), 'hex')).toEqual({
      kind: 'hex',
      text: 'de ad be ef',
    })
    expect(decodePayload(data, 'hex', data.length, true).text).toBe(
      '00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f\n10 11',
    )
  })

  it('shows standard base64', () => {
    expect(decodePayload(utf8.encode('hello'), 'base64')).toEqual({
      kind: 'base64',
      text: 'aGVsbG8=',
    })
    expect(decodePayload(bytes(0xfb, 0xff), 'base64').text).toBe('+/8=')
  })

  it('notes a prefix in hex and base64 too', () => {
    expect(decodePayload(bytes(1), 'hex', 2).note).toEqual(showing('1 B', '2 B'))
    expect(decodePayload(bytes(1), 'base64', 2).note).toEqual(showing('1 B', '2 B'))
  })

  it('shows at most shownBytes as text, hex or base64, and parses whole what it parses', () => {
    const binary = new Uint8Array(3000).fill(0xff)
    const hex = decodePayload(binary, 'auto', 5000, true, { shownBytes: 1024 })
    expect(hex.kind).toBe('hex')
    expect(hex.text.split(/\s/)).toHaveLength(1024)
    expect(hex.note).toEqual(
      coded('decode.twoNotes', {
        first: coded('decode.binary'),
        second: showing('1.0 KB', '4.9 KB'),
      }),
    )
    expect(decodePayload(binary, 'base64', 3000, true, { shownBytes: 3 }).text).toBe('////')
    const text = utf8.encode('é'.repeat(1000)) // 2 000 bytes: the cut falls inside a character
    const cut = decodePayload(text, 'text', 2000, true, { shownBytes: 1001 })
    expect(cut.text).toBe('é'.repeat(500))
    expect(cut.note).toEqual(showing('1001 B', '2.0 KB'))
    expect(decodePayload(text, 'auto', 2000, true, { shownBytes: 1001 }).text).toBe('é'.repeat(500))
    // JSON is parsed from every byte and shown as a tree, whatever the bound.
    const json = utf8.encode(JSON.stringify({ a: 'x'.repeat(3000) }))
    const parsed = decodePayload(json, 'auto', json.length, true, { shownBytes: 100 })
    expect(parsed.kind).toBe('json')
    expect(parsed.note).toBeUndefined()
  })
})

describe('payload helpers', () => {
  it('strictText refuses invalid UTF-8 and control characters', () => {
    expect(strictText(utf8.encode('ok'), false)).toBe('ok')
    expect(strictText(bytes(0xc3), false)).toBeUndefined()
    expect(strictText(bytes(0xc3), true)).toBe('')
    expect(strictText(bytes(0x01), false)).toBeUndefined()
  })

  it('toHex and toBase64 handle large payloads', () => {
    const big = new Uint8Array(100_000).fill(0xab)
    expect(toBase64(big)).toBe(Buffer.from(big).toString('base64'))
    expect(toHex(big.subarray(0, 3))).toBe('ab ab ab')
  })

  it('oneLine shows line breaks as a return symbol', () => {
    expect(oneLine('a\nb\r\nc')).toBe('a \u23ce b \u23ce c')
  })
})
