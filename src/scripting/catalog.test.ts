import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import en from '../i18n/locales/en/payloadTools.json'
import zh from '../i18n/locales/zh/payloadTools.json'

const src = fileURLToPath(new URL('..', import.meta.url))

/** Every code literal the protobuf and scripting modules can emit. */
function emittedCodes(): Set<string> {
  const files = [
    ...readdirSync(`${src}/scripting`).map((f) => `${src}/scripting/${f}`),
    ...readdirSync(`${src}/codecs`)
      .filter((f) => f.startsWith('protobuf'))
      .map((f) => `${src}/codecs/${f}`),
  ].filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
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

describe('payloadTools catalog', () => {
  it('words every code the modules emit, in English and Chinese', () => {
    const codes = emittedCodes()
    expect(codes.size).toBeGreaterThan(40)
    for (const code of codes) {
      expect(Object.keys(en), code).toContain(code)
      expect(Object.keys(zh), code).toContain(code)
    }
  })
})
