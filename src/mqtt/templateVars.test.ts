import { describe, expect, it } from 'vitest'
import { expandVariables, hasVariables, randomUuid, type VarContext } from './templateVars'

const ctx = (patch: Partial<VarContext> = {}): VarContext => ({
  now: Date.UTC(2026, 0, 2, 3, 4, 5, 6),
  counter: 7,
  random: () => 0.5,
  uuid: () => '00000000-0000-4000-8000-000000000000',
  ...patch,
})

describe('expandVariables', () => {
  it('expands timestamp, iso, uuid and counter', () => {
    expect(expandVariables('{{timestamp}} {{iso}} {{uuid}} #{{counter}}', ctx())).toEqual({
      ok: true,
      text: `${Date.UTC(2026, 0, 2, 3, 4, 5, 6)} 2026-01-02T03:04:05.006Z 00000000-0000-4000-8000-000000000000 #7`,
    })
  })

  it('draws integers from the closed range of {{random MIN MAX}}', () => {
    expect(expandVariables('{{random 0 100}}', ctx({ random: () => 0 }))).toEqual({
      ok: true,
      text: '0',
    })
    expect(expandVariables('{{random 0 100}}', ctx({ random: () => 0.9999 }))).toEqual({
      ok: true,
      text: '100',
    })
    expect(expandVariables('{{random 1.5 2.5}}', ctx({ random: () => 0.5 }))).toEqual({
      ok: true,
      text: '2',
    })
  })

  it('refuses an unknown variable and names the known ones', () => {
    const r = expandVariables('x {{nope}}', ctx())
    expect(!r.ok && r.error).toMatchObject({
      code: 'vars.unknown',
      values: {
        variable: '{{nope}}',
        list: expect.stringMatching(/^\{\{timestamp\}\}/) as unknown,
      },
    })
  })

  it('refuses a random without a valid range', () => {
    expect(expandVariables('{{random 5}}', ctx()).ok).toBe(false)
    expect(expandVariables('{{random 9 1}}', ctx()).ok).toBe(false)
  })

  it('leaves text without variables alone, including JSON braces', () => {
    expect(expandVariables('{"a": {"b": 1}}', ctx())).toEqual({ ok: true, text: '{"a": {"b": 1}}' })
    expect(hasVariables('{"a": 1}')).toBe(false)
    expect(hasVariables('{"a": {{counter}}}')).toBe(true)
  })
})

describe('randomUuid', () => {
  it('makes version 4 UUIDs that differ', () => {
    const a = randomUuid()
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(randomUuid()).not.toBe(a)
  })
})
