import { describe, expect, it } from 'vitest'
import { TimeBudget } from './budget'

describe('TimeBudget', () => {
  it('refuses calls once the window is spent, and allows again in the next window', () => {
    const b = new TimeBudget(250, 1_000)
    let t = 0
    for (let i = 0; i < 5; i++) {
      expect(b.allows(t)).toBe(true)
      b.spend(t, 50)
      t += 60
    }
    expect(b.used(t)).toBe(250)
    expect(b.allows(t)).toBe(false)
    expect(b.allows(999)).toBe(false)
    expect(b.allows(1_000)).toBe(true)
    expect(b.used(1_000)).toBe(0)
  })

  it('does not count a window spent by fewer calls than its floor', () => {
    // Two calls that took 200 ms of wall-clock each (a fresh engine compiling, a preempted
    // worker): with a floor of 5 calls the third still runs; the sixth does not.
    const b = new TimeBudget(250, 1_000, 5)
    b.spend(0, 200)
    b.spend(200, 200)
    expect(b.allows(400)).toBe(true)
    b.spend(400, 1)
    b.spend(401, 1)
    b.spend(402, 1)
    expect(b.allows(403)).toBe(false)
    // Without the floor the third call is refused.
    const plain = new TimeBudget(250, 1_000)
    plain.spend(0, 200)
    plain.spend(200, 200)
    expect(plain.allows(400)).toBe(false)
  })
})
