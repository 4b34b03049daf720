import * as v from 'valibot'
import { MAX_SAVED_LAYOUTS } from '../../engine/budgets'
import type { SavedKind } from '../../lib/persist'
import { countDropped, orDefault, record, recordOf } from '../../lib/persistSchema'

export type Theme = 'system' | 'light' | 'dark'
export type Density = 'comfortable' | 'compact'
export const THEMES: readonly Theme[] = ['system', 'light', 'dark']
/** Panel id → size in percent of its group, as react-resizable-panels reports it. */
export type GroupLayout = Record<string, number>
/** Group id → its layout, for one broker URL / profile. */
export type ProfileLayout = Record<string, GroupLayout>

export interface SavedWorkspace {
  theme: Theme
  density: Density
  /** Keyed like chart layouts (the broker URL, '' before any): most recently changed last. */
  layouts: Record<string, ProfileLayout>
}

/** One group's sizes: every size a percentage, at least one panel; else the group is damaged. */
const groupSchema: v.GenericSchema<unknown, GroupLayout> = v.pipe(
  v.custom<Record<string, unknown>>(
    (g) => typeof g === 'object' && g !== null && !Array.isArray(g),
  ),
  v.record(v.string(), v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(100))),
  v.check((g) => Object.keys(g).length > 0),
)

/** The most recently changed MAX_SAVED_LAYOUTS profiles (the last keys); older ones are counted. */
function newest(layouts: Record<string, ProfileLayout>): Record<string, ProfileLayout> {
  const keys = Object.keys(layouts)
  const over = keys.length - MAX_SAVED_LAYOUTS
  if (over <= 0) return layouts
  countDropped(over)
  return Object.fromEntries(keys.slice(over).map((k) => [k, layouts[k]!]))
}

/**
 * `mqtt-scope.workspace`: display preferences and panel sizes. Version 0 had the same shape,
 * unversioned. An unknown theme or density reads as the default; a damaged group layout is left
 * out alone (its panels start at their default sizes).
 */
export const savedWorkspace: SavedKind<SavedWorkspace> = {
  name: 'workspace',
  version: 1,
  schema: record({
    theme: orDefault(v.picklist(THEMES), 'system'),
    density: orDefault(v.picklist(['comfortable', 'compact']), 'comfortable'),
    layouts: v.pipe(recordOf(recordOf(groupSchema)), v.transform(newest)),
  }),
  empty: () => ({ theme: 'system', density: 'comfortable', layouts: {} }),
  migrations: { 0: (old) => old },
  countsEntries: true,
}
