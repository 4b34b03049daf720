import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { coded } from '../lib/coded'
import { EMPTY_WILL } from '../mqtt/publishDraft'
import { storageNotice } from '../lib/persist'
import { selectShown, setForm as setFormOf, useAppStore } from './appStore'
import { DEFAULT_FORM, type ConnectionForm } from './connection'
import { LOCAL_PRESET_ID, MAX_PROFILES, PRESETS, type Profile } from './profileModel'
import {
  applyLastUsedProfile,
  loadProfiles,
  PROFILES_STORAGE_KEY,
  useProfilesStore,
} from './profilesStore'
import { openConnection } from './connections'
import { parseProfileEntry, savedProfiles } from './saved/profiles'
import { subscribe } from './subscriptions'

const initialApp = useAppStore.getState()
const initialProfiles = useProfilesStore.getState()

const setForm = (patch: Partial<ConnectionForm>) => setFormOf('c1', patch)
const profiles = () => useProfilesStore.getState().profiles
const store = () => useProfilesStore.getState()

/** What localStorage holds under the profiles key, parsed. */
function stored(): { data: { profiles: Profile[]; selectedId?: string }; version: number } {
  const raw = localStorage.getItem(PROFILES_STORAGE_KEY)
  if (raw === null) throw new Error('nothing stored')
  return JSON.parse(raw) as ReturnType<typeof stored>
}

/** Writes raw text as the stored profiles and reads it back as at page load. */
function loadFrom(raw: string): void {
  localStorage.setItem(PROFILES_STORAGE_KEY, raw)
  useProfilesStore.setState(loadProfiles())
}

const RESET_NOTICE = storageNotice(savedProfiles, 'unreadable')

beforeEach(() => {
  useAppStore.setState(initialApp, true)
  useProfilesStore.setState(initialProfiles, true)
  localStorage.clear()
})

afterEach(() => {
  localStorage.clear()
})

describe('profilesStore: saving and editing', () => {
  it('saves the connection form as a profile and selects it', () => {
    setForm({ url: 'ws://broker.local:8083/mqtt', username: 'alice', version: '3.1.1' })
    const said = store().saveAsProfile('Lab broker', false)
    expect(said).toEqual([coded('profiles.saved', { name: 'Lab broker' })])
    expect(profiles()).toHaveLength(1)
    const [p] = profiles()
    expect(p).toMatchObject({
      name: 'Lab broker',
      url: 'ws://broker.local:8083/mqtt',
      username: 'alice',
      version: '3.1.1',
      rememberPassword: false,
      keepalive: 30,
      clean: true,
    })
    expect(store().selectedId).toBe(p?.id)
  })

  it('names a profile after the broker host when no name is given', () => {
    setForm({ url: 'wss://example.org:8884/mqtt' })
    store().saveAsProfile('  ', false)
    expect(profiles()[0]?.name).toBe('example.org:8884')
  })

  it('keeps names unique, also against the built-in presets', () => {
    store().saveAsProfile('Lab', false)
    expect(store().saveAsProfile('lab', false)).toEqual([
      coded('profiles.savedRenamed', { name: 'lab (2)', wanted: 'lab' }),
    ])
    store().saveAsProfile('EMQX public broker (wss)', false)
    expect(profiles().map((p) => p.name)).toEqual([
      'Lab',
      'lab (2)',
      'EMQX public broker (wss) (2)',
    ])
  })

  it('updates a saved profile from the form and refuses to change a preset', () => {
    setForm({ url: 'ws://a:1' })
    store().saveAsProfile('A', false)
    const id = profiles()[0]?.id ?? ''
    setForm({ url: 'ws://b:2', keepalive: 90, clean: false })
    expect(store().updateProfile(id, 'B', false)).toEqual([
      coded('profiles.updated', { name: 'B' }),
    ])
    expect(profiles()[0]).toMatchObject({
      id,
      name: 'B',
      url: 'ws://b:2',
      keepalive: 90,
      clean: false,
    })
    const presetId = PRESETS[0]?.id ?? ''
    expect(store().updateProfile(presetId, 'X', false)).toEqual([coded('profiles.presetReadOnly')])
    expect(store().updateProfile('gone', 'X', false)).toEqual([coded('profiles.selectToUpdate')])
    expect(profiles()).toHaveLength(1)
  })

  it('duplicates a preset into an editable copy after the saved profiles', () => {
    store().saveAsProfile('Mine', false)
    const preset = PRESETS.find((p) => p.name === 'HiveMQ public broker (wss)')
    expect(store().duplicateProfile(preset?.id ?? '')).toEqual([
      coded('profiles.duplicated', {
        source: 'HiveMQ public broker (wss)',
        name: 'HiveMQ public broker (wss) copy',
      }),
    ])
    expect(store().duplicateProfile('gone')).toEqual([coded('profiles.selectToDuplicate')])
    const copy = profiles()[1]
    expect(copy).toMatchObject({
      name: 'HiveMQ public broker (wss) copy',
      url: 'wss://broker.hivemq.com:8884/mqtt',
    })
    expect(copy?.id).not.toBe(preset?.id)
    expect(store().selectedId).toBe(copy?.id)
    expect(store().updateProfile(copy?.id ?? '', 'Mine', false)).toEqual([
      coded('profiles.updatedRenamed', { name: 'Mine (2)', wanted: 'Mine' }),
    ])
  })

  it('duplicates a saved profile right after its original', () => {
    store().saveAsProfile('A', false)
    store().saveAsProfile('B', false)
    store().duplicateProfile(profiles()[0]?.id ?? '')
    expect(profiles().map((p) => p.name)).toEqual(['A', 'A copy', 'B'])
  })

  it('deletes a saved profile and forgets it as the last used, but never deletes a preset', () => {
    store().saveAsProfile('A', false)
    const id = profiles()[0]?.id ?? ''
    expect(store().deleteProfile(id)).toEqual([coded('profiles.deleted', { name: 'A' })])
    expect(profiles()).toEqual([])
    expect(store().selectedId).toBeUndefined()
    expect(store().deleteProfile(PRESETS[0]?.id ?? '')).toEqual([
      coded('profiles.presetUndeletable'),
    ])
    expect(store().deleteProfile(id)).toEqual([coded('profiles.selectToDelete')])
  })

  it('moves a profile up and down and stops at either end', () => {
    for (const n of ['A', 'B', 'C']) store().saveAsProfile(n, false)
    const [a, , c] = profiles()
    store().moveProfile(c?.id ?? '', -1)
    expect(profiles().map((p) => p.name)).toEqual(['A', 'C', 'B'])
    store().moveProfile(a?.id ?? '', -1)
    store().moveProfile(a?.id ?? '', 1)
    expect(profiles().map((p) => p.name)).toEqual(['C', 'A', 'B'])
    store().moveProfile(a?.id ?? '', 1)
    store().moveProfile(a?.id ?? '', 1)
    expect(profiles().map((p) => p.name)).toEqual(['C', 'B', 'A'])
    expect(stored().data.profiles.map((p) => p.name)).toEqual(['C', 'B', 'A'])
  })

  it('puts a profile into the form and clears the password when it has none stored', () => {
    setForm({ url: 'ws://x:1', username: 'bob', password: 'typed', clientId: 'c1' })
    store().saveAsProfile('X', false)
    setForm({ url: 'ws://other:2', password: 'other-secret' })
    store().useProfile(profiles()[0]?.id ?? '')
    expect(selectShown(useAppStore.getState()).form).toMatchObject({
      url: 'ws://x:1',
      username: 'bob',
      clientId: 'c1',
      password: '',
    })
  })

  it('keeps the tab’s subscriptions in the profile and lists them again when it is used', () => {
    setForm({ url: 'ws://x:1' })
    subscribe('c1', 'plant/#', 1)
    subscribe('c1', 'alarms/+', 2)
    store().saveAsProfile('Plant', false)
    expect(profiles()[0]?.subscriptions).toEqual([
      { filter: 'plant/#', qos: 1 },
      { filter: 'alarms/+', qos: 2 },
    ])
    expect(stored().data.profiles[0]?.subscriptions).toHaveLength(2)

    const other = openConnection({ show: true })
    store().useProfile(profiles()[0]?.id ?? '')
    expect(useAppStore.getState().connections[other]?.subscriptions).toMatchObject([
      { filter: 'plant/#', qos: 1, state: 'idle' },
      { filter: 'alarms/+', qos: 2, state: 'idle' },
    ])
    // A profile without subscriptions adds none.
    store().useProfile(PRESETS[0]?.id ?? '')
    expect(useAppStore.getState().connections[other]?.subscriptions).toHaveLength(2)
  })

  it('applies a preset to the form', () => {
    const eclipse = PRESETS.find((p) => p.name === 'Eclipse public broker (wss)')
    store().useProfile(eclipse?.id ?? '')
    expect(selectShown(useAppStore.getState()).form.url).toBe(
      'wss://mqtt.eclipseprojects.io:443/mqtt',
    )
    expect(store().selectedId).toBe(eclipse?.id)
  })
})

describe('profilesStore: passwords', () => {
  it('keeps the password neither in the profile nor in storage without "Remember password"', () => {
    setForm({ url: 'ws://x:1', password: 's3cret' })
    expect(store().saveAsProfile('X', false)).toEqual([
      coded('profiles.saved', { name: 'X' }),
      coded('profiles.passwordLeftOut'),
    ])
    expect(profiles()[0]?.password).toBeUndefined()
    expect(localStorage.getItem(PROFILES_STORAGE_KEY)).not.toContain('s3cret')
  })

  it('stores the password with "Remember password" and puts it back into the form', () => {
    setForm({ url: 'ws://x:1', password: 's3cret' })
    expect(store().saveAsProfile('X', true)).toEqual([
      coded('profiles.saved', { name: 'X' }),
      coded('profiles.passwordKept'),
    ])
    expect(stored().data.profiles[0]?.password).toBe('s3cret')
    setForm({ password: '' })
    store().useProfile(profiles()[0]?.id ?? '')
    expect(selectShown(useAppStore.getState()).form.password).toBe('s3cret')
  })

  it('drops a remembered password from storage once "Remember password" is turned off', () => {
    setForm({ url: 'ws://x:1', password: 's3cret' })
    store().saveAsProfile('X', true)
    store().updateProfile(profiles()[0]?.id ?? '', 'X', false)
    expect(localStorage.getItem(PROFILES_STORAGE_KEY)).not.toContain('s3cret')
  })

  it('never writes a password of a profile that does not remember it, whatever the state holds', () => {
    useProfilesStore.setState({
      profiles: [
        {
          id: 'p1',
          name: 'P',
          url: 'ws://x:1',
          version: '5',
          clientId: '',
          username: '',
          password: 'leak',
          rememberPassword: false,
          keepalive: 30,
          clean: true,
        },
      ],
    })
    expect(localStorage.getItem(PROFILES_STORAGE_KEY)).not.toContain('leak')
  })

  it('imports a password only for profiles that remember it', () => {
    const said = store().importProfiles([
      {
        name: 'A',
        url: 'ws://a:1',
        version: '5',
        clientId: '',
        username: 'u',
        keepalive: 30,
        clean: true,
        rememberPassword: true,
        password: 'keep',
      },
      {
        name: 'B',
        url: 'ws://b:1',
        version: '5',
        clientId: '',
        username: 'u',
        keepalive: 30,
        clean: true,
        rememberPassword: false,
        password: 'drop',
      },
    ])
    expect(said).toEqual([coded('profiles.imported', { count: 2 })])
    expect(profiles().map((p) => p.password)).toEqual(['keep', undefined])
  })
})

describe('profilesStore: what the actions say', () => {
  const entry = (name: string) => ({
    name,
    url: `ws://${name}:1`,
    version: '5' as const,
    clientId: '',
    username: '',
    keepalive: 30,
    clean: true,
    rememberPassword: false,
  })

  it('counts imported, renamed and left-out profiles, naming an MQTTX source', () => {
    store().saveAsProfile('a', false)
    const filler = Array.from({ length: MAX_PROFILES - 3 }, (_, i) => entry(`f${i}`))
    store().importProfiles(filler)
    expect(
      store().importProfiles([entry('a'), entry('b'), entry('c'), entry('d')], 'MQTTX'),
    ).toEqual([
      coded('profiles.importedMqttx', { count: 2 }),
      coded('profiles.importRenamed', { count: 1 }),
      coded('profiles.importOverLimit', { count: 2, max: MAX_PROFILES }),
    ])
    expect(profiles()).toHaveLength(MAX_PROFILES)
    expect(store().saveAsProfile('one more', false)).toEqual([
      coded('profiles.tooMany', { max: MAX_PROFILES }),
    ])
    expect(store().duplicateProfile(profiles()[0]?.id ?? '')).toEqual([
      coded('profiles.tooMany', { max: MAX_PROFILES }),
    ])
  })
})

describe('profilesStore: storage', () => {
  it('writes the current version with the profiles and the last used one', () => {
    store().saveAsProfile('A', false)
    const s = stored()
    expect(s.version).toBe(savedProfiles.version)
    expect(s.data.profiles.map((p) => p.name)).toEqual(['A'])
    expect(s.data.selectedId).toBe(profiles()[0]?.id)
  })

  it('migrates the oldest shape (a plain array of profiles) and rewrites it as the current version', () => {
    loadFrom(
      JSON.stringify([
        {
          id: 'a',
          name: 'Old one',
          url: 'ws://old:1',
          version: 4,
          clientId: 'c',
          username: '',
          keepalive: 10,
          clean: false,
        },
        { id: 'b', name: 'Old two', url: 'wss://old:2/mqtt' },
      ]),
    )
    expect(profiles()).toMatchObject([
      {
        id: 'a',
        name: 'Old one',
        url: 'ws://old:1',
        version: '3.1.1',
        keepalive: 10,
        clean: false,
      },
      {
        id: 'b',
        name: 'Old two',
        version: '5',
        keepalive: 30,
        clean: true,
        rememberPassword: false,
      },
    ])
    expect(store().notice).toBeUndefined()
    expect(stored().version).toBe(savedProfiles.version)
    expect(stored().data.profiles).toHaveLength(2)
  })

  it('resets corrupt JSON to the presets only, says so, and replaces what was stored', () => {
    store().saveAsProfile('Will be lost', false)
    loadFrom('{"state": {"profiles": [tr')
    expect(profiles()).toEqual([])
    expect(store().notice).toEqual(RESET_NOTICE)
    expect(stored()).toEqual({ data: { profiles: [] }, version: savedProfiles.version })
  })

  it('resets a stored value of the wrong shape the same way', () => {
    for (const raw of ['42', '"text"', 'null', '{"state": 5, "version": 1}', '{"profiles": []}']) {
      useProfilesStore.setState({ notice: undefined })
      loadFrom(raw)
      expect(profiles(), raw).toEqual([])
      expect(store().notice, raw).toEqual(RESET_NOTICE)
    }
  })

  it('leaves out damaged entries, keeps the others and says how many were left out', () => {
    loadFrom(
      JSON.stringify({
        state: {
          profiles: [
            {
              id: 'a',
              name: 'Good',
              url: 'ws://good:1',
              version: '5',
              clientId: '',
              username: '',
              rememberPassword: false,
              keepalive: 30,
              clean: true,
            },
            { id: 'b', name: 42, url: 'ws://bad:1' },
            'nonsense',
            { id: 'c', name: 'No URL' },
          ],
          selectedId: 'a',
        },
        version: 1,
      }),
    )
    expect(profiles().map((p) => p.name)).toEqual(['Good'])
    expect(store().selectedId).toBe('a')
    expect(store().notice).toEqual(storageNotice(savedProfiles, 'dropped', 3))
    expect(stored().data.profiles.map((p) => p.name)).toEqual(['Good'])
  })

  it('does not load a password stored for a profile that does not remember it', () => {
    loadFrom(
      JSON.stringify({
        state: {
          profiles: [
            { id: 'a', name: 'A', url: 'ws://a:1', password: 'x', rememberPassword: false },
          ],
        },
        version: 1,
      }),
    )
    expect(profiles()[0]?.password).toBeUndefined()
  })

  it('forgets a last used id that no longer exists', () => {
    loadFrom(JSON.stringify({ state: { profiles: [], selectedId: 'gone' }, version: 1 }))
    expect(store().selectedId).toBeUndefined()
    expect(store().notice).toBeUndefined()
  })
})

describe('applyLastUsedProfile', () => {
  it('applies the last used profile to the form at start', () => {
    setForm({ url: 'ws://saved:1', username: 'u' })
    store().saveAsProfile('Saved', false)
    useAppStore.setState(initialApp, true)
    expect(applyLastUsedProfile()).toBe(true)
    expect(selectShown(useAppStore.getState()).form).toMatchObject({
      url: 'ws://saved:1',
      username: 'u',
    })
  })

  it('leaves the form alone when nothing was used, or the local broker (npm start knows its address)', () => {
    expect(applyLastUsedProfile()).toBe(false)
    store().useProfile(LOCAL_PRESET_ID)
    setForm({ url: 'ws://127.0.0.1:40123' })
    expect(applyLastUsedProfile()).toBe(false)
    expect(selectShown(useAppStore.getState()).form.url).toBe('ws://127.0.0.1:40123')
  })
})

describe('profile options', () => {
  it('keeps the advanced options and the Last Will of the form, and restores them', () => {
    const will = {
      ...EMPTY_WILL,
      enabled: true,
      topic: 'dev/1/status',
      payload: 'offline',
      qos: 1 as const,
    }
    setForm({
      url: 'ws://opts.example:9001',
      sessionExpiry: 300,
      receiveMaximum: '10',
      resubscribe: false,
      will,
    })
    useProfilesStore.getState().saveAsProfile('With options', false)
    const id = useProfilesStore.getState().selectedId!
    setForm({ ...DEFAULT_FORM })
    useProfilesStore.getState().useProfile(id)
    const form = selectShown(useAppStore.getState()).form
    expect(form.sessionExpiry).toBe(300)
    expect(form.receiveMaximum).toBe('10')
    expect(form.resubscribe).toBe(false)
    expect(form.will).toEqual(will)
  })

  it('gives a profile saved without options the default options', () => {
    setForm({ sessionExpiry: 99, resubscribe: false })
    useProfilesStore.getState().useProfile(LOCAL_PRESET_ID)
    expect(selectShown(useAppStore.getState()).form.sessionExpiry).toBe(DEFAULT_FORM.sessionExpiry)
    expect(selectShown(useAppStore.getState()).form.resubscribe).toBe(true)
  })

  it('drops options of the wrong type from stored data', () => {
    const entry = parseProfileEntry({
      name: 'x',
      url: 'ws://x:1',
      options: {
        sessionExpiry: 'soon',
        resubscribe: 'yes',
        receiveMaximum: '5',
        will: { qos: 7, topic: 3 },
      },
    })
    expect(entry?.options).toEqual({ receiveMaximum: '5', will: { ...EMPTY_WILL } })
  })
})
