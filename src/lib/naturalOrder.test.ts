import { describe, expect, it } from 'vitest'
import { compareNames, naturalCollator } from './naturalOrder'

const sign = (x: number) => Math.sign(x)

/** A small deterministic generator (no Math.random: a failure must reproduce). */
function generator(seed: number) {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff
    return s / 0x80000000
  }
}

describe('compareNames', () => {
  it('orders as the collator does on random names of punctuation, letters, digits and more', () => {
    const alphabet = [
      ...' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$',
      ...'aAbBmMzZ',
      ...'0123456789000',
      // Outside the fast path: the collator decides (accents ignored, a control character too).
      'é',
      'E',
      '\u0001',
      '温',
    ]
    const rnd = generator(12345)
    const name = () => {
      let s = ''
      for (let i = Math.floor(rnd() * 7); i > 0; i--)
        s += alphabet[Math.floor(rnd() * alphabet.length)]
      return s
    }
    const mismatches: string[] = []
    for (let t = 0; t < 50_000; t++) {
      const a = name()
      const b = name()
      if (sign(compareNames(a, b)) !== sign(naturalCollator.compare(a, b)))
        mismatches.push(JSON.stringify([a, b]))
    }
    expect(mismatches.slice(0, 10)).toEqual([])
  })

  it('compares numbers by value, ignores case and leading zeros, puts symbols before digits', () => {
    expect(compareNames('room2', 'room10')).toBeLessThan(0)
    expect(compareNames('Room2', 'room2')).toBe(0)
    expect(compareNames('007', '7')).toBe(0)
    expect(compareNames('a-1', 'a1')).toBeLessThan(0)
    expect(compareNames('9', 'a')).toBeLessThan(0)
    expect(compareNames('a', 'a0')).toBeLessThan(0)
    expect(compareNames('', 'a')).toBeLessThan(0)
    expect(compareNames('12345678901234567890', '12345678901234567891')).toBeLessThan(0)
  })

  it('sorts a list exactly as the collator does, ties in their original order', () => {
    const rnd = generator(99)
    const names = Array.from({ length: 5000 }, () => {
      const n = Math.floor(rnd() * 300)
      return ['dev', 'Dev', 'dev-', 'dev_', 'DEV0', ''][Math.floor(rnd() * 6)]! + String(n)
    })
    const ids = names.map((_, i) => i)
    const fast = [...ids].sort((a, b) => compareNames(names[a]!, names[b]!))
    const slow = [...ids].sort((a, b) => naturalCollator.compare(names[a]!, names[b]!))
    expect(fast).toEqual(slow)
  })
})
