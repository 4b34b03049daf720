import { describe, expect, it } from 'vitest'
import { Root, parse } from 'protobufjs'
import { PROTO_FILES_PER_SET, PROTO_FILE_MAX_CHARS } from '../engine/budgets'
import { compileSchemaSet, resolveImport, schemaSetId, type ProtoFile } from './protobufSchema'
import { describeSchemaSet, readStoredSchemaSet } from './protobufStored'

const COMMON: ProtoFile = {
  name: 'acme/common.proto',
  text: `syntax = "proto3";
package acme.common;

enum Unit {
  UNIT_UNSPECIFIED = 0;
  CELSIUS = 1;
  WATT = 2;
}

message Quantity {
  double value = 1;
  Unit unit = 2;
}
`,
}

const METER: ProtoFile = {
  name: 'meter.proto',
  text: `syntax = "proto3";
package acme.meter;

import "acme/common.proto";
import "google/protobuf/timestamp.proto";

// One reading of a meter, with nested channels.
message Reading {
  message Channel {
    string name = 1;
    acme.common.Quantity quantity = 2;
  }
  uint64 seq = 1;
  int64 delta = 2;
  bytes raw = 3;
  repeated Channel channels = 4;
  repeated sint32 samples = 5;
  google.protobuf.Timestamp at = 6;
  map<string, int32> counters = 7;
  oneof source {
    string device = 8;
    uint32 gateway = 9;
  }
  bool ok = 10;
  float ratio = 11;
  acme.common.Unit main_unit = 12;
}
`,
}

const FILES = [COMMON, METER]

/** Google's Timestamp as a device's own build would declare it (not the app's bundled copy). */
const TIMESTAMP_JSON = {
  google: {
    nested: {
      protobuf: {
        nested: {
          Timestamp: {
            fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } },
          },
        },
      },
    },
  },
}

/** A separate protobufjs root over the same texts, standing in for a device's firmware. */
function foreignRoot(): Root {
  const root = new Root()
  for (const f of FILES) parse(f.text, root, { keepCase: true })
  root.addJSON(TIMESTAMP_JSON)
  root.resolveAll()
  return root
}

/** Encodes as a device would, not with the codec under test. */
function foreignEncode(type: string, object: Record<string, unknown>): Uint8Array {
  const t = foreignRoot().lookupType(type)
  return t.encode(t.fromObject(object)).finish()
}

function compiled() {
  const result = compileSchemaSet(FILES)
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result.set
}

describe('compileSchemaSet', () => {
  it('resolves an import between two files and the bundled google types, and lists message types', () => {
    const set = compiled()
    expect(set.messageTypes).toEqual([
      'acme.common.Quantity',
      'acme.meter.Reading',
      'acme.meter.Reading.Channel',
    ])
  })

  it('decodes nested messages, enums, repeated fields, int64, bytes, maps, oneofs and Timestamp', () => {
    const set = compiled()
    const codec = set.codec('acme.meter.Reading')
    if (!codec.ok) throw new Error(codec.error.code)
    const bytes = foreignEncode('acme.meter.Reading', {
      seq: '18446744073709551615',
      delta: '-9007199254740993',
      raw: Uint8Array.from([0xde, 0xad, 0xbe, 0xef]),
      channels: [
        { name: 'l1', quantity: { value: 230.5, unit: 2 } },
        { name: 'temp', quantity: { value: -3.25, unit: 1 } },
      ],
      samples: [-1, 0, 70000],
      at: { seconds: 1_700_000_000, nanos: 5 },
      counters: { resets: 3 },
      gateway: 7,
      ok: true,
      ratio: 0.5,
    })
    const decoded = codec.codec.decode(bytes)
    expect(decoded).toEqual({
      ok: true,
      value: {
        seq: '18446744073709551615',
        delta: '-9007199254740993',
        raw: '3q2+7w==',
        channels: [
          { name: 'l1', quantity: { value: 230.5, unit: 'WATT' } },
          { name: 'temp', quantity: { value: -3.25, unit: 'CELSIUS' } },
        ],
        samples: [-1, 0, 70000],
        at: { seconds: '1700000000', nanos: 5 },
        counters: { resets: 3 },
        gateway: 7,
        ok: true,
        ratio: 0.5,
        // Defaults are present, so a value that reaches zero still charts (oneof members
        // other than the one set stay absent).
        main_unit: 'UNIT_UNSPECIFIED',
      },
    })
  })

  it('decodes bytes laid out by hand per the wire format (not only what protobufjs wrote)', () => {
    const codec = compiled().codec('acme.common.Quantity')
    if (!codec.ok) throw new Error(codec.error.code)
    const double = new Uint8Array(new Float64Array([21.5]).buffer)
    const bytes = Uint8Array.from([0x09, ...double, 0x10, 0x01])
    expect(codec.codec.decode(bytes)).toEqual({ ok: true, value: { value: 21.5, unit: 'CELSIUS' } })
  })

  it('reports decode failures per message as codes, never throws', () => {
    const codec = compiled().codec('acme.meter.Reading')
    if (!codec.ok) throw new Error(codec.error.code)
    const good = foreignEncode('acme.meter.Reading', { channels: [{ name: 'abcdef' }] })
    expect(codec.codec.decode(good.subarray(0, good.length - 2))).toEqual({
      ok: false,
      error: { code: 'protobuf.decode.truncated', values: { type: 'acme.meter.Reading' } },
    })
    const wire = codec.codec.decode(Uint8Array.from([0x0f, 0x01]))
    expect(wire).toMatchObject({
      ok: false,
      error: { code: 'protobuf.decode.invalidWireType', values: { wireType: 7 } },
    })
    expect(codec.codec.decode(good.subarray(0, 3), good.length)).toEqual({
      ok: false,
      error: {
        code: 'protobuf.decode.cutShort',
        values: { type: 'acme.meter.Reading', have: 3, size: good.length },
      },
    })
  })

  it('encodes JSON to bytes that a foreign decoder reads back', () => {
    const codec = compiled().codec('acme.meter.Reading')
    if (!codec.ok) throw new Error(codec.error.code)
    const encoded = codec.codec.encodeText(
      JSON.stringify({
        seq: '12345678901234567890',
        channels: [{ name: 'x', quantity: { value: 1.5, unit: 'WATT' } }],
        mainUnit: 'CELSIUS',
        raw: 'AAE=',
        counters: { a: 1 },
        device: 'd1',
      }),
    )
    if (!encoded.ok) throw new Error(JSON.stringify(encoded.error))
    const t = foreignRoot().lookupType('acme.meter.Reading')
    const back = t.toObject(t.decode(encoded.bytes), { longs: String, enums: String })
    expect(back).toMatchObject({
      seq: '12345678901234567890',
      channels: [{ name: 'x', quantity: { value: 1.5, unit: 'WATT' } }],
      main_unit: 'CELSIUS',
      counters: { a: 1 },
      device: 'd1',
    })
    expect([...(back.raw as Uint8Array)]).toEqual([0, 1])
  })

  it('refuses JSON that does not fit the type, with the path and the expected type', () => {
    const codec = compiled().codec('acme.meter.Reading')
    if (!codec.ok) throw new Error(codec.error.code)
    const c = codec.codec
    expect(c.encode({ sequence: 1 })).toEqual({
      ok: false,
      error: {
        code: 'protobuf.encode.unknownField',
        values: { path: 'sequence', type: 'acme.meter.Reading' },
      },
    })
    expect(c.encode({ channels: [{ quantity: { value: 'hot' } }] })).toMatchObject({
      error: {
        code: 'protobuf.encode.wrongType',
        values: { path: 'channels[0].quantity.value', expected: 'double' },
      },
    })
    expect(c.encode({ samples: [1, 2 ** 40] })).toMatchObject({
      error: { code: 'protobuf.encode.outOfRange', values: { path: 'samples[1]' } },
    })
    expect(c.encode({ main_unit: 'KELVIN' })).toMatchObject({
      error: { code: 'protobuf.encode.unknownEnumValue', values: { value: 'KELVIN' } },
    })
    expect(c.encode({ device: 'a', gateway: 2 })).toMatchObject({
      error: { code: 'protobuf.encode.oneofConflict', values: { oneof: 'source' } },
    })
    expect(c.encode({ raw: 'not base64!' })).toMatchObject({
      error: { code: 'protobuf.encode.invalidBase64', values: { path: 'raw' } },
    })
    expect(c.encode([1])).toMatchObject({ error: { code: 'protobuf.encode.wrongType' } })
    expect(c.encodeText('{"seq": 1,\n "ok": true,}')).toEqual({
      ok: false,
      error: { code: 'protobuf.encode.invalidJson', values: { line: 2, column: 13 } },
    })
  })

  it('reports an invalid .proto with file, line and column', () => {
    const broken: ProtoFile = {
      name: 'broken.proto',
      text: 'syntax = "proto3";\nmessage A {\n  int32 x = 1\n  int32 y = 2;\n}\n',
    }
    expect(compileSchemaSet([broken])).toEqual({
      ok: false,
      errors: [
        {
          code: 'protobuf.syntaxExpected',
          values: { file: 'broken.proto', line: 4, column: 3, token: 'int32', expected: ';' },
        },
      ],
    })
    const unexpected: ProtoFile = {
      name: 'u.proto',
      text: 'syntax = "proto3";\nmessage A {\n  int32 x = 1;\n  }}\n',
    }
    const result = compileSchemaSet([unexpected])
    expect(result).toMatchObject({
      ok: false,
      errors: [{ code: 'protobuf.syntax', values: { file: 'u.proto', line: 4, column: 4 } }],
    })
    const cut: ProtoFile = {
      name: 'cut.proto',
      text: 'syntax = "proto3";\nmessage A {\n int32 x = 1;\n',
    }
    expect(compileSchemaSet([cut])).toMatchObject({
      ok: false,
      errors: [
        { code: 'protobuf.unexpectedEnd', values: { file: 'cut.proto', line: 3, column: 14 } },
      ],
    })
  })

  it('finds the line of a duplicate name, which protobufjs reports without one', () => {
    const dup: ProtoFile = {
      name: 'dup.proto',
      text: 'syntax = "proto3";\nmessage A {\n  int32 x = 1;\n  string x = 2;\n}\n',
    }
    expect(compileSchemaSet([dup])).toEqual({
      ok: false,
      errors: [
        {
          code: 'protobuf.duplicateName',
          values: { file: 'dup.proto', name: 'x', line: 4, column: 10 },
        },
      ],
    })
  })

  it('names a missing import and an unknown type with the file that uses it', () => {
    expect(compileSchemaSet([METER])).toEqual({
      ok: false,
      errors: [
        {
          code: 'protobuf.missingImport',
          values: { file: 'meter.proto', import: 'acme/common.proto' },
        },
      ],
    })
    const unknown: ProtoFile = {
      name: 'u.proto',
      text: 'syntax = "proto3";\npackage p;\nmessage A { Missing m = 1; }\n',
    }
    expect(compileSchemaSet([unknown])).toEqual({
      ok: false,
      errors: [
        { code: 'protobuf.unknownType', values: { file: 'u.proto', name: 'Missing', in: 'p.A' } },
      ],
    })
  })

  it('says when a type is not found or is an enum', () => {
    const set = compiled()
    expect(set.codec('acme.meter.Nope')).toEqual({
      ok: false,
      error: { code: 'protobuf.typeNotFound', values: { type: 'acme.meter.Nope' } },
    })
    expect(set.codec('acme.common.Unit')).toMatchObject({ error: { code: 'protobuf.notAMessage' } })
    expect(set.codec('.acme.common.Quantity').ok).toBe(true)
  })

  it('resolves an import to a picked file that has only its base name', () => {
    const picked = [{ ...COMMON, name: 'common.proto' }, METER]
    expect(resolveImport('acme/common.proto', picked)?.name).toBe('common.proto')
    expect(compileSchemaSet(picked).ok).toBe(true)
  })

  it('bounds the set: file count, file size, duplicate and empty names', () => {
    const many = Array.from({ length: PROTO_FILES_PER_SET + 1 }, (_, i) => ({
      name: `f${i}.proto`,
      text: '',
    }))
    expect(compileSchemaSet(many)).toMatchObject({ errors: [{ code: 'protobuf.tooManyFiles' }] })
    expect(compileSchemaSet([])).toMatchObject({ errors: [{ code: 'protobuf.noFiles' }] })
    const big = { name: 'big.proto', text: ' '.repeat(PROTO_FILE_MAX_CHARS + 1) }
    expect(compileSchemaSet([big])).toMatchObject({ errors: [{ code: 'protobuf.fileTooLarge' }] })
    expect(compileSchemaSet([COMMON, COMMON])).toMatchObject({
      errors: [{ code: 'protobuf.duplicateFile' }],
    })
  })

  it('caches compiled sets by content', () => {
    const a = compileSchemaSet(FILES)
    const b = compileSchemaSet(FILES.map((f) => ({ ...f })))
    expect(a.ok && b.ok && a.set === b.set).toBe(true)
    const changed = [COMMON, { ...METER, text: METER.text + '\n// changed\n' }]
    expect(schemaSetId(changed)).not.toBe(schemaSetId(FILES))
  })
})

describe('stored schema sets', () => {
  it('round-trips through JSON and rebuilds the same set', () => {
    const stored = JSON.parse(
      JSON.stringify(describeSchemaSet(FILES, ['acme.meter.Reading'])),
    ) as unknown
    const read = readStoredSchemaSet(stored)
    if (!read.ok) throw new Error(read.error.code)
    const rebuilt = compileSchemaSet(read.value.files)
    expect(rebuilt.ok && rebuilt.set.id).toBe(schemaSetId(FILES))
    expect(read.value.types).toEqual(['acme.meter.Reading'])
  })

  it('reads damaged or foreign data as a code', () => {
    expect(readStoredSchemaSet('x')).toEqual({
      ok: false,
      error: { code: 'protobuf.stored.damaged' },
    })
    expect(readStoredSchemaSet({ version: 9, files: [], types: [] })).toEqual({
      ok: false,
      error: { code: 'protobuf.stored.version', values: { version: 9 } },
    })
    expect(
      readStoredSchemaSet({ version: 1, files: [{ name: 'a.proto', text: 3 }], types: [] }),
    ).toMatchObject({ ok: false, error: { code: 'protobuf.stored.damaged' } })
  })
})
