import { startBroker } from '../server/broker'
import { publishAll } from './fixtures/publisher'
import { connectionStatus, counterValue, expect, openApp, test } from './fixtures/test'

/**
 * Given a real mosquitto on loopback, when the app connects with MQTT 5 and subscribes to #,
 * then messages from an external TCP client show with exact counts in the tree and the counter.
 */
test('connects to mosquitto with MQTT 5 and counts external messages exactly', async ({
  page,
  mosquitto,
}) => {
  await openApp(page)
  await page.getByRole('textbox', { name: 'Broker URL' }).fill(mosquitto.wsUrl)
  await page.getByRole('combobox', { name: 'MQTT version' }).selectOption('5')
  await page.getByRole('button', { name: 'Connect' }).click()
  await expect(connectionStatus(page)).toContainText('Connected (MQTT 5)')

  await page.getByRole('textbox', { name: 'Topic filter' }).fill('#')
  await page.getByRole('button', { name: 'Subscribe' }).click()
  const subs = page.getByRole('list', { name: 'Subscriptions' })
  await expect(subs.getByRole('listitem').filter({ hasText: '#' })).toContainText('active')

  const messages = Array.from({ length: 250 }, (_, i) => ({
    topic: `e2e/room${i % 5}/temperature`,
    payload: String(20 + (i % 7)),
  }))
  await publishAll(mosquitto.tcpUrl, messages)

  await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText('250')
  await expect(page.getByRole('status', { name: 'Messages dropped' })).toHaveText('0')
  const tree = page.getByRole('tree', { name: 'Topics' })
  await expect(tree.getByRole('treeitem', { name: /^e2e\b/ })).toContainText('250')
  await page.getByRole('searchbox', { name: 'Filter topics' }).fill('room3')
  await expect(tree.getByRole('treeitem', { name: /^room3\b/ })).toContainText('50')
  await expect(tree.getByRole('treeitem', { name: /^temperature\b/ })).toContainText('50')
  expect(await counterValue(page, 'Messages received')).toBe(250)

  // The log holds every message, newest last, with topic, payload and QoS.
  const log = page.getByRole('log', { name: 'Messages' })
  await expect(log).toContainText('e2e/room4/temperature')
  await expect(log).toContainText('QoS 0')
})

/**
 * Given the embedded Aedes broker (MQTT 3.1.1 only), when the app asks for MQTT 5 through a deep
 * link, then it falls back to 3.1.1, says so, subscribes from the link and shows live data.
 */
test('falls back to MQTT 3.1.1 on the embedded broker and follows the deep link', async ({
  page,
  embedded,
}) => {
  const wsUrl = `ws://127.0.0.1:${embedded.wsPort}`
  await openApp(page, { url: wsUrl, v: '5', sub: ['demo/#', 'other/+'], qos: '1', connect: '1' })
  await expect(connectionStatus(page)).toContainText('Connected (MQTT 3.1.1)')
  await expect(connectionStatus(page)).toContainText('refused MQTT 5')
  await expect(page.getByRole('textbox', { name: 'Broker URL' })).toHaveValue(wsUrl)
  const subs = page.getByRole('list', { name: 'Subscriptions' })
  await expect(subs.getByRole('listitem')).toHaveCount(2)
  await expect(subs.getByRole('listitem').filter({ hasText: 'demo/#' })).toContainText('active')
  await expect(subs.getByRole('listitem').filter({ hasText: 'demo/#' })).toContainText('QoS 1')

  await publishAll(`mqtt://127.0.0.1:${embedded.tcpPort}`, [
    { topic: 'demo/a', payload: '1' },
    { topic: 'demo/b', payload: '2' },
    { topic: 'other/x', payload: '3' },
    { topic: 'ignored/y', payload: '4' },
  ])
  await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText('3')
  const tree = page.getByRole('tree', { name: 'Topics' })
  await expect(tree.getByRole('treeitem', { name: /^demo\b/ })).toContainText('2')
  await expect(tree.getByRole('treeitem', { name: /^other\b/ })).toContainText('1')
  await expect(tree.getByRole('treeitem', { name: /^ignored\b/ })).toHaveCount(0)
})

/**
 * Given a connected session, when the user disconnects, then the status says Disconnected with
 * no error, the broker sees a normal DISCONNECT, and the data received stays on screen.
 */
test('disconnects cleanly and keeps what it received', async ({ page, embedded }) => {
  // Aedes sets `_disconnected` only when the client sent a DISCONNECT packet (a dropped socket
  // leaves it false), so it tells a clean close from a lost connection.
  const disconnected = new Promise<boolean>((resolve) =>
    embedded.aedes.on('clientDisconnect', (client) => {
      if (client.id === 'e2e-clean-disconnect')
        resolve((client as unknown as { _disconnected?: boolean })._disconnected === true)
    }),
  )
  await openApp(page, {
    url: `ws://127.0.0.1:${embedded.wsPort}`,
    v: '3.1.1',
    clientId: 'e2e-clean-disconnect',
    sub: '#',
    connect: '1',
  })
  await expect(connectionStatus(page)).toContainText('Connected (MQTT 3.1.1)')
  await expect(page.getByRole('listitem').filter({ hasText: '#' })).toContainText('active')
  await publishAll(`mqtt://127.0.0.1:${embedded.tcpPort}`, [{ topic: 'kept/value', payload: '42' }])
  await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText('1')

  await page.getByRole('button', { name: 'Disconnect' }).click()
  await expect(connectionStatus(page)).toHaveText('Disconnected')
  expect(await disconnected).toBe(true)
  await expect(page.getByRole('button', { name: 'Connect' })).toBeEnabled()
  await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText('1')
  await expect(
    page.getByRole('tree', { name: 'Topics' }).getByRole('treeitem', { name: /^kept/ }),
  ).toBeVisible()
})

/**
 * Given a connected, subscribed session, when the broker goes away and comes back on the same
 * port, then the status shows Reconnecting with a reason, then Connected, and the subscription
 * still delivers (the session resubscribes the user's filters) while the counts carry on from where they were.
 */
test('reconnects after the broker restarts and keeps its subscriptions', async ({
  page,
  embedded,
}) => {
  const { tcpPort, wsPort } = embedded
  await openApp(page, { url: `ws://127.0.0.1:${wsPort}`, v: '3.1.1', sub: 'plant/#', connect: '1' })
  await expect(connectionStatus(page)).toContainText('Connected')
  await expect(page.getByRole('listitem').filter({ hasText: 'plant/#' })).toContainText('active')
  await publishAll(`mqtt://127.0.0.1:${tcpPort}`, [{ topic: 'plant/a', payload: 'before' }])
  await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText('1')

  await embedded.close()
  await expect(connectionStatus(page)).toContainText('Reconnecting')
  await expect(connectionStatus(page)).toContainText('lost')
  const again = await startBroker({ tcpPort, wsPort })
  try {
    await expect(connectionStatus(page)).toContainText('Connected', { timeout: 15_000 })
    await publishAll(`mqtt://127.0.0.1:${tcpPort}`, [{ topic: 'plant/b', payload: 'after' }])
    await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText('2')
    await expect(page.getByRole('listitem').filter({ hasText: 'plant/#' })).toContainText('active')
    await page.getByText(/^Connection log/).click()
    const log = page.getByRole('list', { name: 'Connection log' })
    await expect(log).toContainText('reconnected after 1 attempt')
    await expect(log).toContainText('resubscribed 1 filter')
  } finally {
    await again.close()
  }
})

/**
 * Given a first visit whose local-broker.json answers late (a slow server; the app waits up to
 * 1.5 s for it), when the user types a broker URL and connects before the answer arrives, then the
 * late answer changes nothing the user set: the form keeps their URL and the connection stays up.
 * (It used to overwrite the form's URL, so a later Connect went to another broker.)
 */
test("a late local-broker answer does not overwrite the user's form", async ({
  page,
  mosquitto,
}) => {
  let release = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route('**/local-broker.json', async (route) => {
    await held
    await route.fulfill({
      json: { name: 'Local broker (npm start)', url: 'ws://127.0.0.1:1/late' },
    })
  })
  const answered = page.waitForResponse('**/local-broker.json')
  await openApp(page)
  const brokerUrl = page.getByRole('textbox', { name: 'Broker URL' })
  await brokerUrl.fill(mosquitto.wsUrl)
  await page.getByRole('button', { name: 'Connect' }).click()
  release()
  // The answer reached the page (had the app given up waiting, this would time out, not pass).
  expect((await answered).ok()).toBe(true)
  await expect(connectionStatus(page)).toContainText('Connected')
  // Two animation frames: the app's handling of the answer has run and rendered by then.
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  )
  await expect(brokerUrl).toHaveValue(mosquitto.wsUrl)
  await expect(connectionStatus(page)).toContainText('Connected')
  await page.screenshot({ path: test.info().outputPath('late-answer.png') })
})
