import { beforeEach, describe, expect, it, vi } from 'vitest'
import { decodePayload } from '../codecs/payload'
import { compiledSetCount, schemaSetId } from '../codecs/protobufSchema'
import { parseProfilesFile, serializeProfiles } from '../features/profiles/profileFiles'
import { PRESETS } from './profileModel'
import { useDecoderStore } from './decoderStore'
import { protobufForTopic, protoRefFor, useSchemaStore } from './schemaStore'

const FILES = [
  {
    name: 'a.proto',
    text: 'syntax = "proto3";\npackage t;\nimport "b.proto";\nmessage A { B b = 1; }',
  },
  { name: 'b.proto', text: 'syntax = "proto3";\npackage t;\nmessage B { int32 n = 1; }' },
]

beforeEach(() => {
  localStorage.clear()
  useDecoderStore.setState({ bindings: [], notice: undefined })
  useSchemaStore.setState({ sets: [], bindings: [], notice: undefined })
})

describe('schema store', () => {
  it('compiles the bound types of sets read from storage while idle, before any message', async () => {
    // As loaded at start-up: texts and bindings, never compiled on this page.
    const files = [{ name: 'w.proto', text: 'syntax = "proto3";\nmessage W { int32 n = 1; }' }]
    const id = schemaSetId(files)
    const before = compiledSetCount()
    useSchemaStore.setState({
      sets: [{ id, files }],
      bindings: [{ filter: 'w/#', schemaId: id, type: 'W' }],
    })
    expect(compiledSetCount()).toBe(before)
    await vi.waitFor(() => expect(compiledSetCount()).toBe(before + 1))
  })

  it('binds a type to a filter; the page decodes matching topics with it, others not', () => {
    const added = useSchemaStore.getState().addSchema(FILES)
    expect(added).toMatchObject({ ok: true, types: ['t.A', 't.B'] })
    if (!added.ok) return
    expect(useSchemaStore.getState().bindType('dev/+', added.id, 't.A')).toBeUndefined()
    expect(useDecoderStore.getState().bindings).toEqual([{ filter: 'dev/+', format: 'protobuf' }])
    expect(protoRefFor('dev/1')).toEqual({ schemaId: added.id, type: 't.A' })
    expect(protoRefFor('other/1')).toBeUndefined()
    const view = decodePayload(new Uint8Array([0x0a, 0x02, 0x08, 0x05]), 'auto', 4, false, {
      topic: 'dev/1',
    })
    // decodePayload's Auto never looks bindings up (effectiveFormat does, before it).
    expect(view.kind).not.toBe('protobuf')
    const bound = decodePayload(new Uint8Array([0x0a, 0x02, 0x08, 0x05]), 'protobuf', 4, false, {
      topic: 'dev/1',
    })
    expect(bound).toMatchObject({ kind: 'protobuf', value: { b: { n: 5 } } })
    const encoded = protobufForTopic('dev/9')
    const bytes = encoded.ok ? encoded.codec.encodeText('{"b":{"n":5}}') : undefined
    expect(bytes?.ok && [...bytes.bytes]).toEqual([0x0a, 0x02, 0x08, 0x05])
  })

  it('refuses a type the schema lacks and a broken file, keeping nothing', () => {
    const added = useSchemaStore.getState().addSchema(FILES)
    if (!added.ok) throw new Error('compiles')
    expect(useSchemaStore.getState().bindType('dev/+', added.id, 't.C')?.code).toBe(
      'protobuf.typeNotFound',
    )
    const broken = useSchemaStore.getState().addSchema([{ name: 'x.proto', text: 'message {' }])
    expect(broken.ok).toBe(false)
    expect(useSchemaStore.getState().sets).toHaveLength(1)
    expect(useDecoderStore.getState().bindings).toEqual([])
  })

  it('travels with the profiles file and comes back bound', () => {
    const added = useSchemaStore.getState().addSchema(FILES)
    if (!added.ok) throw new Error('compiles')
    useSchemaStore.getState().bindType('dev/#', added.id, 't.B')
    const { sets, bindings } = useSchemaStore.getState()
    const text = serializeProfiles([PRESETS[0]!], { schemas: { sets, bindings } })
    useSchemaStore.setState({ sets: [], bindings: [] })
    useDecoderStore.setState({ bindings: [] })
    const parsed = parseProfilesFile(text)
    expect(parsed.ok && parsed.schemas?.sets).toHaveLength(1)
    if (!parsed.ok || !parsed.schemas) return
    expect(useSchemaStore.getState().importSchemas(parsed.schemas)).toEqual([
      { code: 'protobuf.imported', values: { sets: 1, bindings: 1 } },
    ])
    expect(protoRefFor('dev/x/y')).toEqual({ schemaId: added.id, type: 't.B' })
  })
})
