/**
 * The user's own protobuf schemas: one or more `.proto` files (pasted or picked) compiled into a
 * schema set, whose message types decode payloads into plain JSON values and encode JSON into
 * payloads. Pure (no React, no store): the worker decodes with it at wire speed, the UI lists
 * types and checks the composer's JSON with it.
 *
 * Decoded values follow protobuf's canonical JSON mapping where it matters for a person reading
 * and charting them:
 * - 64-bit integers are decimal strings: exact for every value (a number would round above 2^53),
 *   and the same type for every message, so a series never flips between number and string.
 *   numeric.ts reads decimal strings as numbers, so an int64 field charts like any other.
 * - bytes are base64 (the canonical mapping; the details view can show them as they are).
 * - enums are their value names (unknown numbers stay numbers).
 * - fields at their default value are present (proto3 leaves zeros off the wire; a chart of a
 *   value that reaches 0 would otherwise see "no value").
 * - NaN and ±Infinity floats are the strings "NaN", "Infinity", "-Infinity" (JSON has no such
 *   numbers).
 *
 * protobufjs generates each type's decoder with `new Function` on first use (the app sets no
 * Content-Security-Policy; one without 'unsafe-eval' would need precompiled code instead).
 * Compiled sets are cached by a hash of their texts, so a binding decoding 1 k msgs/s costs one
 * generated decode + toObject per message, about what JSON.parse costs (see the report in #16).
 */
import { Enum, Root, Type, common, parse, type ReflectionObject } from 'protobufjs'
import { coded, type Coded } from '../lib/coded'
import { PROTO_COMPILED_SETS, PROTO_FILE_MAX_CHARS, PROTO_FILES_PER_SET } from '../engine/budgets'
import { lineColumn } from './encode'
import { decodeErrorCode, parseErrorCode, resolveErrorCode } from './protobufErrors'
import { checkMessageJson } from './protobufJson'

/** One `.proto` file: the name imports refer to it by, and its text. */
export interface ProtoFile {
  readonly name: string
  readonly text: string
}

export type ProtoDecodeResult = { ok: true; value: unknown } | { ok: false; error: Coded }
export type ProtoEncodeResult = { ok: true; bytes: Uint8Array } | { ok: false; error: Coded }

/** One message type of a compiled set: decodes and encodes its payloads, never throws. */
export interface ProtoCodec {
  /** Fully qualified name without the leading dot, e.g. `acme.meter.Reading`. */
  readonly type: string
  /** `size` is the payload's real size when `bytes` are only its first bytes (a preview). */
  decode(bytes: Uint8Array, size?: number): ProtoDecodeResult
  /** A JSON value (as JSON.parse gives) to bytes; wrong fields and types are coded errors. */
  encode(value: unknown): ProtoEncodeResult
  /** The composer's text, parsed as JSON, to bytes. */
  encodeText(text: string): ProtoEncodeResult
}

export interface CompiledSchemaSet {
  /** Content hash of the files (names and texts): equal files give the same id everywhere. */
  readonly id: string
  readonly files: readonly ProtoFile[]
  /** Message types declared in the given files (not the bundled google/protobuf ones), sorted. */
  readonly messageTypes: readonly string[]
  codec(type: string): { ok: true; codec: ProtoCodec } | { ok: false; error: Coded }
}

export type CompileResult = { ok: true; set: CompiledSchemaSet } | { ok: false; errors: Coded[] }

const DECODE_OPTIONS = {
  longs: String,
  enums: String,
  bytes: String,
  defaults: true,
  arrays: true,
  objects: true,
  json: true,
} as const

/** Two 32-bit FNV-1a style mixes (cyrb53) over the text, as hex: a content id, not a secret. */
function hash53(text: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed
  let h2 = 0x41c6ce57 ^ seed
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0')
}

/** The id of a set of files: a hash of their names and texts in order. */
export function schemaSetId(files: readonly ProtoFile[]): string {
  const canonical = files
    .map((f) => `${f.name.length}:${f.name}${f.text.length}:${f.text}`)
    .join('')
  return `pb-${hash53(canonical, 1)}${hash53(canonical, 2)}`
}

function sameFiles(a: readonly ProtoFile[], b: readonly ProtoFile[]): boolean {
  return a.length === b.length && a.every((f, i) => f.name === b[i]?.name && f.text === b[i]?.text)
}

const normalise = (name: string) => name.replace(/\\/g, '/').replace(/^(\.\/)+/, '')
const baseName = (name: string) => normalise(name).split('/').pop() ?? name

/**
 * The given file an import statement means: the same name; else the one whose path ends with the
 * import (or the import ends with its path: a picked file has only its base name); else the one
 * with the same base name, when exactly one has it.
 */
export function resolveImport(target: string, files: readonly ProtoFile[]): ProtoFile | undefined {
  const want = normalise(target)
  const exact = files.find((f) => normalise(f.name) === want)
  if (exact) return exact
  const suffix = files.filter((f) => {
    const have = normalise(f.name)
    return have.endsWith(`/${want}`) || want.endsWith(`/${have}`)
  })
  if (suffix.length === 1) return suffix[0]
  const base = files.filter((f) => baseName(f.name) === baseName(want))
  return base.length === 1 ? base[0] : undefined
}

/** Checks the bounds of a set before any parsing: count, sizes, names. */
function checkFiles(files: readonly ProtoFile[]): Coded[] {
  if (files.length === 0) return [coded('protobuf.noFiles')]
  if (files.length > PROTO_FILES_PER_SET)
    return [coded('protobuf.tooManyFiles', { count: files.length, max: PROTO_FILES_PER_SET })]
  const errors: Coded[] = []
  const seen = new Set<string>()
  for (const f of files) {
    if (!f.name.trim()) errors.push(coded('protobuf.unnamedFile'))
    else if (seen.has(normalise(f.name)))
      errors.push(coded('protobuf.duplicateFile', { file: f.name }))
    seen.add(normalise(f.name))
    if (f.text.length > PROTO_FILE_MAX_CHARS)
      errors.push(coded('protobuf.fileTooLarge', { file: f.name, max: PROTO_FILE_MAX_CHARS }))
  }
  return errors
}

interface ParseState {
  filename: string | null
}

/** Parses every file into one root, following imports among them and to bundled google types. */
function build(files: readonly ProtoFile[]): { root: Root; errors: Coded[] } {
  const root = new Root()
  const errors: Coded[] = []
  const addedCommon = new Set<string>()
  const state = parse as unknown as ParseState
  for (const file of files) {
    let imports: string[] = []
    try {
      // protobufjs names the file in reflection objects (for errors and type listing) from here.
      state.filename = file.name
      const parsed = parse(file.text, root, { keepCase: true })
      imports = [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]
    } catch (err) {
      errors.push(parseErrorCode(file.name, file.text, err))
    } finally {
      state.filename = null
    }
    for (const target of imports) {
      if (resolveImport(target, files)) continue
      const bundled = common.get(target)
      if (bundled?.nested) {
        if (!addedCommon.has(target)) root.addJSON(bundled.nested)
        addedCommon.add(target)
        continue
      }
      errors.push(coded('protobuf.missingImport', { file: file.name, import: target }))
    }
  }
  return { root, errors }
}

function nestedOf(obj: ReflectionObject): ReflectionObject[] {
  const nested = (obj as ReflectionObject & { nestedArray?: ReflectionObject[] }).nestedArray
  return nested ?? []
}

function walkTypes(obj: ReflectionObject, visit: (t: Type) => void): void {
  for (const child of nestedOf(obj)) {
    if (child instanceof Type) visit(child)
    walkTypes(child, visit)
  }
}

/** Resolves every field type, collecting each unknown name instead of stopping at the first. */
function resolveTypes(root: Root): Coded[] {
  const fileOf = (fullName: string) => {
    try {
      return root.lookup(fullName)?.filename ?? ''
    } catch {
      return ''
    }
  }
  const errors: Coded[] = []
  walkTypes(root, (type) => {
    for (const field of type.fieldsArray) {
      try {
        field.resolve()
      } catch (err) {
        errors.push(resolveErrorCode(err, fileOf))
      }
    }
  })
  if (errors.length) return errors
  try {
    root.resolveAll()
  } catch (err) {
    errors.push(resolveErrorCode(err, fileOf))
  }
  return errors
}

class Codec implements ProtoCodec {
  readonly type: string
  readonly #t: Type

  constructor(t: Type) {
    this.#t = t
    this.type = t.fullName.replace(/^\./, '')
  }

  decode(bytes: Uint8Array, size = bytes.length): ProtoDecodeResult {
    if (bytes.length < size)
      return {
        ok: false,
        error: coded('protobuf.decode.cutShort', { type: this.type, have: bytes.length, size }),
      }
    try {
      const message = this.#t.decode(bytes)
      return { ok: true, value: this.#t.toObject(message, DECODE_OPTIONS) }
    } catch (err) {
      return { ok: false, error: decodeErrorCode(this.type, err) }
    }
  }

  encode(value: unknown): ProtoEncodeResult {
    const checked = checkMessageJson(this.#t, value)
    if (!checked.ok) return checked
    try {
      const message = this.#t.fromObject(checked.value)
      return { ok: true, bytes: this.#t.encode(message).finish() }
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err)
      return { ok: false, error: coded('protobuf.encode.failed', { type: this.type, detail }) }
    }
  }

  encodeText(text: string): ProtoEncodeResult {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (err) {
      const message = err instanceof Error ? err.message : ''
      const at = /position (\d+)/.exec(message)
      const position = at ? Number(at[1]) : text.length
      return { ok: false, error: coded('protobuf.encode.invalidJson', lineColumn(text, position)) }
    }
    return this.encode(value)
  }
}

class CompiledSet implements CompiledSchemaSet {
  readonly id: string
  readonly files: readonly ProtoFile[]
  readonly messageTypes: readonly string[]
  readonly #root: Root
  readonly #codecs = new Map<string, ProtoCodec>()

  constructor(id: string, files: readonly ProtoFile[], root: Root) {
    this.id = id
    this.files = files
    this.#root = root
    const names = new Set(files.map((f) => f.name))
    const types: string[] = []
    walkTypes(root, (t) => {
      if (t.filename !== null && names.has(t.filename)) types.push(t.fullName.replace(/^\./, ''))
    })
    this.messageTypes = types.sort()
  }

  codec(type: string): { ok: true; codec: ProtoCodec } | { ok: false; error: Coded } {
    const name = type.trim().replace(/^\./, '')
    const known = this.#codecs.get(name)
    if (known) return { ok: true, codec: known }
    let found: ReflectionObject | null
    try {
      found = name ? this.#root.lookup(name) : null
    } catch {
      found = null
    }
    if (!(found instanceof Type)) {
      const error =
        found instanceof Enum
          ? coded('protobuf.notAMessage', { type: name })
          : coded('protobuf.typeNotFound', { type: name })
      return { ok: false, error }
    }
    const codec = new Codec(found)
    this.#codecs.set(name, codec)
    return { ok: true, codec }
  }
}

/** Compiled sets by id, least recently used first (a Map keeps insertion order). */
const cache = new Map<string, CompiledSet>()

/**
 * Compiles `files` into a schema set, or lists everything wrong with them: syntax errors with
 * file, line and column; imports none of the files (nor the bundled google/protobuf types)
 * provides; field types that name no known type. Cached by content: compiling the same files
 * again returns the same set at the cost of a hash.
 */
export function compileSchemaSet(files: readonly ProtoFile[]): CompileResult {
  const problems = checkFiles(files)
  if (problems.length) return { ok: false, errors: problems }
  const id = schemaSetId(files)
  const hit = cache.get(id)
  if (hit && sameFiles(hit.files, files)) {
    cache.delete(id)
    cache.set(id, hit)
    return { ok: true, set: hit }
  }
  const copy = files.map((f) => ({ name: f.name, text: f.text }))
  const { root, errors } = build(copy)
  if (errors.length) return { ok: false, errors }
  const unresolved = resolveTypes(root)
  if (unresolved.length) return { ok: false, errors: unresolved }
  const set = new CompiledSet(id, copy, root)
  cache.set(id, set)
  while (cache.size > PROTO_COMPILED_SETS) {
    const oldest = cache.keys().next().value
    if (oldest === undefined) break
    cache.delete(oldest)
  }
  return { ok: true, set }
}

/** Compiled sets currently cached (for tests and the budget's note). */
export function compiledSetCount(): number {
  return cache.size
}
