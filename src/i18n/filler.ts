/**
 * A translated sentence written many times a second with different values (a row's tooltip, a
 * chart legend's figures), filled in without i18next: `make` calls `t` once with a private-use
 * character in place of each value, the result is split at those characters, and each later
 * call joins the parts with the values. i18next's `t` with interpolation (key lookup, options,
 * interpolation regexps) for every row and redraw was 9.1 ms a second of the main thread at 1 k
 * msgs/s, 3.2 with these (CPU profile, full view, #12).
 * Compiled once per `t` (a language); the values are inserted as they are (the app's
 * interpolation does not escape either). Only for sentences without plurals or formatting.
 */
const FIRST_SLOT = 0xe100

export function filler<T extends object, N extends string>(
  names: readonly N[],
  make: (t: T, slots: Record<N, string>) => string,
): (t: T, values: Record<N, string>) => string {
  const compiled = new WeakMap<T, readonly (string | number)[]>()
  return (t, values) => {
    let parts = compiled.get(t)
    if (!parts) {
      const slots = {} as Record<N, string>
      names.forEach((name, i) => (slots[name] = String.fromCharCode(FIRST_SLOT + i)))
      parts = make(t, slots)
        .split(/([\ue100-\ue1ff])/u)
        .map((part) => {
          const i = part.length === 1 ? part.charCodeAt(0) - FIRST_SLOT : -1
          return i >= 0 && i < names.length ? i : part
        })
      compiled.set(t, parts)
    }
    let out = ''
    for (const part of parts) out += typeof part === 'number' ? values[names[part]!] : part
    return out
  }
}
