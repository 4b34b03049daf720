import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../../i18n'
import { storageNotice } from '../../lib/persist'
import { selectShown, setForm, useAppStore } from '../../store/appStore'
import { useProfilesStore } from '../../store/profilesStore'
import { savedProfiles } from '../../store/saved/profiles'
import { patchShown } from '../../test/fakeHost'
import { ProfilesPanel } from './ProfilesPanel'

const initialApp = useAppStore.getState()
const initialProfiles = useProfilesStore.getState()

beforeEach(() => {
  useAppStore.setState(initialApp, true)
  useProfilesStore.setState(initialProfiles, true)
  localStorage.clear()
})

afterEach(async () => {
  vi.restoreAllMocks()
  localStorage.clear()
  await i18n.changeLanguage('en')
})

const list = () => screen.getByRole('list', { name: 'Connection profiles' })
const message = () => screen.getByRole('status', { name: 'Profiles message' })

describe('ProfilesPanel', () => {
  it('lists the presets, wss first, and fills the form from one', () => {
    render(<ProfilesPanel />)
    const names = within(list())
      .getAllByRole('listitem')
      .map((li) => li.querySelector('.profile-name')?.textContent)
    expect(names).toEqual([
      'EMQX public broker (wss)',
      'EMQX public broker (ws)',
      'Mosquitto test broker (wss)',
      'Mosquitto test broker (ws)',
      'HiveMQ public broker (wss)',
      'HiveMQ public broker (ws)',
      'Eclipse public broker (wss)',
      'Eclipse public broker (ws)',
      'Local broker (npm start)',
    ])
    fireEvent.click(screen.getByRole('button', { name: 'Use profile Mosquitto test broker (wss)' }))
    expect(selectShown(useAppStore.getState()).form.url).toBe('wss://test.mosquitto.org:8081')
    // A preset is read-only: it can be copied, not updated or deleted.
    expect(screen.getByRole('button', { name: 'Update profile' })).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Delete profile' })).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Duplicate profile' })).toBeEnabled()
  })

  it('saves the form under the typed name and deletes it after a confirmation', () => {
    render(<ProfilesPanel />)
    setForm('c1', { url: 'ws://lab:9001', password: 'pw' })
    fireEvent.change(screen.getByRole('textbox', { name: 'Profile name' }), {
      target: { value: 'Lab' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Save as profile' }))
    expect(message()).toHaveTextContent(
      'Saved profile \u201cLab\u201d. It was saved without the password (tick \u201cRemember password\u201d to keep it).',
    )
    expect(screen.getByRole('button', { name: 'Use profile Lab' })).toBeInTheDocument()

    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true)
    fireEvent.click(screen.getByRole('button', { name: 'Delete profile' }))
    expect(screen.getByRole('button', { name: 'Use profile Lab' })).toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: 'Delete profile' }))
    expect(confirm).toHaveBeenCalledWith('Delete the profile \u201cLab\u201d?')
    expect(screen.queryByRole('button', { name: 'Use profile Lab' })).toBeNull()
  })

  it('refuses to switch profiles while connected', () => {
    patchShown({ status: { state: 'connected' } })
    render(<ProfilesPanel />)
    expect(
      screen.getByRole('button', { name: 'Use profile Local broker (npm start)' }),
    ).toBeDisabled()
  })

  it('shows what was reset as an alert that can be dismissed', () => {
    useProfilesStore.setState({ notice: storageNotice(savedProfiles, 'unreadable') })
    render(<ProfilesPanel />)
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Saved connection profiles could not be read and were reset to the built-in presets.',
    )
    fireEvent.click(within(screen.getByRole('alert')).getByRole('button', { name: 'OK' }))
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('imports an MQTTX file and tells about mqtt:// connections; a bad file only gets a message', async () => {
    render(<ProfilesPanel />)
    const input = screen.getByLabelText('Import profiles file')
    const mqttx = JSON.stringify([
      { name: 'Edge', host: 'edge.local', port: 1883, protocol: 'mqtt', mqttVersion: '5.0' },
    ])
    fireEvent.change(input, { target: { files: [new File([mqttx], 'mqttx.json')] } })
    await waitFor(() =>
      expect(message()).toHaveTextContent(/^Imported 1 profile from an MQTTX export\./),
    )
    expect(message()).toHaveTextContent('browsers cannot open')
    expect(screen.getByRole('button', { name: 'Use profile Edge' })).toBeInTheDocument()
    // The message is kept as codes: switching the language rewords what is on screen.
    const shown = message()
    await act(() => i18n.changeLanguage('zh'))
    expect(shown).toHaveTextContent(
      /^已导入 1 个配置（来自 MQTTX 导出文件）。 以下配置使用基于 TCP 的 MQTT/,
    )
    await act(() => i18n.changeLanguage('en'))

    fireEvent.change(input, { target: { files: [new File(['not json'], 'junk.json')] } })
    await waitFor(() => expect(message()).toHaveTextContent(/^junk\.json: Not a profiles file/))
    expect(useProfilesStore.getState().profiles).toHaveLength(1)
  })
})
