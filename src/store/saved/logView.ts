import * as v from 'valibot'
import type { SavedKind } from '../../lib/persist'
import { orDefault, record } from '../../lib/persistSchema'

/** How the log shows time: the clock with ms, or the time since the previous row. */
export type LogTimeMode = 'clock' | 'relative'

export interface SavedLogView {
  timeMode: LogTimeMode
}

/**
 * `mqtt-scope.log`: the message log's view settings. Version 0 (`{ timeMode }`) had the same
 * shape. Anything unknown reads as the clock. The filter boxes are not saved (a forgotten
 * filter would hide messages next time).
 */
export const savedLogView: SavedKind<SavedLogView> = {
  name: 'log',
  version: 1,
  schema: record({ timeMode: orDefault(v.picklist(['clock', 'relative']), 'clock') }),
  empty: () => ({ timeMode: 'clock' }),
  migrations: { 0: (old) => old },
  countsEntries: false,
}
