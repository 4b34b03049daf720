import { encode as cborEncode } from 'cborg'
import { encode as msgpackEncode } from '@msgpack/msgpack'
import { Writer } from 'protobufjs/minimal.js'
import { describe, expect, it } from 'vitest'
import { coded } from '../lib/coded'
import { encodeSparkplug } from '../test/sparkplugEncode'
import { PAYLOAD_FORMATS, decodePayload, imageMime } from './payload'
import {
  SparkplugBirths,
  decodeSparkplug,
  formatSparkplugValue,
  parseSparkplugTopic,
} from './sparkplug'

const utf8 = new TextEncoder()
const bytes = (...b: number[]) => new Uint8Array(b)
const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13)

describe('CBOR view', () => {
  it('decodes maps, arrays, byte strings and big integers', () => {
    const payload = cborEncode({ temp: 21.5, tags: ['a', 'b'], raw: bytes(1, 2), big: 2n ** 63n })
    const d = decodePayload(payload, 'cbor', payload.length, true)
    expect(d.kind).toBe('cbor')
    expect(d.value).toEqual({
      temp: 21.5,
      tags: ['a', 'b'],
      raw: "h'0102'",
      big: '9223372036854775808',
    })
    expect(d.text).toContain('"temp": 21.5')
  })

  it('shows maps with non-string keys with their keys as text', () => {
    const payload = cborEncode(new Map<unknown, unknown>([[1, 'one']]))
    expect(decodePayload(payload, 'cbor').value).toEqual({ '1': 'one' })
  })

  it('says malformed CBOR is not valid and falls back to hex', () => {
    const d = decodePayload(bytes(0xa1, 0x61), 'cbor')
    expect(d.kind).toBe('hex')
    expect(d.text).toBe('a1 61')
    expect(d.note?.code).toBe('decode.invalidCbor')
    expect(d.note?.values?.error).toMatch(/.+/)
  })

  it('does not decode a cut-short payload and says so', () => {
    const d = decodePayload(cborEncode({ a: 1 }), 'cbor', 10_000)
    expect(d.kind).toBe('hex')
    expect(d.note).toEqual(
      coded('decode.twoNotes', {
        first: coded('decode.cborCut'),
        second: coded('decode.showing', { have: '4 B', total: '9.8 KB' }),
      }),
    )
  })
})

describe('MessagePack view', () => {
  it('decodes a map', () => {
    const payload = msgpackEncode({ id: 7, on: true, name: 'pump' })
    const d = decodePayload(payload, 'msgpack')
    expect(d.kind).toBe('msgpack')
    expect(d.value).toEqual({ id: 7, on: true, name: 'pump' })
    expect(d.text).toBe('{"id":7,"on":true,"name":"pump"}')
  })

  it('says malformed MessagePack is not valid and falls back to hex', () => {
    const d = decodePayload(bytes(0xc1), 'msgpack')
    expect(d.kind).toBe('hex')
    expect(d.note?.code).toBe('decode.invalidMsgpack')
  })

  it('rejects trailing bytes instead of ignoring them', () => {
    const d = decodePayload(bytes(0x01, 0x02), 'msgpack')
    expect(d.kind).toBe('hex')
  })
})

describe('Sparkplug B view', () => {
  const birth = encodeSparkplug({
    timestamp: 1_700_000_000_000,
    seq: 0,
    metrics: [
      { name: 'Temperature', alias: 1, datatype: 10, double: 21.5 },
      { name: 'Running', alias: 2, datatype: 11, boolean: true },
      { name: 'Count', alias: 3, datatype: 3, int: -5 >>> 0 },
      { name: 'Label', alias: 4, datatype: 12, string: 'north' },
      { name: 'Total', alias: 5, datatype: 8, long: 2n ** 63n },
    ],
  })
  const data = encodeSparkplug({
    seq: 1,
    metrics: [
      { alias: 1, datatype: 10, double: 22.25 },
      { alias: 2, datatype: 11, boolean: false },
    ],
  })

  it('decodes metrics with names, aliases, types and values', () => {
    const p = decodeSparkplug(birth)
    expect(p.timestamp).toBe(1_700_000_000_000)
    expect(p.seq).toBe(0)
    expect(p.metrics.map((m) => [m.name, m.alias, m.datatypeName, m.value])).toEqual([
      ['Temperature', 1, 'Double', 21.5],
      ['Running', 2, 'Boolean', true],
      ['Count', 3, 'Int32', -5],
      ['Label', 4, 'String', 'north'],
      ['Total', 5, 'UInt64', 2n ** 63n],
    ])
  })

  it('resolves aliases of a DATA message from the BIRTH before it', () => {
    const births = new SparkplugBirths(10)
    births.observe('spBv1.0/plant/NBIRTH/edge1', birth)
    const d = decodePayload(data, 'auto', data.length, true, {
      topic: 'spBv1.0/plant/NDATA/edge1',
      births: births.birthsFor('spBv1.0/plant/NDATA/edge1'),
    })
    expect(d.kind).toBe('sparkplug')
    expect(d.sparkplug?.metrics.map((m) => [m.name, m.alias, m.value, m.nameFromBirth])).toEqual([
      ['Temperature', 1, 22.25, true],
      ['Running', 2, false, true],
    ])
    expect(d.text).toBe('Temperature (Double) = 22.25\nRunning (Boolean) = false')
  })

  it('leaves aliases unnamed when no BIRTH was seen', () => {
    const d = decodePayload(data, 'sparkplug')
    expect(d.sparkplug?.metrics[0]?.name).toBeUndefined()
    expect(d.text).toContain('alias 1 (Double) = 22.25')
  })

  it('resolves device aliases from the DBIRTH first, then the NBIRTH', () => {
    const births = new SparkplugBirths(10)
    const dbirth = encodeSparkplug({ metrics: [{ name: 'Speed', alias: 1, datatype: 9 }] })
    births.observe('spBv1.0/plant/NBIRTH/edge1', birth)
    births.observe('spBv1.0/plant/DBIRTH/edge1/motor', dbirth)
    const d = decodePayload(data, 'sparkplug', data.length, true, {
      births: births.birthsFor('spBv1.0/plant/DDATA/edge1/motor'),
    })
    expect(d.sparkplug?.metrics.map((m) => m.name)).toEqual(['Speed', 'Running'])
  })

  it('remembers a bounded number of BIRTHs and counts the ones it forgot', () => {
    const births = new SparkplugBirths(2)
    for (const edge of ['a', 'b', 'c']) births.observe(`spBv1.0/g/NBIRTH/${edge}`, birth)
    births.observe('spBv1.0/g/NDATA/a', birth)
    expect(births.size).toBe(2)
    expect(births.evicted).toBe(1)
    expect(births.birthsFor('spBv1.0/g/NDATA/a')).toEqual([])
    expect(births.birthsFor('spBv1.0/g/NDATA/c')).toHaveLength(1)
  })

  it('says malformed Sparkplug B is not valid and falls back to hex', () => {
    const d = decodePayload(bytes(0x12, 0x05, 0x0a), 'sparkplug')
    expect(d.kind).toBe('hex')
    // A metric of 5 bytes announced in a payload of 3.
    expect(d.note).toEqual(
      coded('decode.invalidSparkplug', {
        error: coded('decode.sparkplugPastEnd', { end: 7, length: 3 }),
      }),
    )
  })

  it("names field 0 as invalid, and keeps the reader's own words for what is not protobuf", () => {
    expect(decodePayload(bytes(0x00), 'sparkplug').note).toEqual(
      coded('decode.invalidSparkplug', { error: coded('decode.sparkplugField0', { byte: 1 }) }),
    )
    // Field 1 as a length-delimited field whose length runs past the end: protobufjs throws.
    const note = decodePayload(bytes(0x0a, 0x09), 'sparkplug').note
    expect(note?.code).toBe('decode.invalidSparkplug')
    expect(note?.values?.error).toBeTypeOf('string')
  })

  it('notes a DataSet or Template value it does not unpack, and previews it as "…"', () => {
    const w = Writer.create()
    w.uint32((2 << 3) | 2).fork()
    w.uint32((1 << 3) | 2).string('table')
    w.uint32((4 << 3) | 0).uint32(16)
    w.uint32((17 << 3) | 2).bytes(new Uint8Array([1, 2, 3]))
    w.ldelim()
    w.uint32((2 << 3) | 2).fork()
    w.uint32((1 << 3) | 2).string('udt')
    w.uint32((4 << 3) | 0).uint32(19)
    w.uint32((18 << 3) | 2).bytes(new Uint8Array([4]))
    w.ldelim()
    const d = decodePayload(new Uint8Array(w.finish()), 'sparkplug')
    const [table, udt] = d.sparkplug?.metrics ?? []
    expect(table?.valueNote).toEqual(coded('decode.sparkplugDataSet'))
    expect(udt?.valueNote).toEqual(coded('decode.sparkplugTemplate'))
    expect(table && formatSparkplugValue(table)).toBe('\u2026')
    expect(d.text).toBe('table (DataSet) = \u2026; udt (Template) = \u2026')
  })

  it('parses the topic namespace', () => {
    expect(parseSparkplugTopic('spBv1.0/g/DDATA/e/d')).toEqual({
      group: 'g',
      type: 'DDATA',
      edge: 'e',
      device: 'd',
    })
    expect(parseSparkplugTopic('spBv1.0/g')).toBeUndefined()
    expect(parseSparkplugTopic('other/g/NDATA/e')).toBeUndefined()
  })
})

describe('Image view', () => {
  it('recognises PNG and JPEG magic bytes', () => {
    expect(imageMime(PNG)).toBe('image/png')
    expect(imageMime(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg')
    expect(imageMime(bytes(0x89, 0x50))).toBeUndefined()
  })

  it('falls back to hex for what is not an image', () => {
    const d = decodePayload(bytes(1, 2, 3), 'image')
    expect(d).toEqual({
      kind: 'hex',
      text: '01 02 03',
      note: coded('decode.notImage'),
    })
  })
})

describe('auto-detection', () => {
  const auto = (b: Uint8Array, topic?: string) =>
    decodePayload(b, 'auto', b.length, true, topic === undefined ? {} : { topic })

  it('keeps a plain number as text, never an object', () => {
    expect(auto(utf8.encode('42'))).toEqual({ kind: 'text', text: '42' })
    expect(auto(utf8.encode('-1.5e3'))).toEqual({ kind: 'text', text: '-1.5e3' })
  })

  it('keeps an empty payload empty', () => {
    expect(auto(bytes())).toEqual({ kind: 'empty', text: '(empty)' })
    expect(auto(bytes(), 'spBv1.0/g/NDATA/e').kind).toBe('empty')
  })

  it('keeps the word "empty" as text', () => {
    expect(auto(utf8.encode('empty'))).toEqual({ kind: 'text', text: 'empty' })
  })

  it('pretty-prints JSON objects', () => {
    expect(auto(utf8.encode('{"a":1}'))).toEqual({ kind: 'json', text: '{\n  "a": 1\n}' })
  })

  it('shows UTF-8 as text', () => {
    expect(auto(utf8.encode('hello')).kind).toBe('text')
  })

  it('shows other binary as hex, without guessing CBOR or MessagePack', () => {
    expect(auto(cborEncode({ a: 1 })).kind).toBe('hex')
    expect(auto(msgpackEncode([1, 2, 3])).kind).toBe('hex')
  })

  it('decodes a spBv1.0 topic as Sparkplug B', () => {
    const p = encodeSparkplug({ metrics: [{ name: 'x', datatype: 3, int: 1 }] })
    expect(auto(p, 'spBv1.0/g/NDATA/e').kind).toBe('sparkplug')
    expect(auto(p, 'other/topic').kind).toBe('hex')
  })

  it('shows PNG magic as an image', () => {
    expect(auto(PNG)).toEqual({ kind: 'image', text: 'PNG image', mime: 'image/png' })
  })

  it('never throws on random bytes in any format', () => {
    let seed = 1
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % 256)
    for (let i = 0; i < 300; i++) {
      const b = Uint8Array.from({ length: 1 + (i % 40) }, rnd)
      for (const f of PAYLOAD_FORMATS)
        expect(() => decodePayload(b, f, b.length, true)).not.toThrow()
    }
  })
})
