import { describe, expect, it } from 'vitest'
import { TYPE_AHEAD_MS, typeAheadTarget, typeAheadText } from './typeAhead'

const NAMES = ['alpha', 'beta', 'Bravo', 'charlie', 'bridge']
const at = (row: number) => NAMES[row]!

describe('type-ahead', () => {
  it('appends keys typed within the window and restarts after it', () => {
    expect(typeAheadText('b', 1000, 1000 + TYPE_AHEAD_MS, 'r')).toBe('br')
    expect(typeAheadText('b', 1000, 1001 + TYPE_AHEAD_MS, 'r')).toBe('r')
  })

  it('moves to the next row starting with a single letter, case-insensitively, wrapping', () => {
    expect(typeAheadTarget(NAMES.length, at, -1, 'b')).toBe(1)
    expect(typeAheadTarget(NAMES.length, at, 1, 'b')).toBe(2)
    expect(typeAheadTarget(NAMES.length, at, 2, 'B')).toBe(4)
    expect(typeAheadTarget(NAMES.length, at, 4, 'b')).toBe(1)
  })

  it('stays on the current row while a longer text still matches it', () => {
    expect(typeAheadTarget(NAMES.length, at, 2, 'br')).toBe(2)
    expect(typeAheadTarget(NAMES.length, at, 2, 'bri')).toBe(4)
  })

  it('finds nothing for an unknown prefix or an empty tree', () => {
    expect(typeAheadTarget(NAMES.length, at, 0, 'z')).toBe(-1)
    expect(typeAheadTarget(0, at, -1, 'a')).toBe(-1)
  })
})
