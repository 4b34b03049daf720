/** Typed arrays indexed by topic id that double when an id outgrows them. */

type NumericArray = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array

/** Returns `arr` if it can hold index `id`, else a copy with doubled capacity. */
export function ensureCapacity<T extends NumericArray>(
  arr: T,
  id: number,
  make: (n: number) => T,
): T {
  if (id < arr.length) return arr
  let n = arr.length * 2
  while (n <= id) n *= 2
  const grown = make(n)
  grown.set(arr)
  return grown
}
