/**
 * The persisted form of a schema set: the `.proto` texts as the user gave them and the message
 * types bindings chose. Texts, not compiled output: the worker rebuilds the set with
 * compileSchemaSet (cached by content), and a newer protobufjs reads the same texts. Kept with the
 * other saved data and carried by profile export/import; anything damaged reads as a code.
 */
import { coded, type Coded } from '../lib/coded'
import { PROTO_FILE_MAX_CHARS, PROTO_FILES_PER_SET } from '../engine/budgets'
import type { ProtoFile } from './protobufSchema'

export const STORED_SCHEMA_SET_VERSION = 1

export interface StoredSchemaSet {
  version: typeof STORED_SCHEMA_SET_VERSION
  files: ProtoFile[]
  /** Fully qualified message types in use (the bindings' choices), for a check after rebuild. */
  types: string[]
}

/** The persisted description of `files` with the chosen `types`. */
export function describeSchemaSet(
  files: readonly ProtoFile[],
  types: readonly string[],
): StoredSchemaSet {
  return {
    version: STORED_SCHEMA_SET_VERSION,
    files: files.map((f) => ({ name: f.name, text: f.text })),
    types: [...new Set(types)],
  }
}

function isFile(v: unknown): v is ProtoFile {
  if (typeof v !== 'object' || v === null) return false
  const r = v as Record<string, unknown>
  return (
    typeof r.name === 'string' &&
    r.name.length > 0 &&
    typeof r.text === 'string' &&
    r.text.length <= PROTO_FILE_MAX_CHARS
  )
}

/** Reads a stored description back; damaged or foreign data is a code, never an exception. */
export function readStoredSchemaSet(
  raw: unknown,
): { ok: true; value: StoredSchemaSet } | { ok: false; error: Coded } {
  if (typeof raw !== 'object' || raw === null)
    return { ok: false, error: coded('protobuf.stored.damaged') }
  const r = raw as Record<string, unknown>
  if (r.version !== STORED_SCHEMA_SET_VERSION)
    return {
      ok: false,
      error: coded('protobuf.stored.version', {
        version: typeof r.version === 'number' ? r.version : String(r.version),
      }),
    }
  const files = r.files
  const types = r.types
  if (
    !Array.isArray(files) ||
    files.length === 0 ||
    files.length > PROTO_FILES_PER_SET ||
    !files.every(isFile) ||
    !Array.isArray(types) ||
    !types.every((t): t is string => typeof t === 'string')
  )
    return { ok: false, error: coded('protobuf.stored.damaged') }
  return {
    ok: true,
    value: {
      version: STORED_SCHEMA_SET_VERSION,
      files: files.map((f) => ({ name: f.name, text: f.text })),
      types,
    },
  }
}
