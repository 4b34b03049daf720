import * as v from 'valibot'
import { PROTO_FILE_MAX_CHARS, PROTO_FILES_PER_SET, PROTO_SAVED_SETS } from '../../engine/budgets'
import { validateTopicFilter } from '../../engine/topicFilter'
import type { SavedKind } from '../../lib/persist'
import { countDropped, listOf, record } from '../../lib/persistSchema'
import type { ProtoFileText } from '../../wire/protobuf'
import { uniqueFilters } from './subscriptions'

/** Bindings of a filter to a protobuf message type; as many as decoder bindings. */
export const MAX_PROTO_BINDINGS = 500

/** A schema set as the user gave it: the .proto texts, under the content id the app gave them. */
export interface SavedSchemaSet {
  id: string
  files: ProtoFileText[]
}

/** The message type a filter's protobuf decoder binding decodes with. */
export interface ProtoBinding {
  filter: string
  schemaId: string
  type: string
}

export interface SavedSchemas {
  sets: SavedSchemaSet[]
  bindings: ProtoBinding[]
}

const fileSchema: v.GenericSchema<unknown, ProtoFileText> = record({
  name: v.pipe(v.string(), v.minLength(1)),
  text: v.pipe(v.string(), v.maxLength(PROTO_FILE_MAX_CHARS)),
})

const setSchema: v.GenericSchema<unknown, SavedSchemaSet> = record({
  id: v.pipe(v.string(), v.minLength(1)),
  files: v.pipe(v.array(fileSchema), v.minLength(1), v.maxLength(PROTO_FILES_PER_SET)),
})

const bindingSchema: v.GenericSchema<unknown, ProtoBinding> = record({
  filter: v.pipe(
    v.string(),
    v.check((f) => validateTopicFilter(f) === undefined),
  ),
  schemaId: v.pipe(v.string(), v.minLength(1)),
  type: v.pipe(v.string(), v.minLength(1)),
})

const savedSchemasSchema = record({
  sets: listOf(setSchema, PROTO_SAVED_SETS),
  bindings: v.pipe(
    listOf(bindingSchema, MAX_PROTO_BINDINGS),
    v.transform((list) => uniqueFilters(list, countDropped)),
  ),
})

/** The schemas part of a profiles file, or undefined when it is not that shape. */
export function parseSavedSchemas(x: unknown): SavedSchemas | undefined {
  const r = v.safeParse(savedSchemasSchema, x)
  return r.success ? r.output : undefined
}

/**
 * `mqtt-scope.schemas`: the user's .proto schema sets (texts, not compiled output: the page and
 * the worker compile them again, cached by content) and which message type each protobuf
 * decoder binding uses. A damaged set or binding is left out alone and counted.
 */
export const savedSchemas: SavedKind<SavedSchemas> = {
  name: 'schemas',
  version: 1,
  schema: savedSchemasSchema,
  empty: () => ({ sets: [], bindings: [] }),
  migrations: {},
  countsEntries: true,
}
