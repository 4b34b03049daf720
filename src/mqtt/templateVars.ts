/**
 * Template variables, expanded at publish time in topics, payloads and property values:
 * `{{timestamp}}` (ms since epoch), `{{iso}}` (ISO 8601 time), `{{uuid}}` (random v4 UUID),
 * `{{counter}}` (1, 2, 3, … per publish or per repeat) and `{{random MIN MAX}}` (an integer in
 * [MIN, MAX] when both are integers, else a decimal). Framework-free: the UI expands single
 * publishes, the worker expands every message of a repeat.
 */
import { coded, type Coded } from '../lib/coded'

/** What one expansion may use; tests pass fixed values. */
export interface VarContext {
  now: number
  counter: number
  /** A number in [0, 1). */
  random: () => number
  uuid: () => string
}

export const TEMPLATE_VARIABLES = [
  '{{timestamp}}',
  '{{iso}}',
  '{{uuid}}',
  '{{counter}}',
  '{{random 0 100}}',
] as const

export type ExpandResult = { ok: true; text: string } | { ok: false; error: Coded }

const VARIABLE = /\{\{\s*([a-zA-Z]+)((?:\s+[^\s}]+)*)\s*\}\}/g

/** A random v4 UUID; `crypto.randomUUID` where there is one (secure contexts, workers, Node). */
export function randomUuid(): string {
  const c = globalThis.crypto as Crypto | undefined
  if (c && typeof c.randomUUID === 'function') return c.randomUUID()
  const b = new Uint8Array(16)
  if (c) c.getRandomValues(b)
  else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256)
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** A context for the current moment with the given counter. */
export function liveContext(counter: number): VarContext {
  return { now: Date.now(), counter, random: Math.random, uuid: randomUuid }
}

/** True when `text` contains at least one `{{…}}` variable. */
export function hasVariables(text: string): boolean {
  VARIABLE.lastIndex = 0
  return VARIABLE.test(text)
}

/** Expands every variable in `text`; an unknown variable or bad arguments is an error. */
export function expandVariables(text: string, ctx: VarContext): ExpandResult {
  if (!text.includes('{{')) return { ok: true, text }
  let error: Coded | undefined
  const out = text.replace(VARIABLE, (whole, rawName: string, rawArgs: string) => {
    const name = rawName.toLowerCase()
    const args = rawArgs.trim() ? rawArgs.trim().split(/\s+/) : []
    const noArgs = () => {
      if (args.length > 0) error ??= coded('vars.noArgs', { variable: whole })
    }
    switch (name) {
      case 'timestamp':
        noArgs()
        return String(ctx.now)
      case 'iso':
        noArgs()
        return new Date(ctx.now).toISOString()
      case 'uuid':
        noArgs()
        return ctx.uuid()
      case 'counter':
        noArgs()
        return String(ctx.counter)
      case 'random': {
        const [a, b] = args.map(Number)
        if (
          args.length !== 2 ||
          a === undefined ||
          b === undefined ||
          !Number.isFinite(a) ||
          !Number.isFinite(b) ||
          a > b
        ) {
          error ??= coded('vars.random', { variable: whole, example: '{{random 0 100}}' })
          return whole
        }
        if (Number.isInteger(a) && Number.isInteger(b))
          return String(a + Math.floor(ctx.random() * (b - a + 1)))
        return String(a + ctx.random() * (b - a))
      }
      default:
        error ??= coded('vars.unknown', { variable: whole, list: TEMPLATE_VARIABLES.join(', ') })
        return whole
    }
  })
  return error ? { ok: false, error } : { ok: true, text: out }
}
