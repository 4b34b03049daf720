/** How long the keys typed for type-ahead are kept together (WAI-ARIA tree pattern). */
export const TYPE_AHEAD_MS = 500

/** The type-ahead text after a key press at `now`: appended within the window, else restarted. */
export function typeAheadText(previous: string, lastAt: number, now: number, key: string): string {
  return now - lastAt <= TYPE_AHEAD_MS ? previous + key : key
}

/**
 * The row to move to for type-ahead `text`: the next row (after `from`, wrapping) whose name
 * starts with the text, case-insensitively; -1 when none does. A single key moves on from the
 * current row; a longer text may stay on it while it still matches ("ro" then "roo").
 */
export function typeAheadTarget(
  count: number,
  nameAt: (row: number) => string,
  from: number,
  text: string,
): number {
  if (count === 0 || text === '') return -1
  const needle = text.toLowerCase()
  const start = text.length === 1 ? from + 1 : Math.max(from, 0)
  for (let step = 0; step < count; step++) {
    const row = (((start + step) % count) + count) % count
    if (nameAt(row).toLowerCase().startsWith(needle)) return row
  }
  return -1
}
