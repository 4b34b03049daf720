import { publishAll } from './fixtures/publisher'
import { connectionStatus, expect, openApp, test } from './fixtures/test'

/**
 * Given a persistent MQTT 5 session (clean start off, session expiry 300 s) on mosquitto, when
 * QoS 1 messages are published while the dashboard is disconnected, then they arrive after it
 * reconnects with the same client id, and the broker's CONNACK says the session was present.
 */
test('a persistent session receives the QoS 1 messages sent while disconnected', async ({
  page,
  mosquitto,
}) => {
  await openApp(page, { url: mosquitto.wsUrl, v: '5', clientId: 'e2e-persistent' })
  await page.getByRole('checkbox', { name: 'Clean start' }).uncheck()
  await page.getByText('Advanced options').click()
  await page.getByRole('spinbutton', { name: 'Session expiry (s)' }).fill('300')
  await page.getByRole('textbox', { name: 'Topic filter' }).fill('persist/#')
  await page.getByRole('combobox', { name: 'Subscription QoS' }).selectOption('1')
  await page.getByRole('button', { name: 'Subscribe' }).click()
  await page.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(connectionStatus(page)).toContainText('Connected (MQTT 5)')
  await expect(page.getByRole('listitem').filter({ hasText: 'persist/#' })).toContainText('active')
  await page.getByText('Broker answer (CONNACK)').click()
  await expect(page.getByRole('definition').first()).toHaveText('no') // Session present: no

  await page.getByRole('button', { name: 'Disconnect' }).click()
  await expect(connectionStatus(page)).toHaveText('Disconnected')
  await publishAll(
    mosquitto.tcpUrl,
    [1, 2, 3].map((i) => ({ topic: 'persist/t', payload: `m${i}`, options: { qos: 1 } })),
  )

  await page.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(connectionStatus(page)).toContainText('Connected (MQTT 5)')
  await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText('3')
  await expect(page.getByRole('log', { name: 'Messages' })).toContainText('m3')
  await page.getByText('Broker answer (CONNACK)').click()
  await expect(page.getByRole('definition').first()).toHaveText('yes') // Session present: yes
  await page.getByText(/^Connection log/).click()
  await expect(page.getByRole('list', { name: 'Connection log' })).toContainText(
    'the broker kept the session',
  )
})

/**
 * Given a lost connection and a limit of two reconnect attempts, when the broker stays away,
 * then the status counts the attempts with a growing pause and finally says it gave up.
 */
test('gives up after the chosen number of reconnect attempts', async ({ page, embedded }) => {
  await openApp(page, { url: `ws://127.0.0.1:${embedded.wsPort}`, v: '3.1.1' })
  await page.getByText('Advanced options').click()
  await page.getByRole('spinbutton', { name: 'Retry after (s)' }).fill('0.5')
  await page.getByRole('spinbutton', { name: 'Retry attempts' }).fill('2')
  await page.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(connectionStatus(page)).toContainText('Connected (MQTT 3.1.1)')
  await embedded.close()
  await expect(connectionStatus(page)).toContainText('attempt 1 of 2')
  await expect(connectionStatus(page)).toContainText('Gave up after 2 reconnect attempts', {
    timeout: 15_000,
  })
  await expect(connectionStatus(page)).toContainText('Disconnected')
  await page.getByText(/^Connection log/).click()
  const log = page.getByRole('list', { name: 'Connection log' })
  await expect(log).toContainText('Attempt 1 of 2 in 0.5 s')
  await expect(log).toContainText('Attempt 2 of 2 in 1 s')
})
