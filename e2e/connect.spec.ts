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
})
