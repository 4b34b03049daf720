import * as v from 'valibot'

/**
 * Schema pieces for saved data (valibot). Saved data is read back after months and after app
 * updates, so a list must survive one damaged entry: `listOf` and `recordOf` keep every entry
 * that passes and count the ones they leave out, instead of failing the whole list as a plain
 * `v.array` would. The count is read by `persist.ts` around one parse (parses are synchronous).
 */

let dropped = 0

/** Counts entries left out while saved data is read; `tidy` steps call it for duplicates. */
export function countDropped(n = 1): void {
  dropped += n
}

/** Runs `parse` and returns what it returned with the number of entries it left out. */
export function countingDrops<R>(parse: () => R): { result: R; dropped: number } {
  const before = dropped
  dropped = 0
  try {
    return { result: parse(), dropped }
  } finally {
    dropped = before
  }
}

/**
 * Any value, a missing key included (as undefined): the start of a field that a transform reads
 * whatever it holds. A default that is a function makes valibot run the field for a missing key
 * too; a plain `v.unknown()` would make the key required.
 */
export const anyValue = () => v.optional(v.unknown(), () => undefined)

const FAILED = Symbol('failed')

/**
 * One entry of a list or map: a damaged entry counts once, whatever damage inside it was
 * counted before it failed (one left-out profile is one, not one plus its user properties).
 */
function parseEntry<T>(schema: v.GenericSchema<unknown, T>, x: unknown): T | typeof FAILED {
  const before = dropped
  const r = v.safeParse(schema, x)
  if (r.success) return r.output
  dropped = before + 1
  return FAILED
}

/**
 * A list whose damaged entries are left out one by one (and counted); beyond `max` entries the
 * rest is left out and counted too: the stores never write more, so more is not their data. A
 * missing list is empty; something else in its place fails (the entry holding it is damaged).
 */
export function listOf<T>(item: v.GenericSchema<unknown, T>, max: number) {
  return v.pipe(
    v.optional(v.array(v.unknown()), () => []),
    v.transform((list): T[] => {
      const out: T[] = []
      for (const x of list) {
        const r = parseEntry(item, x)
        if (r === FAILED) continue
        if (out.length < max) out.push(r)
        else countDropped()
      }
      return out
    }),
  )
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x)

/** A plain object (not an array, which `v.object` would take) with these fields. */
export function record<E extends v.ObjectEntries>(entries: E) {
  return v.pipe(v.custom<Record<string, unknown>>(isRecord), v.object(entries))
}

/** A string-keyed map whose damaged values are left out one by one (and counted), like `listOf`. */
export function recordOf<T>(value: v.GenericSchema<unknown, T>) {
  return v.pipe(
    v.optional(v.custom<Record<string, unknown>>(isRecord), () => ({})),
    v.transform((rec): Record<string, T> => {
      const out: Record<string, T> = {}
      for (const [key, x] of Object.entries(rec)) {
        const r = parseEntry(value, x)
        if (r !== FAILED) out[key] = r
      }
      return out
    }),
  )
}

/** A field that falls back to `value` when it is missing or of the wrong kind. */
export const orDefault = <T>(schema: v.GenericSchema<unknown, T>, value: T) =>
  v.fallback(schema, value)

/** An optional field that is left out (undefined) when it is missing or of the wrong kind. */
export const orAbsent = <T>(schema: v.GenericSchema<unknown, T>) =>
  v.fallback(v.optional(schema), undefined)

/** Text, '' when missing or not text. */
export const text = () => orDefault(v.string(), '')

/** A flag that is true only when saved as `true` (what a missing or odd value meant so far). */
export const onlyTrue = () => orDefault(v.boolean(), false)

/** A finite number ≥ 0, or undefined (the field is then left out). */
export const nonNegative = () =>
  v.pipe(v.number(), v.finite(), v.minValue(0)) as v.GenericSchema<unknown, number>

/** QoS 0, 1 or 2. */
export const qos = () => v.picklist([0, 1, 2])

/** An MQTT user property as the composer edits it (key and value text). */
export const userProperty = () => record({ key: text(), value: text() })

/** Leaves out the fields a schema set to undefined (wrong kind): defaults apply to them later. */
export function compact<T extends object>(o: T): T {
  const out = { ...o }
  for (const k of Object.keys(out) as (keyof T)[]) if (out[k] === undefined) delete out[k]
  return out
}
