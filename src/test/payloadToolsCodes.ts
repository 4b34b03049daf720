import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'

// A path, not a file: URL, so the scan also runs under jsdom (src/i18n/codes.test.ts).
const src = path.join(path.dirname(new URL(import.meta.url).pathname), '..')

/**
 * Every code the protobuf and scripting modules can emit. Some of them pass the code through a
 * helper (`fail('protobuf.encode.wrongType', …)`, `badPublish('script.respond.badQos', …)`), so
 * the `coded(…)` scan of src/i18n/codes.test.ts cannot see them; both catalog tests share this
 * scan of code-shaped string literals instead.
 */
export function payloadToolsCodes(): Set<string> {
  const files = [
    ...readdirSync(`${src}/scripting`).map((f) => `${src}/scripting/${f}`),
    ...readdirSync(`${src}/codecs`)
      .filter((f) => f.startsWith('protobuf'))
      .map((f) => `${src}/codecs/${f}`),
  ].filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
  const codes = new Set<string>()
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/'((?:protobuf|script|responder)\.[A-Za-z0-9.]+)'/g))
      if (!m[1]!.endsWith('.js')) codes.add(m[1]!)
  }
  // Made by suffixing (sandbox.ts: a throw or syntax error with no place in the script).
  codes.add('script.threwNoPlace')
  codes.add('script.syntaxNoPlace')
  return codes
}
