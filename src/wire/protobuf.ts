/**
 * Wire types of the user's own .proto schemas (issue #16). The UI keeps the texts; the worker
 * compiles the same texts (cached by content) to decode charted fields. Part of `src/wire`, the
 * leaf both sides of the worker boundary import.
 */

/** One `.proto` file: the name imports refer to it by, and its text. */
export interface ProtoFileText {
  name: string
  text: string
}

/** A schema set as it crosses the boundary: its content id (schemaSetId) and its files. */
export interface ProtoSchemaSet {
  id: string
  files: ProtoFileText[]
}

/** A message type of a schema set: what decodes a topic's payloads. */
export interface ProtoRef {
  schemaId: string
  type: string
}

/** A stable key of a ProtoRef (series keys, caches). */
export function protoRefKey(ref: ProtoRef): string {
  return `pb:${ref.schemaId}:${ref.type}`
}
