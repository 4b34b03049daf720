import { create } from 'zustand'
import type { Coded } from '../lib/coded'
import { loadSaved, saveOnChange, storageKey } from '../lib/persist'
import { DEFAULT_FORM, useAppStore } from './appStore'
import {
  isPresetId,
  LOCAL_PRESET_ID,
  MAX_PROFILES,
  nameFromUrl,
  newProfileId,
  optionsOfForm,
  parseKeepalive,
  PRESETS,
  uniqueName,
  type Profile,
  type ProfileEntry,
} from './profileModel'
import { savedProfiles, type SavedProfiles } from './saved/profiles'

export { isPresetId, PRESETS, type Profile, type ProfileEntry }

export const PROFILES_STORAGE_KEY = storageKey(savedProfiles)

export interface ProfilesState {
  /** Saved profiles in the user's order. The built-in presets are not stored (see `PRESETS`). */
  profiles: Profile[]
  /** The profile last used or saved (a preset's id too); applied again at start. */
  selectedId: string | undefined
  /** What happened to stored data the user should know about (reset, entries left out). */
  notice: Coded | undefined

  /** Saves the connection form as a new profile and selects it; returns what happened. */
  saveAsProfile: (name: string, rememberPassword: boolean) => string
  /** Replaces a saved profile's settings with the connection form; returns what happened. */
  updateProfile: (id: string, name: string, rememberPassword: boolean) => string
  /** Copies a profile (a preset too: the copy is editable) and selects the copy. */
  duplicateProfile: (id: string) => string
  deleteProfile: (id: string) => string
  /** Moves a saved profile one place up (-1) or down (+1). */
  moveProfile: (id: string, delta: -1 | 1) => void
  /** Puts a profile into the connection form and remembers it as the last used. */
  useProfile: (id: string) => void
  /** Adds profiles read from a file (new ids, unique names); returns what happened. */
  importProfiles: (entries: ProfileEntry[]) => string
  dismissNotice: () => void
}

/** Saved profiles as they are at page load (see `src/lib/persist.ts` for what is checked). */
export function loadProfiles(): Pick<ProfilesState, 'profiles' | 'selectedId' | 'notice'> {
  const { value, notice } = loadSaved(savedProfiles)
  return { ...value, notice }
}

// ---- actions' helpers ------------------------------------------------------------------------

/** Every profile the list shows, saved ones first, then the presets. */
export function allProfiles(saved: readonly Profile[]): Profile[] {
  return [...saved, ...PRESETS]
}

export function findProfile(
  saved: readonly Profile[],
  id: string | undefined,
): Profile | undefined {
  return id === undefined ? undefined : allProfiles(saved).find((p) => p.id === id)
}

/** The profile fields of the current connection form; the password only when it is to be kept. */
function fromForm(name: string, rememberPassword: boolean): ProfileEntry {
  const f = useAppStore.getState().form
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
  return entry
}

/** Puts a profile into the connection form; a profile without a stored password clears it. */
export function applyProfileToForm(p: Profile): void {
  useAppStore.getState().setForm({
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
}

const quoted = (name: string) => `\u201c${name}\u201d`
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** Saved connection profiles (control plane, persisted apart from `appStore`). */
export const useProfilesStore = create<ProfilesState>()((set, get) => ({
  ...loadProfiles(),

  saveAsProfile: (rawName, rememberPassword) => {
    const { profiles } = get()
    if (profiles.length >= MAX_PROFILES)
      return `There are already ${MAX_PROFILES} profiles: delete some first.`
    const form = useAppStore.getState().form
    const wanted = rawName.trim() || nameFromUrl(form.url)
    const name = uniqueName(
      wanted,
      profiles.map((p) => p.name),
    )
    const profile: Profile = { id: newProfileId(), ...fromForm(name, rememberPassword) }
    set({ profiles: [...profiles, profile], selectedId: profile.id })
    const renamed = name === wanted ? '' : ` (${quoted(wanted)} was taken)`
    return `Saved profile ${quoted(name)}${renamed}${passwordNote(profile)}.`
  },

  updateProfile: (id, rawName, rememberPassword) => {
    const { profiles } = get()
    if (isPresetId(id)) return 'Built-in presets cannot be changed: duplicate one to edit it.'
    const old = profiles.find((p) => p.id === id)
    if (!old) return 'Select a saved profile to update.'
    const wanted = rawName.trim() || old.name
    const name = uniqueName(
      wanted,
      profiles.filter((p) => p.id !== id).map((p) => p.name),
    )
    const profile: Profile = { id, ...fromForm(name, rememberPassword) }
    set({ profiles: profiles.map((p) => (p.id === id ? profile : p)), selectedId: id })
    return `Updated profile ${quoted(name)}${passwordNote(profile)}.`
  },

  duplicateProfile: (id) => {
    const { profiles } = get()
    const source = findProfile(profiles, id)
    if (!source) return 'Select a profile to duplicate.'
    if (profiles.length >= MAX_PROFILES)
      return `There are already ${MAX_PROFILES} profiles: delete some first.`
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
    return `Duplicated ${quoted(source.name)} as ${quoted(name)}.`
  },

  deleteProfile: (id) => {
    const { profiles, selectedId } = get()
    if (isPresetId(id)) return 'Built-in presets cannot be deleted.'
    const old = profiles.find((p) => p.id === id)
    if (!old) return 'Select a saved profile to delete.'
    set({
      profiles: profiles.filter((p) => p.id !== id),
      selectedId: selectedId === id ? undefined : selectedId,
    })
    return `Deleted profile ${quoted(old.name)}.`
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

  importProfiles: (entries) => {
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
    const parts = [`Imported ${plural(added, 'profile', 'profiles')}`]
    if (renamed) parts.push(`${plural(renamed, 'was', 'were')} renamed to keep names unique`)
    if (overLimit) parts.push(`${overLimit} left out (at most ${MAX_PROFILES} profiles)`)
    return `${parts.join('; ')}.`
  },

  dismissNotice: () => set({ notice: undefined }),
}))

saveOnChange(
  useProfilesStore,
  savedProfiles,
  (s): SavedProfiles => ({ profiles: s.profiles, selectedId: s.selectedId }),
  (notice) => useProfilesStore.setState({ notice }),
)

/** Says whether the form's password went into the profile, when there was one to keep. */
function passwordNote(p: Profile): string {
  if (p.password) return ' with its password'
  if (useAppStore.getState().form.password === '') return ''
  return ' without the password (tick \u201cRemember password\u201d to keep it)'
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
