import * as v from 'valibot'
import { PUBLISH_FORMATS } from '../../codecs/encode'
import { MAX_HISTORY, MAX_TEMPLATES } from '../../engine/budgets'
import type { SavedKind } from '../../lib/persist'
import {
  anyValue,
  compact,
  listOf,
  onlyTrue,
  orAbsent,
  orDefault,
  qos,
  record,
  text,
  userProperty,
} from '../../lib/persistSchema'
import { EMPTY_PROPERTIES, type PublishDraft } from '../../mqtt/publishDraft'

/**
 * Publish history and templates as saved (`mqtt-scope.publish`, formerly `mqtt-scope:publish`).
 * Not wired yet: publishStore.ts still persists through zustand `persist` until the connection
 * redesign moves it here (see docs/architecture.md, "Persistence").
 */

/** Which connections see a template: all, or one broker URL. */
export type TemplateScope = { kind: 'global' } | { kind: 'broker'; url: string }

export interface Template {
  id: string
  name: string
  scope: TemplateScope
  draft: PublishDraft
}

export interface HistoryEntry {
  id: string
  /** ms since epoch. */
  at: number
  draft: PublishDraft
  /** Set when the payload was too large to keep: its length in characters. */
  payloadOmitted?: number
}

export interface SavedPublish {
  /** Newest first, at most MAX_HISTORY. */
  history: HistoryEntry[]
  /** In the user's order, at most MAX_TEMPLATES. */
  templates: Template[]
}

/**
 * User properties kept per draft or Will, as the composer kept them before this helper (a
 * property list is typed by hand; more than this is not what anyone typed).
 */
export const MAX_USER_PROPERTIES = 100

let idCounter = 0
/** A new history or template id (ids are local to one browser). */
export function newPublishId(): string {
  idCounter++
  return `${Date.now().toString(36)}-${idCounter.toString(36)}-${Math.random().toString(36).slice(2, 6)}`
}

/** A draft: the topic and payload text are required; the rest gets the composer's defaults. */
export const draftSchema: v.GenericSchema<unknown, PublishDraft> = record({
  topic: v.string(),
  payload: v.string(),
  format: orDefault(v.picklist(PUBLISH_FORMATS), 'text'),
  qos: orDefault(qos(), 0),
  retain: onlyTrue(),
  properties: orDefault(
    record({
      contentType: text(),
      payloadFormatIndicator: onlyTrue(),
      messageExpiry: text(),
      responseTopic: text(),
      correlationData: text(),
      userProperties: orDefault(listOf(userProperty(), MAX_USER_PROPERTIES), []),
      topicAlias: text(),
    }),
    EMPTY_PROPERTIES,
  ),
})

/** An id as saved, or a new one when it is missing or empty. */
const idOrNew = () =>
  v.pipe(
    anyValue(),
    v.transform((id) => (typeof id === 'string' && id !== '' ? id : newPublishId())),
  )

const scopeSchema: v.GenericSchema<unknown, TemplateScope> = orDefault(
  v.union([
    record({ kind: v.literal('global') }),
    record({ kind: v.literal('broker'), url: v.pipe(v.string(), v.nonEmpty()) }),
  ]),
  { kind: 'global' },
)

/** A template from storage or an imported file: a name and a draft are required. */
export const templateSchema: v.GenericSchema<unknown, Template> = record({
  id: idOrNew(),
  name: v.pipe(v.string(), v.trim(), v.nonEmpty()),
  scope: scopeSchema,
  draft: draftSchema,
})

/** A template from untrusted JSON (an imported file), or undefined when it is not one. */
export function parseTemplate(x: unknown): Template | undefined {
  const r = v.safeParse(templateSchema, x)
  return r.success ? r.output : undefined
}

const historyEntrySchema: v.GenericSchema<unknown, HistoryEntry> = v.pipe(
  record({
    id: idOrNew(),
    at: orDefault(v.pipe(v.number(), v.finite()), 0),
    draft: draftSchema,
    payloadOmitted: orAbsent(v.pipe(v.number(), v.integer(), v.minValue(0))),
  }),
  v.transform((e) => compact(e)),
)

/**
 * Version 0: zustand `persist`'s `{ state: { history, templates }, version: 1 }` under the old
 * key `mqtt-scope:publish` (the only key with a colon); read once, written here, then removed.
 */
export const savedPublish: SavedKind<SavedPublish> = {
  name: 'publish',
  version: 1,
  schema: record({
    history: listOf(historyEntrySchema, MAX_HISTORY),
    templates: listOf(templateSchema, MAX_TEMPLATES),
  }),
  empty: () => ({ history: [], templates: [] }),
  migrations: {
    0: (old) => {
      const state = (old as { state?: unknown } | null)?.state
      if (typeof state !== 'object' || state === null) throw new Error('not a publish state')
      return state
    },
  },
  legacyKeys: ['mqtt-scope:publish'],
  countsEntries: true,
}
