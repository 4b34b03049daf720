import { describe, expect, it } from 'vitest'
import {
  BINARY_NUMBERS,
  extractNumber,
  numericLeaves,
  numericValue,
  parseNumericText,
  parsePath,
  readBinaryNumber,
  valueAtPath,
} from './numeric'

const utf8 = new TextEncoder()
const bytes = (...b: number[]) => Uint8Array.from(b)

describe('parseNumericText', () => {
  it('reads decimal numbers, with surrounding whitespace', () => {
    expect(parseNumericText('21.5')).toBe(21.5)
    expect(parseNumericText(' 21.5 ')).toBe(21.5)
    expect(parseNumericText('\t42\n')).toBe(42)
    expect(parseNumericText('-3')).toBe(-3)
    expect(parseNumericText('+7')).toBe(7)
    expect(parseNumericText('1e3')).toBe(1000)
    expect(parseNumericText('2.5E-2')).toBe(0.025)
    expect(parseNumericText('.5')).toBe(0.5)
    expect(parseNumericText('5.')).toBe(5)
  })

  it('reads true and false as 1 and 0', () => {
    expect(parseNumericText('true')).toBe(1)
    expect(parseNumericText('false')).toBe(0)
    expect(parseNumericText(' true ')).toBe(1)
  })

  it('rejects text that a person would not read as a number', () => {
    for (const text of ['', '   ', 'abc', '12abc', '0x1F', '1_000', '1,5', '--1', '.', 'e5', '1e'])
      expect(parseNumericText(text), text).toBeUndefined()
  })

  it('rejects NaN and the infinities', () => {
    for (const text of ['NaN', 'Infinity', '-Infinity', '+Infinity'])
      expect(parseNumericText(text), text).toBeUndefined()
  })

  it('rejects a decimal that overflows to infinity but accepts a huge finite one', () => {
    expect(parseNumericText('1e999')).toBeUndefined()
    expect(parseNumericText('-1e999')).toBeUndefined()
    expect(parseNumericText('1e308')).toBe(1e308)
    expect(parseNumericText('-1.7976931348623157e308')).toBe(-Number.MAX_VALUE)
  })
})

describe('numericValue', () => {
  it('keeps finite numbers and drops NaN and the infinities', () => {
    expect(numericValue(3.25)).toBe(3.25)
    expect(numericValue(-0.5)).toBe(-0.5)
    expect(numericValue(Number.MAX_VALUE)).toBe(Number.MAX_VALUE)
    expect(numericValue(NaN)).toBeUndefined()
    expect(numericValue(Infinity)).toBeUndefined()
    expect(numericValue(-Infinity)).toBeUndefined()
  })

  it('reads numeric strings and booleans', () => {
    expect(numericValue('21.5')).toBe(21.5)
    expect(numericValue(' 7 ')).toBe(7)
    expect(numericValue('abc')).toBeUndefined()
    expect(numericValue('NaN')).toBeUndefined()
    expect(numericValue(true)).toBe(1)
    expect(numericValue(false)).toBe(0)
  })

  it('gives nothing for null, undefined, objects and arrays', () => {
    for (const value of [null, undefined, {}, { a: 1 }, [], [1], 10n])
      expect(numericValue(value)).toBeUndefined()
  })
})

describe('parsePath and valueAtPath', () => {
  const doc = {
    a: { b: [{ c: 5 }, { c: 6 }] },
    m: [
      [1, 2],
      [3, 4],
    ],
    air: { co2: 412 },
  }

  it('splits dotted and bracketed paths into the same keys', () => {
    expect(parsePath('a.b[0].c')).toEqual(['a', 'b', '0', 'c'])
    expect(parsePath('a.b.0.c')).toEqual(['a', 'b', '0', 'c'])
    expect(parsePath('m[1][0]')).toEqual(['m', '1', '0'])
    expect(parsePath('air.co2')).toEqual(['air', 'co2'])
    expect(parsePath('')).toEqual([])
  })

  it('finds values with either notation', () => {
    expect(valueAtPath(doc, 'a.b[0].c')).toBe(5)
    expect(valueAtPath(doc, 'a.b.1.c')).toBe(6)
    expect(valueAtPath(doc, 'air.co2')).toBe(412)
  })

  it('finds values in nested arrays', () => {
    expect(valueAtPath(doc, 'm[1][0]')).toBe(3)
    expect(valueAtPath(doc, 'm[0][1]')).toBe(2)
    expect(valueAtPath(doc, 'm.1.1')).toBe(4)
  })

  it('gives undefined for missing keys and for paths through scalars', () => {
    expect(valueAtPath(doc, 'a.x.c')).toBeUndefined()
    expect(valueAtPath(doc, 'a.b[5].c')).toBeUndefined()
    expect(valueAtPath(doc, 'air.co2.value')).toBeUndefined()
    expect(valueAtPath(null, 'a')).toBeUndefined()
    expect(valueAtPath(42, 'a')).toBeUndefined()
  })

  it('gives the document itself for an empty path', () => {
    expect(valueAtPath(doc, '')).toBe(doc)
  })
})

describe('readBinaryNumber', () => {
  it('reads signed and unsigned bytes', () => {
    expect(readBinaryNumber(bytes(0xff), 'int8')).toBe(-1)
    expect(readBinaryNumber(bytes(0xff), 'uint8')).toBe(255)
    expect(readBinaryNumber(bytes(0x7f, 0xff), 'int8')).toBe(127)
  })

  it('honours the byte order of 16-bit and 32-bit integers', () => {
    expect(readBinaryNumber(bytes(0x01, 0x02), 'uint16le')).toBe(0x0201)
    expect(readBinaryNumber(bytes(0x01, 0x02), 'uint16be')).toBe(0x0102)
    expect(readBinaryNumber(bytes(0xfe, 0xff), 'int16le')).toBe(-2)
    expect(readBinaryNumber(bytes(0xff, 0xfe), 'int16be')).toBe(-2)
    expect(readBinaryNumber(bytes(0x01, 0x00, 0x00, 0x00), 'uint32le')).toBe(1)
    expect(readBinaryNumber(bytes(0x01, 0x00, 0x00, 0x00), 'uint32be')).toBe(0x01000000)
    expect(readBinaryNumber(bytes(0xff, 0xff, 0xff, 0xff), 'uint32be')).toBe(4294967295)
    expect(readBinaryNumber(bytes(0xff, 0xff, 0xff, 0xff), 'int32le')).toBe(-1)
    expect(readBinaryNumber(bytes(0x80, 0x00, 0x00, 0x00), 'int32be')).toBe(-2147483648)
  })

  it('reads floats in both byte orders', () => {
    const f32 = new DataView(new ArrayBuffer(4))
    f32.setFloat32(0, 1.5, true)
    const le32 = new Uint8Array(f32.buffer.slice(0))
    expect(readBinaryNumber(le32, 'float32le')).toBe(1.5)
    expect(readBinaryNumber(le32.slice().reverse(), 'float32be')).toBe(1.5)
    const f64 = new DataView(new ArrayBuffer(8))
    f64.setFloat64(0, -21.125, false)
    const be64 = new Uint8Array(f64.buffer)
    expect(readBinaryNumber(be64, 'float64be')).toBe(-21.125)
    expect(readBinaryNumber(be64.slice().reverse(), 'float64le')).toBe(-21.125)
  })

  it('reads from a view into a larger buffer at its own offset', () => {
    const backing = bytes(0xaa, 0xbb, 0x34, 0x12, 0xcc)
    expect(readBinaryNumber(backing.subarray(2, 4), 'uint16le')).toBe(0x1234)
  })

  it('gives undefined for payloads shorter than the type', () => {
    expect(readBinaryNumber(new Uint8Array(0), 'uint8')).toBeUndefined()
    expect(readBinaryNumber(bytes(1), 'int16le')).toBeUndefined()
    expect(readBinaryNumber(bytes(1, 2, 3), 'uint32be')).toBeUndefined()
    expect(readBinaryNumber(bytes(1, 2, 3, 4, 5, 6, 7), 'float64le')).toBeUndefined()
    // A view whose buffer is long enough but which itself is too short.
    expect(readBinaryNumber(bytes(1, 2, 3, 4).subarray(3), 'int16be')).toBeUndefined()
    for (const kind of BINARY_NUMBERS)
      expect(readBinaryNumber(new Uint8Array(0), kind), kind).toBeUndefined()
  })

  it('gives undefined for NaN and infinite floats', () => {
    const nan = new DataView(new ArrayBuffer(4))
    nan.setFloat32(0, NaN, true)
    expect(readBinaryNumber(new Uint8Array(nan.buffer), 'float32le')).toBeUndefined()
    const inf = new DataView(new ArrayBuffer(8))
    inf.setFloat64(0, -Infinity, false)
    expect(readBinaryNumber(new Uint8Array(inf.buffer), 'float64be')).toBeUndefined()
  })
})

describe('extractNumber', () => {
  it('reads the whole payload as text without a path', () => {
    expect(extractNumber(utf8.encode('21.5'))).toBe(21.5)
    expect(extractNumber(utf8.encode(' 12 \n'))).toBe(12)
    expect(extractNumber(utf8.encode('true'))).toBe(1)
    expect(extractNumber(utf8.encode('on'))).toBeUndefined()
    expect(extractNumber(new Uint8Array(0))).toBeUndefined()
  })

  it('reads a JSON number at the root as the whole payload', () => {
    expect(extractNumber(utf8.encode('42'))).toBe(42)
    expect(extractNumber(utf8.encode('-1.5e2'))).toBe(-150)
  })

  it('reads a number at a JSON path', () => {
    const payload = utf8.encode('{"air":{"co2":412,"temp":"21.5"},"values":[1,2,3],"on":true}')
    expect(extractNumber(payload, 'air.co2')).toBe(412)
    expect(extractNumber(payload, 'air.temp')).toBe(21.5)
    expect(extractNumber(payload, 'values[2]')).toBe(3)
    expect(extractNumber(payload, 'on')).toBe(1)
    expect(extractNumber(payload, 'air')).toBeUndefined()
    expect(extractNumber(payload, 'missing')).toBeUndefined()
  })

  it('gives undefined for invalid JSON when a path is set', () => {
    expect(extractNumber(utf8.encode('{"a":1'), 'a')).toBeUndefined()
    expect(extractNumber(utf8.encode('21.5'), 'a')).toBeUndefined()
    expect(extractNumber(utf8.encode('not json'), 'a')).toBeUndefined()
  })

  it('reads binary when a binary kind is set, even with a path', () => {
    expect(extractNumber(bytes(0x00, 0x10), undefined, 'uint16be')).toBe(16)
    expect(extractNumber(bytes(0x00, 0x10), 'a.b', 'uint16le')).toBe(0x1000)
    expect(extractNumber(utf8.encode('5'), undefined, 'uint8')).toBe(0x35)
    expect(extractNumber(bytes(1), undefined, 'int32le')).toBeUndefined()
  })
})

describe('numericLeaves', () => {
  const doc = {
    id: 'sensor-1',
    a: 1,
    b: { c: '2.5', d: true, e: 'x', f: null, g: {} },
    values: [10, 20, 30],
    m: [[1, 2], [3]],
    bad: 'NaN',
  }

  it('lists numeric leaves depth first with their paths', () => {
    expect(numericLeaves(doc, 100)).toEqual([
      { path: 'a', value: 1 },
      { path: 'b.c', value: 2.5 },
      { path: 'b.d', value: 1 },
      { path: 'values[0]', value: 10 },
      { path: 'values[1]', value: 20 },
      { path: 'values[2]', value: 30 },
      { path: 'm[0][0]', value: 1 },
      { path: 'm[0][1]', value: 2 },
      { path: 'm[1][0]', value: 3 },
    ])
  })

  it('gives paths that lead back to their values', () => {
    for (const leaf of numericLeaves(doc, 100))
      expect(numericValue(valueAtPath(doc, leaf.path)), leaf.path).toBe(leaf.value)
  })

  it('lists leaves of a root array', () => {
    const leaves = numericLeaves([5, { t: 6 }], 10)
    expect(leaves).toEqual([
      { path: '[0]', value: 5 },
      { path: '[1].t', value: 6 },
    ])
    expect(valueAtPath([5, { t: 6 }], '[1].t')).toBe(6)
  })

  it('stops at the limit', () => {
    const big = { values: Array.from({ length: 500 }, (_, i) => i), more: { x: 1 } }
    const leaves = numericLeaves(big, 200)
    expect(leaves).toHaveLength(200)
    expect(leaves[199]).toEqual({ path: 'values[199]', value: 199 })
    expect(numericLeaves(big, 0)).toEqual([])
  })

  it('skips documents without numeric leaves', () => {
    expect(numericLeaves({ a: 'x', b: [null, 'y'], c: {} }, 10)).toEqual([])
    expect(numericLeaves('text', 10)).toEqual([])
    expect(numericLeaves(null, 10)).toEqual([])
  })
})
