import { describe, expect, it } from 'vitest'
import { Root, parse } from 'protobufjs'
import { compileSchemaSet } from './protobufSchema'
import {
  DecodeOnce,
  decodedNumber,
  decodedNumericLeaves,
  decodedSeriesKey,
  extractDecodedNumber,
  type DecodedSeriesSource,
} from './decodedNumeric'

const PROTO = {
  name: 'm.proto',
  text: `syntax = "proto3";
package m;
enum Mode { OFF = 0; ON = 1; }
message Sample { string name = 1; double value = 2; }
message Frame {
  int64 counter = 1;
  repeated Sample samples = 2;
  Mode mode = 3;
  bool alarm = 4;
}`,
}

function frameBytes(object: Record<string, unknown>): Uint8Array {
  const root = new Root()
  parse(PROTO.text, root, { keepCase: true })
  const t = root.lookupType('m.Frame')
  return t.encode(t.fromObject(object)).finish()
}

describe('numbers from decoded protobuf values', () => {
  const set = compileSchemaSet([PROTO])
  if (!set.ok) throw new Error(JSON.stringify(set.errors))
  const codec = set.set.codec('m.Frame')
  if (!codec.ok) throw new Error(codec.error.code)
  const decode = (p: Uint8Array) => codec.codec.decode(p)
  const decoder = { kind: 'protobuf', schemaId: set.set.id, type: 'm.Frame' } as const
  const series = (path: string): DecodedSeriesSource => ({
    kind: 'decoded',
    topic: 't',
    decoder,
    path,
  })

  it('reads a field by the JSON path rules, int64 strings and booleans included', () => {
    const payload = frameBytes({
      counter: '9007199254740993',
      samples: [
        { name: 'a', value: 1.5 },
        { name: 'b', value: -2 },
      ],
      mode: 1,
      alarm: true,
    })
    expect(extractDecodedNumber(series('samples[1].value'), payload, decode)).toBe(-2)
    expect(extractDecodedNumber(series('counter'), payload, decode)).toBe(9007199254740992)
    expect(extractDecodedNumber(series('alarm'), payload, decode)).toBe(1)
    // An enum name is text, not a number; a missing path is no value.
    expect(extractDecodedNumber(series('mode'), payload, decode)).toBeUndefined()
    expect(extractDecodedNumber(series('samples[5].value'), payload, decode)).toBeUndefined()
  })

  it('charts a field at its default value as zero (proto3 leaves it off the wire)', () => {
    expect(extractDecodedNumber(series('counter'), frameBytes({}), decode)).toBe(0)
  })

  it('gives no value for a payload that does not decode', () => {
    expect(extractDecodedNumber(series('counter'), Uint8Array.from([0x0f]), decode)).toBeUndefined()
  })

  it('decodes a message once for several series of it', () => {
    let calls = 0
    const counting = (p: Uint8Array) => {
      calls++
      return decode(p)
    }
    const once = new DecodeOnce()
    const payload = frameBytes({ counter: 3, samples: [{ value: 4 }] })
    expect(extractDecodedNumber(series('counter'), payload, counting, once)).toBe(3)
    expect(extractDecodedNumber(series('samples[0].value'), payload, counting, once)).toBe(4)
    expect(calls).toBe(1)
    extractDecodedNumber(series('counter'), frameBytes({ counter: 5 }), counting, once)
    expect(calls).toBe(2)
  })

  it('lists numeric fields and keys series by decoder and path', () => {
    const decoded = decode(frameBytes({ counter: 2, samples: [{ name: 'x', value: 7 }] }))
    if (!decoded.ok) throw new Error(decoded.error.code)
    // Order is protobufjs' (repeated fields first); the list is what matters.
    const leaves = decodedNumericLeaves(decoded.value, 10).sort((a, b) =>
      a.path.localeCompare(b.path),
    )
    expect(leaves).toEqual([
      { path: 'alarm', value: 0 },
      { path: 'counter', value: 2 },
      { path: 'samples[0].value', value: 7 },
    ])
    expect(decodedNumber(42)).toBe(42)
    expect(decodedSeriesKey(series('counter'))).toBe(`decoded:t|pb:${set.set.id}:m.Frame|counter|`)
    expect(decodedSeriesKey(series('counter'))).not.toBe(
      decodedSeriesKey({
        ...series('counter'),
        decoder: { kind: 'script', scriptId: 's', sourceHash: '1' },
      }),
    )
  })
})
