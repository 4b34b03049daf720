/** Kept apart from host.ts so the page can hash a script without loading the sandbox. */
const utf8 = new TextEncoder()

/** A short hash of a script's source, for DecoderRef (a changed script starts new series). */
export function sourceHash(source: string): string {
  let h = 0x811c9dc5
  const bytes = utf8.encode(source)
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193)
  return (h >>> 0).toString(16).padStart(8, '0')
}
