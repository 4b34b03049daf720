import { AXIS_REGROUP_FACTOR } from '../../engine/budgets'
import type { AxisMode } from '../../store/saved/charts'

/**
 * Which series of a chart share a y axis (a strip of the plot). Apart from plot.ts, which draws:
 * this decides, and in the automatic mode it remembers the last decision so that a series whose
 * range sits near a boundary does not flip between axes as its values move.
 */

/**
 * Two series share an axis in the automatic mode when their magnitudes (largest absolute value in
 * the window) are within this factor: an order of magnitude. CO₂ (~600), temperature (~22) and
 * VOC (~0.2) then get three axes, temperature and humidity (~50) one.
 */
export const AXIS_RANGE_FACTOR = 10

/**
 * What a chart's last automatic grouping decided, kept by the chart between draws for the same
 * list of series (a new object when the list changes): the groups of series that had points.
 * Series without points are left out, so one that gets its first points is placed afresh.
 */
export interface AxisMemory {
  groups?: number[][]
}

/** The values `groupSeries` reads: a series' points (only `ys` matters here). */
export interface GroupedSeries {
  ys: ArrayLike<number>
}

/** The largest absolute finite value of a series; 0 when it has none (or only zeros). */
function magnitude(s: GroupedSeries | undefined): number {
  let m = 0
  if (s)
    for (let i = 0; i < s.ys.length; i++) {
      const v = Math.abs(s.ys[i]!)
      if (v > m && Number.isFinite(v)) m = v
    }
  return m
}

/** Largest over smallest magnitude of `group` (all positive), 1 for one series. */
const spread = (group: readonly number[], mag: readonly number[]) => {
  let lo = Infinity
  let hi = 0
  for (const i of group) {
    lo = Math.min(lo, mag[i]!)
    hi = Math.max(hi, mag[i]!)
  }
  return hi / lo
}

/**
 * Which series share a strip (one y axis each), as lists of series indexes: `shared` all in one,
 * `split` one each, `auto` by magnitude: series within AXIS_RANGE_FACTOR of the smallest of their
 * group together. A series with no points (or only zeros) joins the first strip instead of
 * opening an empty one. Strips come in the order of their first series (the legend's order).
 *
 * With `memory` (the chart's, see AxisMemory), `auto` has hysteresis: a series stays in its group
 * until the group's spread exceeds AXIS_RANGE_FACTOR × AXIS_REGROUP_FACTOR, and groups (or a series
 * on its own) join only within AXIS_RANGE_FACTOR, so values moving across the boundary and back
 * leave the axes as they were.
 */
export function groupSeries(
  series: readonly (GroupedSeries | undefined)[],
  mode: AxisMode,
  memory?: AxisMemory,
): number[][] {
  const all = series.map((_, i) => i)
  if (mode === 'shared' || series.length <= 1) return [all]
  if (mode === 'split') return all.map((i) => [i])
  const mag = series.map(magnitude)
  const sized = all.filter((i) => mag[i]! > 0)
  const loose = all.filter((i) => mag[i]! === 0)
  const byMagnitude = (a: number, b: number) => mag[a]! - mag[b]!

  // Kept from the last draw: each earlier group, minus the members now clearly outside it (above
  // the smallest member's magnitude by more than the widened factor).
  const groups: number[][] = []
  const placed = new Set<number>()
  const keepWithin = AXIS_RANGE_FACTOR * AXIS_REGROUP_FACTOR
  for (const old of memory?.groups ?? []) {
    const members = old.filter((i) => mag[i]! > 0 && !placed.has(i)).sort(byMagnitude)
    if (members.length === 0) continue
    const floor = mag[members[0]!]!
    const kept = members.filter((i) => mag[i]! <= floor * keepWithin)
    for (const i of kept) placed.add(i)
    groups.push(kept)
  }

  // The others (new series, or ones that left their group), smallest first: into the first group
  // they fit within the plain factor, else a group of their own.
  for (const i of sized.filter((s) => !placed.has(s)).sort(byMagnitude)) {
    const home = groups.find((g) => spread([...g, i], mag) <= AXIS_RANGE_FACTOR)
    if (home) home.push(i)
    else groups.push([i])
  }

  // Groups that came within the plain factor of each other share one axis again (what a fresh
  // grouping would give), so axes follow values that moved together for good.
  for (let a = 0; a < groups.length; a++)
    for (let b = a + 1; b < groups.length; b++)
      if (spread([...groups[a]!, ...groups[b]!], mag) <= AXIS_RANGE_FACTOR) {
        groups[a]!.push(...groups[b]!)
        groups.splice(b, 1)
        b = a
      }

  if (memory) memory.groups = groups.map((g) => [...g])
  if (groups.length === 0) return [all]
  for (const g of groups) g.sort((a, b) => a - b)
  groups.sort((a, b) => a[0]! - b[0]!)
  groups[0] = [...groups[0]!, ...loose].sort((a, b) => a - b)
  return groups
}
