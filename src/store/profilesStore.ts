import { create } from 'zustand'
import { coded, type Coded } from '../lib/coded'
import { loadSaved, saveOnChange, storageKey } from '../lib/persist'
import { patchConnection, setForm, useAppStore } from './appStore'
import { DEFAULT_FORM, type ConnectionForm } from './connection'
import {
  isPresetId,
  LOCAL_PRESET_ID,
  MAX_PROFILES,
  nameFromUrl,
  newProfileId,
  optionsOfForm,
  parseKeepalive,
  PRESETS,
  presetsWith,
  uniqueName,
  type LocalBroker,
  type Profile,
  type ProfileEntry,
} from './profileModel'
import { savedProfiles, type SavedProfiles } from './saved/profiles'
import { savedSubscription } from './saved/subscriptions'
import { subscribe } from './subscriptions'

export { isPresetId, PRESETS, type LocalBroker, type Profile, type ProfileEntry }

export const PROFILES_STORAGE_KEY = storageKey(savedProfiles)

export interface ProfilesState {
  /** Saved profiles in the user's order. The built-in presets are not stored (see `PRESETS`). */
  profiles: Profile[]
  /** The profile last used or saved (a preset's id too); applied again at start. */
  selectedId: string | undefined
  /** What happened to stored data the user should know about (reset, entries left out). */
  notice: Coded | undefined
  /** The local broker `npm start` announced (not stored: it is asked again at each start). */
  localBroker: LocalBroker | undefined

  // The actions return what happened as coded sentences (area `profiles`), said in order.

  /** Saves the connection form as a new profile and selects it. */
  saveAsProfile: (name: string, rememberPassword: boolean) => Coded[]
  /** Replaces a saved profile's settings with the connection form. */
  updateProfile: (id: string, name: string, rememberPassword: boolean) => Coded[]
  /** Copies a profile (a preset too: the copy is editable) and selects the copy. */
  duplicateProfile: (id: string) => Coded[]
  deleteProfile: (id: string) => Coded[]
  /** Moves a saved profile one place up (-1) or down (+1). */
  moveProfile: (id: string, delta: -1 | 1) => void
  /** Puts a profile into the connection form and remembers it as the last used. */
  useProfile: (id: string) => void
  /** Adds profiles read from a file (new ids, unique names); MQTTX's is named in the summary. */
  importProfiles: (entries: ProfileEntry[], source?: 'mqtt-scope' | 'MQTTX') => Coded[]
  dismissNotice: () => void
  /** The local preset now points where the running server said its broker is. */
  announceLocalBroker: (local: LocalBroker) => void
}

/** Saved profiles as they are at page load (see `src/lib/persist.ts` for what is checked). */
export function loadProfiles(): Pick<ProfilesState, 'profiles' | 'selectedId' | 'notice'> {
  const { value, notice } = loadSaved(savedProfiles)
  return { ...value, notice }
}

// ---- actions' helpers ------------------------------------------------------------------------

/** Every profile the list shows, saved ones first, then the presets (the local one as announced). */
export function allProfiles(saved: readonly Profile[]): Profile[] {
  return [...saved, ...presetsWith(useProfilesStore.getState().localBroker)]
}

export function findProfile(
  saved: readonly Profile[],
  id: string | undefined,
): Profile | undefined {
  return id === undefined ? undefined : allProfiles(saved).find((p) => p.id === id)
}

/** The form of the connection on screen (profile actions act on it). */
function shownForm(): ConnectionForm {
  const s = useAppStore.getState()
  return s.connections[s.shownId]?.form ?? DEFAULT_FORM
}

/** The profile fields of the current connection form; the password only when it is to be kept. */
function fromForm(name: string, rememberPassword: boolean): ProfileEntry {
  const f = shownForm()
  const entry: ProfileEntry = {
    name,
    url: f.url.trim(),
    version: f.version,
    clientId: f.clientId.trim(),
    username: f.username,
    rememberPassword,
    keepalive: parseKeepalive(f.keepalive),
    clean: f.clean,
    options: optionsOfForm(f),
  }
  if (rememberPassword && f.password !== '') entry.password = f.password
  // The subscriptions the tab has now are made again when the profile is used.
  const s = useAppStore.getState()
  const subs = s.connections[s.shownId]?.subscriptions ?? []
  if (subs.length > 0) entry.subscriptions = subs.map(savedSubscription)
  return entry
}

/**
 * Puts a profile into the connection form (a profile without a stored password clears it), names
 * the tab after it (two tabs to one broker are told apart by their profiles; the user may rename
 * it) and lists its subscriptions on the tab: they go out when the tab connects (at once if it is).
 */
export function applyProfileToForm(p: Profile): void {
  const id = useAppStore.getState().shownId
  patchConnection(id, { name: p.name })
  setForm(id, {
    url: p.url,
    version: p.version,
    clientId: p.clientId,
    username: p.username,
    password: p.password ?? '',
    keepalive: p.keepalive,
    clean: p.clean,
    // Profiles saved before an option existed get its default.
    ...optionsOfForm(DEFAULT_FORM),
    ...p.options,
  })
  // Filters were checked when the profile was read; one the tab already has is left as it is.
  for (const sub of p.subscriptions ?? []) subscribe(id, sub.filter, sub.qos, sub.v5)
}

/** Saved connection profiles (control plane, persisted apart from `appStore`). */
export const useProfilesStore = create<ProfilesState>()((set, get) => ({
  ...loadProfiles(),
  localBroker: undefined,

  saveAsProfile: (rawName, rememberPassword) => {
    const { profiles } = get()
    if (profiles.length >= MAX_PROFILES) return [coded('profiles.tooMany', { max: MAX_PROFILES })]
    const form = shownForm()
    const wanted = rawName.trim() || nameFromUrl(form.url)
    const name = uniqueName(
      wanted,
      profiles.map((p) => p.name),
    )
    const profile: Profile = { id: newProfileId(), ...fromForm(name, rememberPassword) }
    set({ profiles: [...profiles, profile], selectedId: profile.id })
    return [
      name === wanted
        ? coded('profiles.saved', { name })
        : coded('profiles.savedRenamed', { name, wanted }),
      ...passwordNote(profile),
    ]
  },

  updateProfile: (id, rawName, rememberPassword) => {
    const { profiles } = get()
    if (isPresetId(id)) return [coded('profiles.presetReadOnly')]
    const old = profiles.find((p) => p.id === id)
    if (!old) return [coded('profiles.selectToUpdate')]
    const wanted = rawName.trim() || old.name
    const name = uniqueName(
      wanted,
      profiles.filter((p) => p.id !== id).map((p) => p.name),
    )
    const profile: Profile = { id, ...fromForm(name, rememberPassword) }
    set({ profiles: profiles.map((p) => (p.id === id ? profile : p)), selectedId: id })
    return [
      name === wanted
        ? coded('profiles.updated', { name })
        : coded('profiles.updatedRenamed', { name, wanted }),
      ...passwordNote(profile),
    ]
  },

  duplicateProfile: (id) => {
    const { profiles } = get()
    const source = findProfile(profiles, id)
    if (!source) return [coded('profiles.selectToDuplicate')]
    if (profiles.length >= MAX_PROFILES) return [coded('profiles.tooMany', { max: MAX_PROFILES })]
    const name = uniqueName(
      `${source.name} copy`,
      profiles.map((p) => p.name),
    )
    const copy: Profile = { ...source, id: newProfileId(), name }
    // Next to its original, or at the end of the saved profiles when copying a preset.
    const at = profiles.findIndex((p) => p.id === id)
    const next = [...profiles]
    next.splice(at < 0 ? next.length : at + 1, 0, copy)
    set({ profiles: next, selectedId: copy.id })
    return [coded('profiles.duplicated', { source: source.name, name })]
  },

  deleteProfile: (id) => {
    const { profiles, selectedId } = get()
    if (isPresetId(id)) return [coded('profiles.presetUndeletable')]
    const old = profiles.find((p) => p.id === id)
    if (!old) return [coded('profiles.selectToDelete')]
    set({
      profiles: profiles.filter((p) => p.id !== id),
      selectedId: selectedId === id ? undefined : selectedId,
    })
    return [coded('profiles.deleted', { name: old.name })]
  },

  moveProfile: (id, delta) => {
    const { profiles } = get()
    const i = profiles.findIndex((p) => p.id === id)
    const j = i + delta
    if (i < 0 || j < 0 || j >= profiles.length) return
    const next = [...profiles]
    const [moved] = next.splice(i, 1)
    if (moved) next.splice(j, 0, moved)
    set({ profiles: next })
  },

  useProfile: (id) => {
    const p = findProfile(get().profiles, id)
    if (!p) return
    applyProfileToForm(p)
    set({ selectedId: id })
  },

  importProfiles: (entries, source = 'mqtt-scope') => {
    let { profiles } = get()
    let added = 0
    let renamed = 0
    let overLimit = 0
    for (const entry of entries) {
      if (profiles.length >= MAX_PROFILES) {
        overLimit++
        continue
      }
      const name = uniqueName(
        entry.name,
        profiles.map((p) => p.name),
      )
      if (name !== entry.name) renamed++
      const p: Profile = { ...entry, id: newProfileId(), name }
      // The password rule holds for imports too: only with "Remember password".
      if (!p.rememberPassword) delete p.password
      profiles = [...profiles, p]
      added++
    }
    set({ profiles })
    const said = [
      source === 'MQTTX'
        ? coded('profiles.importedMqttx', { count: added })
        : coded('profiles.imported', { count: added }),
    ]
    if (renamed) said.push(coded('profiles.importRenamed', { count: renamed }))
    if (overLimit)
      said.push(coded('profiles.importOverLimit', { count: overLimit, max: MAX_PROFILES }))
    return said
  },

  dismissNotice: () => set({ notice: undefined }),

  announceLocalBroker: (localBroker) => set({ localBroker }),
}))

saveOnChange(
  useProfilesStore,
  savedProfiles,
  (s): SavedProfiles => ({ profiles: s.profiles, selectedId: s.selectedId }),
  (notice) => useProfilesStore.setState({ notice }),
)

/** Says whether the form's password went into the profile, when there was one to keep. */
function passwordNote(p: Profile): Coded[] {
  if (p.password) return [coded('profiles.passwordKept')]
  if (shownForm().password === '') return []
  return [coded('profiles.passwordLeftOut')]
}

/**
 * Applies the last used profile to the connection form at start; returns whether it did. The
 * local broker preset is skipped: `npm start` tells its real address (ports are configurable)
 * through local-broker.json, which startup has applied already.
 */
export function applyLastUsedProfile(): boolean {
  const { profiles, selectedId } = useProfilesStore.getState()
  const p = findProfile(profiles, selectedId)
  if (!p || p.id === LOCAL_PRESET_ID) return false
  applyProfileToForm(p)
  return true
}

export const selectProfiles = (s: ProfilesState) => s.profiles
export const selectSelectedProfileId = (s: ProfilesState) => s.selectedId
export const selectProfilesNotice = (s: ProfilesState) => s.notice
