// TEMPORARY: run once against the pre-helper code to record what it saves. Not committed.
import { writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { withFakeSession } from '../../test/fakeSessionStores'
import { useAppStore } from '../appStore'
import { usePublishStore } from '../publishStore'
import { useProfilesStore } from '../profilesStore'
import { useChartsStore } from '../chartsStore'
import { useDecoderStore } from '../decoderStore'
import { useLogViewStore } from '../../features/messages/logViewStore'
import { useWorkspaceStore } from '../../features/workspace/workspaceStore'
import { setLanguage } from '../../i18n'
import { EMPTY_DRAFT } from '../../mqtt/publishDraft'

withFakeSession(() => localStorage.clear())

describe('record what the current stores save', () => {
  it('records', async () => {
    const app = useAppStore.getState()
    // Profiles: one with a kept password, advanced options and a Will; one without password.
    app.setForm({
      url: 'wss://broker.example:8884/mqtt',
      clientId: 'scope-1',
      username: 'ada',
      password: 'secret',
      version: '5',
      keepalive: 45,
      clean: false,
      sessionExpiry: 3600,
      reconnectPeriod: 5,
      receiveMaximum: '100',
      userProperties: 'site=lab',
      will: {
        ...app.form.will,
        enabled: true,
        topic: 'scope/will',
        payload: 'gone',
        qos: 1,
        retain: true,
        delay: '5',
        userProperties: [{ key: 'why', value: 'test' }],
      },
    })
    useProfilesStore.getState().saveAsProfile('Lab broker', true)
    useAppStore
      .getState()
      .setForm({ url: 'ws://10.0.0.2:9001', password: 'hidden', version: '3.1.1' })
    useProfilesStore.getState().saveAsProfile('Plant 3.1.1', false)
    useProfilesStore.getState().useProfile(useProfilesStore.getState().profiles[0]!.id)

    // Publish history (queued while disconnected) and templates.
    const pub = usePublishStore.getState()
    pub.setQueueWhileDisconnected(true)
    pub.setDraft({
      ...EMPTY_DRAFT,
      topic: 'lab/cmd',
      payload: '{"on":true}',
      format: 'json',
      qos: 1,
    })
    expect(usePublishStore.getState().publish()).toBe(true)
    pub.setDraft({
      ...EMPTY_DRAFT,
      topic: 'lab/raw',
      payload: 'de ad be ef',
      format: 'hex',
      retain: true,
      properties: {
        ...EMPTY_DRAFT.properties,
        contentType: 'application/octet-stream',
        messageExpiry: '60',
        userProperties: [{ key: 'k', value: 'v' }],
      },
    })
    expect(usePublishStore.getState().publish()).toBe(true)
    pub.setDraft({ ...EMPTY_DRAFT, topic: 'lab/big', payload: 'x'.repeat(20_000) })
    expect(usePublishStore.getState().publish()).toBe(true)
    pub.setDraft({
      ...EMPTY_DRAFT,
      topic: 'lab/cmd',
      payload: '{"on":true}',
      format: 'json',
      qos: 1,
    })
    expect(pub.saveTemplate('Switch on', { kind: 'global' })).toBeUndefined()
    pub.setDraft({ ...EMPTY_DRAFT, topic: 'lab/n', payload: 'n={{counter}}', qos: 2 })
    expect(
      pub.saveTemplate('Counter', { kind: 'broker', url: 'wss://broker.example:8884/mqtt' }),
    ).toBeUndefined()

    // Charts: two broker URLs, value / JSON path / binary / derivative / rate series, a pause.
    const charts = useChartsStore.getState()
    charts.setProfile('wss://broker.example:8884/mqtt')
    const c1 = charts.addSeries({ kind: 'value', topic: 'lab/temp', path: 'value' })
    charts.addSeries({ kind: 'value', topic: 'lab/raw', binary: 'int16le' }, c1)
    charts.setWindow(c1, 300_000)
    const c2 = charts.addChart()
    charts.addSeries({ kind: 'rate', scope: 'connection' }, c2)
    charts.addSeries({ kind: 'rate', scope: 'filter', filter: 'lab/#' }, c2)
    charts.addSeries({ kind: 'value', topic: 'lab/count', derivative: true }, c2)
    charts.pause(c2, 1_700_000_000_000)
    charts.setProfile('ws://10.0.0.2:9001')
    charts.addSeries({ kind: 'rate', scope: 'subtree', topic: 'plant' })

    // Decoder bindings, log view, language, display settings and panel sizes.
    expect(useDecoderStore.getState().bind('plant/+/cbor', 'cbor')).toBeUndefined()
    expect(useDecoderStore.getState().bind('lab/pb', 'hex')).toBeUndefined()
    useLogViewStore.getState().setTimeMode('relative')
    await setLanguage('zh', () => {
      throw new Error('language not saved')
    })
    const ws = useWorkspaceStore.getState()
    ws.setTheme('dark')
    ws.setDensity('compact')
    ws.saveLayout('wss://broker.example:8884/mqtt', 'outer', { sidebar: 24.5, main: 75.5 })
    ws.saveLayout('wss://broker.example:8884/mqtt', 'top', { tree: 60, details: 40 })
    ws.saveLayout('', 'outer', { sidebar: 30, main: 70 })

    const out: Record<string, string> = {}
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i)!
      out[k] = localStorage.getItem(k)!
    }
    const sorted = Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)))
    writeFileSync(
      'src/store/saved/fixtures/saved-by-0.1.0.json',
      JSON.stringify(sorted, null, 2) + '\n',
    )
  })
})
