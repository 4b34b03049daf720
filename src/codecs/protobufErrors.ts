/**
 * protobufjs reports problems as English sentences ("illegal token 'x', ';' expected (line 4)",
 * "no such Type or Enum 'B' in Type .A"), with a line but no column, and some (duplicate names)
 * with no position at all. These functions turn them into codes with values (lib/coded.ts) and
 * find the column (and, where the library gives none, the line) in the file's own text, so the
 * view can say "common.proto, line 4, column 3: unexpected 'int32', ';' expected" in any language.
 * A message this file does not recognise keeps the library's text as `detail`.
 */
import { Root, parse } from 'protobufjs'
import { coded, type Coded } from '../lib/coded'

/** Line (1-based) and column (1-based, UTF-16 units) of a place in a file. */
export interface Place {
  line: number
  column: number
}

/** The line with `//` comments blanked out, so a token is not found inside a comment. */
function withoutComment(line: string): string {
  const at = line.indexOf('//')
  return at < 0 ? line : line.slice(0, at) + ' '.repeat(line.length - at)
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\w.]/.test(ch)
}

/** Columns (1-based) where `token` stands as a token of its own on `line` (not inside a word). */
function candidates(code: string, token: string): number[] {
  const word = /^\w/.test(token)
  const out: number[] = []
  for (let from = 0; token;) {
    const at = code.indexOf(token, from)
    if (at < 0) break
    if (!word || (!isWordChar(code[at - 1]) && !isWordChar(code[at + token.length])))
      out.push(at + 1)
    from = at + 1
  }
  return out
}

/** The parse error message of `text` on its own, or undefined when it parses. */
function errorOf(text: string): string | undefined {
  try {
    parse(text, new Root(), { keepCase: true })
    return undefined
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
}

/**
 * Column of the offending `token` on `line`. protobufjs gives the line only, and the same token
 * may stand twice on it (`}}`); the parser reads tokens in order, so the offender is the first
 * occurrence after which the text, cut just there, still fails with the same message (cut before
 * the offender, it fails with "end of input" instead). Syntax does not depend on other files, so
 * the file alone is re-parsed, a few times and only when it is broken.
 */
export function columnOf(text: string, line: number, token: string, message?: string): number {
  const lines = text.split('\n')
  const raw = lines[line - 1]
  if (raw === undefined) return 1
  const code = withoutComment(raw)
  const found = candidates(code, token)
  if (found.length > 1 && message !== undefined) {
    const lineStart = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0)
    const same = (m: string | undefined) =>
      m?.replace(/\(.*line/, '(line') === message.replace(/\(.*line/, '(line')
    for (const column of found)
      if (same(errorOf(text.slice(0, lineStart + column - 1 + token.length)))) return column
  }
  if (found[0] !== undefined) return found[0]
  // Not found (a multi-line token, or the parser's look-ahead): the line's first non-blank.
  const first = code.search(/\S/)
  return first < 0 ? 1 : first + 1
}

/** The place just after the last non-blank character of the file (where "unexpected end" is). */
export function endOf(text: string): Place {
  const lines = text.replace(/\s+$/, '').split('\n')
  const last = lines[lines.length - 1] ?? ''
  return { line: Math.max(1, lines.length), column: last.length + 1 }
}

/**
 * Where `name` is declared a second time in `text` (a message, enum, service or oneof name, or a
 * field / enum value `name = n`), for "duplicate name" errors that carry no position. The first
 * declaration when there is only one in this file (the other is in another file).
 */
export function declarationOf(text: string, name: string): Place | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const re = new RegExp(
    `(?:\\b(?:message|enum|service|oneof)\\s+(${escaped})\\b)|(?:(?<![\\w.])(${escaped})\\s*=\\s*-?\\d)`,
    'g',
  )
  const places: Place[] = []
  const lines = text.split('\n')
  lines.forEach((raw, i) => {
    const code = withoutComment(raw)
    for (const m of code.matchAll(re)) {
      const inner = m[1] ?? m[2] ?? ''
      const offset = (m.index ?? 0) + m[0].indexOf(inner)
      places.push({ line: i + 1, column: offset + 1 })
    }
  })
  return places[1] ?? places[0]
}

const ILLEGAL = /^illegal (.+?)(?: '([^']*)')?(?:, '([^']*)' expected)? \((?:.*, )?line (\d+)\)$/

/** A parse failure of `file` (whose text is `text`) as a code with its file, line and column. */
export function parseErrorCode(file: string, text: string, err: unknown): Coded {
  const message = err instanceof Error ? err.message : String(err)
  const illegal = ILLEGAL.exec(message)
  if (illegal) {
    const what = illegal[1] ?? ''
    const token = illegal[2]
    const expected = illegal[3]
    const line = Number(illegal[4])
    if (what === 'end of input') return coded('protobuf.unexpectedEnd', { file, ...endOf(text) })
    if (what === 'string')
      return coded('protobuf.badString', { file, line, column: columnOf(text, line, '"') })
    if (what === 'comment')
      return coded('protobuf.badComment', { file, line, column: columnOf(text, line, '/*') })
    const tok = what.startsWith('token ') ? what.slice('token '.length).replace(/^'|'$/g, '') : ''
    const shown = token ?? tok
    const column = columnOf(text, line, shown, message)
    return expected !== undefined
      ? coded('protobuf.syntaxExpected', { file, line, column, token: shown, expected })
      : coded('protobuf.syntax', { file, line, column, token: shown })
  }
  const dupName = /^duplicate name '([^']*)' in (.*)$/.exec(message)
  if (dupName) {
    const name = dupName[1] ?? ''
    const place = declarationOf(text, name)
    return place
      ? coded('protobuf.duplicateName', { file, name, ...place })
      : coded('protobuf.duplicateNameElsewhere', { file, name })
  }
  const dupId = /^duplicate id (-?\d+) in \w+ \.?(.*)$/.exec(message)
  if (dupId) {
    const type = dupId[2] ?? ''
    return coded('protobuf.duplicateNumber', { file, number: Number(dupId[1]), type })
  }
  return coded('protobuf.invalid', { file, detail: message })
}

/**
 * A resolve failure ("no such Type or Enum 'B' in Type .pkg.A") as `protobuf.unknownType`, with
 * the file that declares the type using the name (`fileOf` looks it up in the parsed root).
 */
export function resolveErrorCode(err: unknown, fileOf: (fullName: string) => string): Coded {
  const message = err instanceof Error ? err.message : String(err)
  const noSuch = /^no such (?:Type or Enum|Enum|Type|Service) '([^']*)' in \w+ (\S+)$/.exec(message)
  if (noSuch) {
    const owner = noSuch[2] ?? ''
    return coded('protobuf.unknownType', {
      file: fileOf(owner),
      name: noSuch[1] ?? '',
      in: owner.replace(/^\./, ''),
    })
  }
  return coded('protobuf.invalid', { file: '', detail: message })
}

/** A decode failure of `type` as a code; never thrown further. */
export function decodeErrorCode(type: string, err: unknown): Coded {
  const message = err instanceof Error ? err.message : String(err)
  if (/index out of range/.test(message)) return coded('protobuf.decode.truncated', { type })
  const wire = /invalid wire type (\d+) at offset (\d+)/.exec(message)
  if (wire)
    return coded('protobuf.decode.invalidWireType', {
      type,
      wireType: Number(wire[1]),
      offset: Number(wire[2]),
    })
  const required = /missing required '([^']*)'/.exec(message)
  if (required) return coded('protobuf.decode.missingRequired', { type, field: required[1] ?? '' })
  if (/max depth exceeded|recursion/i.test(message))
    return coded('protobuf.decode.tooDeep', { type })
  return coded('protobuf.decode.failed', { type, detail: message })
}
