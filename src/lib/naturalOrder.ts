/**
 * The topic tree's sibling order ("room2" before "room10", case and accents ignored): exactly the
 * order of `Intl.Collator('en', { numeric: true, sensitivity: 'base' })`, computed by a plain loop
 * for names of printable ASCII, which nearly every topic level is.
 *
 * Why: the collator costs about 0.25–1 µs a comparison. The tree sorts a level's new children
 * when a view first opens it (or a filter forces it open), so 100 000 topics under one level made
 * a single 60–110 ms task at the first key typed into the tree filter. The loop costs a few tens
 * of nanoseconds. Anything the table below does not cover (other characters, control characters
 * the collator ignores, very long digit runs) is left to the collator itself; the ASCII table is
 * read from the same collator at start, so both paths agree (naturalOrder.test.ts compares them
 * on many random names).
 */
export const naturalCollator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })

/** A digit run longer than this goes to the collator (ICU splits runs of 255 digits and more). */
const MAX_DIGIT_RUN = 200

const ZERO = 48
const NINE = 57
const isDigit = (c: number): boolean => c >= ZERO && c <= NINE

/**
 * The primary rank of each printable ASCII character that is not a digit (-1: not covered), and
 * the rank every digit run takes. Built by sorting the characters with the collator: characters
 * it holds equal ("a", "A") share a rank. `undefined` if a character sorts among the digits
 * (never in ICU's root order, but then the loop would be wrong, so the collator does it all).
 */
function buildRanks(): { rank: Int32Array; digitRank: number } | undefined {
  const rank = new Int32Array(128).fill(-1)
  const chars: string[] = []
  for (let c = 0x20; c <= 0x7e; c++) if (!isDigit(c)) chars.push(String.fromCharCode(c))
  chars.sort(naturalCollator.compare)
  let r = 0
  let digitRank = -1
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!
    if (i > 0 && naturalCollator.compare(chars[i - 1]!, ch) !== 0) r++
    const toZero = naturalCollator.compare(ch, '0')
    const toNine = naturalCollator.compare(ch, '9')
    if (toZero >= 0 && toNine <= 0) return undefined
    // Digits come between the characters below '0' and those above '9': ranks from there on
    // move up one to leave theirs free.
    if (toZero > 0 && digitRank < 0) digitRank = r++
    rank[ch.charCodeAt(0)] = r
  }
  return { rank, digitRank: digitRank < 0 ? r + 1 : digitRank }
}

const table = buildRanks()

/** Sign of the collator's comparison of `a` and `b` (negative, 0 or positive). */
export function compareNames(a: string, b: string): number {
  if (!table) return naturalCollator.compare(a, b)
  const { rank, digitRank } = table
  const n = a.length
  const m = b.length
  let i = 0
  let j = 0
  while (i < n && j < m) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(j)
    if (isDigit(x) && isDigit(y)) {
      // Numeric: leading zeros do not count, a longer number is larger, then digit by digit.
      while (i < n && a.charCodeAt(i) === ZERO) i++
      while (j < m && b.charCodeAt(j) === ZERO) j++
      let ei = i
      while (ei < n && isDigit(a.charCodeAt(ei))) ei++
      let ej = j
      while (ej < m && isDigit(b.charCodeAt(ej))) ej++
      if (ei - i > MAX_DIGIT_RUN || ej - j > MAX_DIGIT_RUN) return naturalCollator.compare(a, b)
      if (ei - i !== ej - j) return ei - i - (ej - j)
      for (; i < ei; i++, j++) {
        const d = a.charCodeAt(i) - b.charCodeAt(j)
        if (d !== 0) return d
      }
      continue
    }
    const rx = isDigit(x) ? digitRank : x < 128 ? rank[x]! : -1
    const ry = isDigit(y) ? digitRank : y < 128 ? rank[y]! : -1
    if (rx < 0 || ry < 0) return naturalCollator.compare(a, b)
    if (rx !== ry) return rx - ry
    i++
    j++
  }
  // One name is a prefix of the other: the shorter comes first, unless what follows is something
  // the collator might ignore (a control character): then it decides.
  if (i === n && j === m) return 0
  const rest = i < n ? a.charCodeAt(i) : b.charCodeAt(j)
  if (rest < 0x20 || rest > 0x7e) return naturalCollator.compare(a, b)
  return i < n ? 1 : -1
}
