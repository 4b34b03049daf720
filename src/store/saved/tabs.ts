import * as v from 'valibot'
import { chartSchema, storedChart, type ChartConfig } from './charts'
import type { SavedKind } from '../../lib/persist'
import {
  compact,
  countDropped,
  listOf,
  nonNegative,
  onlyTrue,
  orAbsent,
  orDefault,
  record,
} from '../../lib/persistSchema'
import type { ConnectionForm } from '../appStore'
import {
  FLAG_OPTIONS,
  NUMBER_OPTIONS,
  parseKeepalive,
  parseVersion,
  TEXT_OPTIONS,
} from '../profileModel'
import { willSchema } from './profiles'
import {
  savedSubscription,
  savedSubscriptionSchema,
  uniqueFilters,
  type SavedSubscription,
} from './subscriptions'

/**
 * The open connection tabs, so that a reload brings them back (`mqtt-scope.tabs`): each tab's
 * form, name, subscriptions and chart layout, in order, and which one was shown. Saved and
 * restored by `store/savedTabs.ts`.
 */

/** One open tab: its connection form, and what it subscribes to. */
export interface SavedTab {
  /** The tab's connection id, kept so that per-connection records keyed by it still match. */
  id: string
  /**
   * The form as the user left it. Fields that do not read back are left out: the form's
   * defaults fill them (`{ ...DEFAULT_FORM, ...tab.form }`). `password` is present only when
   * `keepPassword` is true.
   */
  form: Partial<ConnectionForm>
  /** The user ticked "keep password" for this tab: only then is the password saved. */
  keepPassword: boolean
  /** Subscriptions to make again (filter and QoS; their broker state is not saved). */
  subscriptions: SavedSubscription[]
  /** The name the tab was given (absent: named by its broker). */
  name?: string
  /** The tab's chart layout (series, colours, window; never a pause or zoom). */
  charts: ChartConfig[]
}

export interface SavedTabs {
  /** In tab order. */
  tabs: SavedTab[]
  /** The tab on screen; undefined when it was not saved or names no tab (the first is shown). */
  shownId: string | undefined
}

const formFields = {
  url: orAbsent(v.pipe(v.string(), v.trim(), v.nonEmpty())),
  clientId: orAbsent(v.string()),
  username: orAbsent(v.string()),
  password: orAbsent(v.pipe(v.string(), v.nonEmpty())),
  version: v.pipe(
    v.optional(v.unknown()),
    v.transform((x) => (x === undefined ? undefined : parseVersion(x))),
  ),
  keepalive: v.pipe(
    v.optional(v.unknown()),
    v.transform((x) => (x === undefined ? undefined : parseKeepalive(x))),
  ),
  clean: orAbsent(v.boolean()),
  will: orAbsent(willSchema),
  ...Object.fromEntries(NUMBER_OPTIONS.map((k) => [k, orAbsent(nonNegative())])),
  ...Object.fromEntries(TEXT_OPTIONS.map((k) => [k, orAbsent(v.string())])),
  ...Object.fromEntries(FLAG_OPTIONS.map((k) => [k, orAbsent(v.boolean())])),
}

/** A form field of the wrong kind is left out alone (its default applies), never the whole tab. */
const formSchema = v.pipe(
  record(formFields),
  v.transform((f) => compact(f) as Partial<ConnectionForm>),
)

const tabSchema: v.GenericSchema<unknown, SavedTab> = v.pipe(
  record({
    id: v.pipe(v.string(), v.nonEmpty()),
    form: orDefault(formSchema, {}),
    keepPassword: onlyTrue(),
    subscriptions: v.pipe(
      listOf(savedSubscriptionSchema, Number.MAX_SAFE_INTEGER),
      v.transform((list) => uniqueFilters(list, countDropped)),
    ),
    name: orAbsent(v.pipe(v.string(), v.trim(), v.nonEmpty())),
    charts: orDefault(listOf(chartSchema, Number.MAX_SAFE_INTEGER), []),
  }),
  // A password without the tick is not kept, whatever the storage held.
  v.transform((t) => (t.keepPassword ? t : { ...t, form: withoutPassword(t.form) })),
)

function withoutPassword(form: Partial<ConnectionForm>): Partial<ConnectionForm> {
  const { password: _dropped, ...rest } = form
  return rest
}

function tidy(s: { tabs: SavedTab[]; shownId?: string | undefined }): SavedTabs {
  const seen = new Set<string>()
  const tabs = s.tabs.filter((t) => {
    if (seen.has(t.id)) {
      countDropped()
      return false
    }
    seen.add(t.id)
    return true
  })
  const shownId = s.shownId !== undefined && seen.has(s.shownId) ? s.shownId : undefined
  return { tabs, shownId }
}

/** Version 1 is the first: there was nothing to migrate from (tabs were not saved before). */
export const savedTabs: SavedKind<SavedTabs> = {
  name: 'tabs',
  version: 1,
  schema: v.pipe(
    record({
      tabs: listOf(tabSchema, Number.MAX_SAFE_INTEGER),
      shownId: orAbsent(v.string()),
    }),
    v.transform(tidy),
  ),
  empty: () => ({ tabs: [], shownId: undefined }),
  migrations: {},
  countsEntries: true,
  // The last line of defence: a tab without the tick never writes its password.
  toStored: (s) => ({
    ...s,
    tabs: s.tabs.map((t) => (t.keepPassword ? t : { ...t, form: withoutPassword(t.form) })),
  }),
}

/** The saved record of tabs from the app's connections (for the redesign to call). */
export function tabsToSave(
  tabs: readonly {
    id: string
    form: ConnectionForm
    keepPassword: boolean
    subscriptions: readonly SavedSubscription[]
    name?: string | undefined
    charts: ChartConfig[]
  }[],
  shownId: string,
): SavedTabs {
  return {
    tabs: tabs.map((t) => ({
      id: t.id,
      form: t.keepPassword ? t.form : withoutPassword(t.form),
      keepPassword: t.keepPassword,
      subscriptions: t.subscriptions.map(savedSubscription),
      ...(t.name ? { name: t.name } : {}),
      charts: t.charts.map(storedChart),
    })),
    shownId,
  }
}
