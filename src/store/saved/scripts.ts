import * as v from 'valibot'
import { SCRIPT_SOURCE_MAX_CHARS, SCRIPTS_SAVED_MAX } from '../../engine/budgets'
import type { SavedKind } from '../../lib/persist'
import { validateTopicFilter } from '../../engine/topicFilter'
import { countDropped, countingDrops, listOf, record } from '../../lib/persistSchema'
import type { ScriptSpec } from '../../scripting/types'
import { MAX_DECODER_BINDINGS } from './decoders'
import { uniqueFilters } from './subscriptions'

/** Characters of a script's name (it is shown in every message about the script). */
export const SCRIPT_NAME_MAX_CHARS = 80

/** The script a filter's decoder binding of format `script` decodes with. */
export interface ScriptBinding {
  filter: string
  scriptId: string
}

export interface SavedScripts {
  scripts: ScriptSpec[]
  bindings: ScriptBinding[]
}

const bindingSchema: v.GenericSchema<unknown, ScriptBinding> = record({
  filter: v.pipe(
    v.string(),
    v.check((f) => validateTopicFilter(f) === undefined),
  ),
  scriptId: v.pipe(v.string(), v.minLength(1)),
})

const scriptSchema: v.GenericSchema<unknown, ScriptSpec> = record({
  id: v.pipe(v.string(), v.minLength(1)),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(SCRIPT_NAME_MAX_CHARS)),
  source: v.pipe(v.string(), v.maxLength(SCRIPT_SOURCE_MAX_CHARS)),
})

/**
 * `mqtt-scope.scripts`: the user's scripts (issue #16), their sources as typed, and which script
 * each decoder binding of format `script` uses. Which connection
 * runs which responder is not saved: a responder that starts answering by itself after a reload
 * would publish without the user asking. A damaged script is left out alone and counted.
 */
export const savedScripts: SavedKind<SavedScripts> = {
  name: 'scripts',
  version: 1,
  schema: record({
    scripts: listOf(scriptSchema, SCRIPTS_SAVED_MAX),
    bindings: v.pipe(
      listOf(bindingSchema, MAX_DECODER_BINDINGS),
      v.transform((list) => uniqueFilters(list, countDropped)),
    ),
  }),
  empty: () => ({ scripts: [], bindings: [] }),
  migrations: {},
  countsEntries: true,
}

/**
 * Scripts a profiles file carries (the saved form, read with the same checks): undefined when
 * it is not that shape at all, else what was usable and how many entries were left out.
 */
export function parseSavedScripts(
  x: unknown,
): { value: SavedScripts; dropped: number } | undefined {
  const { result, dropped } = countingDrops(() => v.safeParse(savedScripts.schema, x))
  return result.success ? { value: result.output, dropped } : undefined
}
