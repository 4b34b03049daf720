import * as v from 'valibot'
import type { SavedKind } from '../../lib/persist'
import {
  anyValue,
  compact,
  countDropped,
  listOf,
  nonNegative,
  onlyTrue,
  orAbsent,
  orDefault,
  qos,
  record,
  text,
  userProperty,
} from '../../lib/persistSchema'
import type { WillDraft } from '../../mqtt/publishDraft'
import {
  FLAG_OPTIONS,
  isPresetId,
  MAX_PROFILES,
  newProfileId,
  NUMBER_OPTIONS,
  parseKeepalive,
  parseVersion,
  PRESETS,
  TEXT_OPTIONS,
  uniqueName,
  type Profile,
  type ProfileEntry,
  type ProfileOptions,
} from '../profileModel'
import { MAX_USER_PROPERTIES } from './publish'
import { savedSubscriptionSchema, uniqueFilters } from './subscriptions'

/** Longer names and URLs are not what anyone typed; they are cut when read from untrusted data. */
const MAX_NAME_CHARS = 120
const MAX_URL_CHARS = 2048

/** A Last Will: every field type-checked, defaults for the rest (as the form starts). */
export const willSchema: v.GenericSchema<unknown, WillDraft> = record({
  enabled: onlyTrue(),
  topic: text(),
  payload: text(),
  qos: orDefault(qos(), 0),
  retain: onlyTrue(),
  delay: text(),
  expiry: text(),
  contentType: text(),
  payloadFormatIndicator: onlyTrue(),
  responseTopic: text(),
  correlationData: text(),
  userProperties: orDefault(listOf(userProperty(), MAX_USER_PROPERTIES), []),
})

const optionEntries = {
  ...Object.fromEntries(NUMBER_OPTIONS.map((k) => [k, orAbsent(nonNegative())])),
  ...Object.fromEntries(TEXT_OPTIONS.map((k) => [k, orAbsent(v.string())])),
  ...Object.fromEntries(FLAG_OPTIONS.map((k) => [k, orAbsent(v.boolean())])),
  will: orAbsent(willSchema),
}

/** Advanced options and the Will; a field of the wrong kind is left out (its default applies). */
export const profileOptionsSchema = v.pipe(
  record(optionEntries),
  v.transform((o) => compact(o) as ProfileOptions),
)

const trimmedUpTo = (max: number) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.nonEmpty(),
    v.transform((s) => s.slice(0, max)),
  )

/**
 * A profile without its id, as in a file or storage: a name and a URL are required, every other
 * field gets its default. A password survives only with `rememberPassword: true`, so nothing
 * can smuggle one into storage.
 */
export const profileEntrySchema: v.GenericSchema<unknown, ProfileEntry> = v.pipe(
  record({
    name: trimmedUpTo(MAX_NAME_CHARS),
    url: trimmedUpTo(MAX_URL_CHARS),
    version: v.pipe(
      anyValue(),
      v.transform((x) => parseVersion(x) ?? '5'),
    ),
    clientId: text(),
    username: text(),
    rememberPassword: onlyTrue(),
    password: orAbsent(v.pipe(v.string(), v.nonEmpty())),
    keepalive: v.pipe(
      anyValue(),
      v.transform((x) => parseKeepalive(x)),
    ),
    clean: orDefault(v.boolean(), true),
    options: orAbsent(profileOptionsSchema),
    subscriptions: orAbsent(
      v.pipe(
        listOf(savedSubscriptionSchema, Number.MAX_SAFE_INTEGER),
        v.transform((list) => uniqueFilters(list, countDropped)),
      ),
    ),
  }),
  v.transform(({ password, ...rest }) => {
    const entry: ProfileEntry = compact(rest)
    if (rest.rememberPassword && password !== undefined) entry.password = password
    return entry
  }),
)

/** A profile entry from untrusted JSON (a file), or undefined when it is not one. */
export function parseProfileEntry(x: unknown): ProfileEntry | undefined {
  const r = v.safeParse(profileEntrySchema, x)
  return r.success ? r.output : undefined
}

/** A stored profile: an entry with an id (a usable one is kept, a missing one is made). */
const profileSchema: v.GenericSchema<unknown, Profile> = v.pipe(
  v.intersect([record({ id: orAbsent(v.pipe(v.string(), v.nonEmpty())) }), profileEntrySchema]),
  v.transform(({ id, ...entry }) => ({
    id: id !== undefined && !isPresetId(id) ? id : newProfileId(),
    ...entry,
  })),
)

export interface SavedProfiles {
  /** Saved profiles in the user's order (the presets are not stored). */
  profiles: Profile[]
  /** The profile last used or saved (a preset's id too). */
  selectedId: string | undefined
}

/** Ids and names made unique, the last used id kept only when it names a profile. */
function tidy(s: { profiles: Profile[]; selectedId?: string | undefined }): SavedProfiles {
  const ids = new Set<string>()
  const names = new Set<string>()
  const profiles = s.profiles.map((raw) => {
    const p = { ...raw }
    if (ids.has(p.id)) p.id = newProfileId()
    // A name taken by a preset or an earlier entry would make two identical "Use profile" buttons.
    p.name = uniqueName(p.name, names)
    ids.add(p.id)
    names.add(p.name)
    return p
  })
  const sel = s.selectedId
  const selectedId =
    sel !== undefined && (ids.has(sel) || PRESETS.some((p) => p.id === sel)) ? sel : undefined
  return { profiles, selectedId }
}

const savedProfilesSchema: v.GenericSchema<unknown, SavedProfiles> = v.pipe(
  record({
    profiles: listOf(profileSchema, MAX_PROFILES),
    selectedId: orAbsent(v.string()),
  }),
  v.transform(tidy),
)

/**
 * `mqtt-scope.profiles`. Version 0: zustand `persist`'s `{ state: { profiles, selectedId },
 * version: 1 }`, or, before that, a plain array of profiles.
 */
export const savedProfiles: SavedKind<SavedProfiles> = {
  name: 'profiles',
  version: 1,
  schema: savedProfilesSchema,
  empty: () => ({ profiles: [], selectedId: undefined }),
  migrations: {
    0: (old) => {
      if (Array.isArray(old)) return { profiles: old }
      const state = (old as { state?: unknown } | null)?.state
      if (typeof state !== 'object' || state === null) throw new Error('not a profiles state')
      return state
    },
  },
  countsEntries: true,
  // The password is written only for profiles that remember it (the actions never set one
  // otherwise; this is the last line of defence for storage).
  toStored: (s) => ({
    profiles: s.profiles.map(({ password, ...rest }) =>
      rest.rememberPassword && password ? { ...rest, password } : rest,
    ),
    selectedId: s.selectedId,
  }),
}
