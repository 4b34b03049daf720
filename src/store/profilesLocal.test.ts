import { beforeEach, describe, expect, it } from 'vitest'
import { selectShown, useAppStore } from './appStore'
import { LOCAL_PRESET_ID } from './profileModel'
import { allProfiles, useProfilesStore } from './profilesStore'

const initialApp = useAppStore.getState()
const initialProfiles = useProfilesStore.getState()
const shown = () => selectShown(useAppStore.getState())

beforeEach(() => {
  useAppStore.setState(initialApp, true)
  useProfilesStore.setState(initialProfiles, true)
  localStorage.clear()
})

describe('the local broker preset', () => {
  it('is at 9001 until the running server announces its broker, then where it said', () => {
    const local = () => allProfiles([]).find((p) => p.id === LOCAL_PRESET_ID)
    expect(local()?.url).toBe('ws://127.0.0.1:9001')
    useProfilesStore.getState().announceLocalBroker({ url: 'ws://127.0.0.1:19001', version: '5' })
    expect(local()).toMatchObject({ url: 'ws://127.0.0.1:19001', version: '5' })
    useProfilesStore.getState().useProfile(LOCAL_PRESET_ID)
    expect(shown().form).toMatchObject({ url: 'ws://127.0.0.1:19001', version: '5' })
  })
})

describe('using a profile', () => {
  it('names the tab after the profile', () => {
    expect(shown().name).toBeUndefined()
    useProfilesStore.getState().useProfile(LOCAL_PRESET_ID)
    expect(shown().name).toBe('Local broker (npm start)')
  })
})
