import { readFile, writeFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { connectionStatus, expect, openApp, test } from './fixtures/test'

const STORAGE_KEY = 'mqtt-scope.profiles'

const profileList = (page: Page) => page.getByRole('list', { name: 'Connection profiles' })
const profilesMessage = (page: Page) => page.getByRole('status', { name: 'Profiles message' })
const brokerUrl = (page: Page) => page.getByRole('textbox', { name: 'Broker URL' })
// "Remember password" and "Include passwords" contain the word too.
const passwordField = (page: Page) => page.getByLabel('Password', { exact: true })

/** Fills the connection form and saves it as a profile named `name`. */
async function saveProfile(
  page: Page,
  name: string,
  form: { url: string; username?: string; password?: string; remember?: boolean },
): Promise<void> {
  await brokerUrl(page).fill(form.url)
  await page.getByRole('textbox', { name: 'Username' }).fill(form.username ?? '')
  await passwordField(page).fill(form.password ?? '')
  await page.getByRole('textbox', { name: 'Profile name' }).fill(name)
  await page.getByRole('checkbox', { name: 'Remember password' }).setChecked(form.remember ?? false)
  await page.getByRole('button', { name: 'Save as profile' }).click()
  await expect(profilesMessage(page)).toContainText(`Saved profile \u201c${name}\u201d`)
}

/** What the page keeps under the profiles key. */
const storedProfiles = (page: Page) =>
  page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY)

test('starts with corrupt stored profiles, says what it reset, and still connects', async ({
  page,
  embedded,
}) => {
  await page.addInitScript((key) => {
    localStorage.setItem(key, '{"state": {"profiles": [{"name": "half a profi')
  }, STORAGE_KEY)
  await openApp(page)

  await expect(page.getByRole('alert')).toHaveText(
    /Saved connection profiles could not be read and were reset to the built-in presets\./,
  )
  // Only the built-in presets are left, and storage now holds clean data again.
  await expect(profileList(page).getByRole('listitem')).toHaveCount(9)
  expect(JSON.parse((await storedProfiles(page)) ?? 'null')).toEqual({
    version: 1,
    data: { profiles: [] },
  })

  await brokerUrl(page).fill(`ws://127.0.0.1:${embedded.wsPort}`)
  await page.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(connectionStatus(page)).toContainText('Connected')

  await page.getByRole('alert').getByRole('button', { name: 'OK' }).click()
  await expect(page.getByRole('alert')).toHaveCount(0)
})

test('a saved profile survives a reload without its password when "Remember password" is off', async ({
  page,
  embedded,
}) => {
  const url = `ws://127.0.0.1:${embedded.wsPort}`
  await openApp(page)
  await saveProfile(page, 'Embedded', { url, username: 'alice', password: 's3cret-pw' })
  await expect(profilesMessage(page)).toContainText('without the password')

  await page.reload()
  const item = profileList(page).getByRole('listitem').filter({ hasText: 'Embedded' })
  await expect(item).toHaveCount(1)
  await expect(item).toContainText(url)
  expect(await storedProfiles(page)).not.toContain('s3cret-pw')

  await passwordField(page).fill('typed-later')
  await page.getByRole('button', { name: 'Use profile Embedded' }).click()
  await expect(brokerUrl(page)).toHaveValue(url)
  await expect(page.getByRole('textbox', { name: 'Username' })).toHaveValue('alice')
  await expect(passwordField(page)).toHaveValue('')
})

test('exports profiles without passwords, and imports them and an MQTTX export back', async ({
  page,
  embedded,
}, testInfo) => {
  const url = `ws://127.0.0.1:${embedded.wsPort}`
  await openApp(page)
  await saveProfile(page, 'Kept secret', { url, password: 'hunter2-pw', remember: true })
  expect(await storedProfiles(page)).toContain('hunter2-pw')

  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export profiles' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe('mqtt-scope-profiles.json')
  const exported = testInfo.outputPath('exported.json')
  await download.saveAs(exported)
  const text = await readFile(exported, 'utf8')
  expect(text).not.toContain('hunter2-pw')
  expect(JSON.parse(text)).toMatchObject({
    format: 'mqtt-scope-profiles',
    version: 1,
    profiles: [{ name: 'Kept secret', url, rememberPassword: true }],
  })
  await expect(profilesMessage(page)).toHaveText('Exported 1 profile without passwords.')

  page.once('dialog', (dialog) => void dialog.accept())
  await page.getByRole('button', { name: 'Delete profile' }).click()
  await expect(page.getByRole('button', { name: 'Use profile Kept secret' })).toHaveCount(0)

  const importFile = page.getByLabel('Import profiles file')
  await importFile.setInputFiles(exported)
  await expect(profilesMessage(page)).toHaveText('Imported 1 profile.')
  await expect(page.getByRole('button', { name: 'Use profile Kept secret' })).toBeVisible()

  const mqttx = testInfo.outputPath('mqttx-connections.json')
  await writeFile(
    mqttx,
    JSON.stringify([
      {
        clientId: 'mqttx_e2e',
        name: 'From MQTTX',
        protocol: 'ws',
        host: '127.0.0.1',
        port: embedded.wsPort,
        path: '/',
        mqttVersion: '3.1.1',
        keepalive: 60,
        clean: true,
        username: '',
        password: 'not-kept',
        ssl: false,
        subscriptions: [
          { topic: 'plant/#', qos: 1, nl: true, rap: false, rh: 2, createAt: '2026-01-01' },
          { topic: 'off/#', qos: 0, disabled: true, createAt: '2026-01-01' },
        ],
        messages: [],
      },
      {
        clientId: 'mqttx_tcp',
        name: 'MQTTX over TCP',
        protocol: 'mqtt',
        host: '127.0.0.1',
        port: embedded.tcpPort,
        mqttVersion: '5.0',
        keepalive: 60,
        clean: true,
        username: '',
        password: '',
        ssl: false,
      },
    ]),
  )
  await importFile.setInputFiles(mqttx)
  await expect(profilesMessage(page)).toContainText('Imported 2 profiles from an MQTTX export.')
  await expect(profilesMessage(page)).toContainText('MQTT over TCP, which browsers cannot open')
  await expect(profilesMessage(page)).toContainText('A password was not imported')
  await expect(
    profileList(page).getByRole('listitem').filter({ hasText: 'From MQTTX' }),
  ).toContainText(`ws://127.0.0.1:${embedded.wsPort}/`)
  await expect(
    profileList(page).getByRole('listitem').filter({ hasText: 'MQTTX over TCP' }),
  ).toContainText(`mqtt://127.0.0.1:${embedded.tcpPort}`)
  expect(await storedProfiles(page)).not.toContain('not-kept')

  // MQTTX's subscriptions come along (the switched-off one not), with their MQTT 5 options.
  await expect(
    profileList(page).getByRole('listitem').filter({ hasText: 'From MQTTX' }),
  ).toContainText('1 subscription')
  await page.getByRole('button', { name: 'Use profile From MQTTX' }).click()
  await expect(page.getByRole('list', { name: 'Subscriptions' }).getByRole('listitem')).toHaveText([
    'plant/#QoS 1waiting for connection · No Local · Retain handling 2×',
  ])
})

test('"Use profile" fills the connection form and Connect reaches the embedded broker', async ({
  page,
  embedded,
}) => {
  const url = `ws://127.0.0.1:${embedded.wsPort}`
  await openApp(page)
  // The tab's subscriptions are saved with the profile.
  await page.getByRole('textbox', { name: 'Topic filter' }).fill('plant/#')
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click()
  await saveProfile(page, 'Embedded broker', { url })
  const saved = profileList(page).getByRole('listitem').filter({ hasText: 'Embedded broker' })
  await expect(saved).toContainText('1 subscription')

  // A new tab, set to elsewhere: the profile fills its form and lists the subscription.
  await page.getByRole('button', { name: 'New tab' }).click()
  await page.getByRole('combobox', { name: 'MQTT version' }).selectOption('5')
  await brokerUrl(page).fill('ws://127.0.0.1:1')
  const subs = page.getByRole('list', { name: 'Subscriptions' })
  await expect(subs.getByRole('listitem')).toHaveCount(0)

  await page.getByRole('button', { name: 'Use profile Embedded broker' }).click()
  await expect(brokerUrl(page)).toHaveValue(url)
  await expect(saved).toHaveAttribute('aria-current', 'true')
  await expect(subs.getByRole('listitem')).toHaveCount(1)
  await page.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(connectionStatus(page)).toContainText('Connected (MQTT')
  await expect(subs.getByRole('listitem').filter({ hasText: 'plant/#' })).toContainText('active')
  // Switching profiles waits for a disconnect.
  await expect(page.getByRole('button', { name: 'Use profile Embedded broker' })).toBeDisabled()
})
