import { publishAll } from './fixtures/publisher'
import { connectionStatus, expect, openOnEmbedded, test } from './fixtures/test'

/**
 * Given two brokers (the embedded Aedes and mosquitto), when the user opens a connection to each
 * in its own tab, then each tab shows only its own topics, counters and status, traffic keeps
 * being counted in the tab that is not shown, switching is instant, and closing a tab ends only
 * that connection.
 */
test('keeps two connections apart, each with its own tree, log and counters', async ({
  page,
  embedded,
  mosquitto,
}) => {
  const embeddedTcp = `mqtt://127.0.0.1:${embedded.tcpPort}`
  await openOnEmbedded(page, embedded, '#')
  await publishAll(
    embeddedTcp,
    [1, 2, 3].map((i) => ({ topic: 'emb/x', payload: String(i) })),
  )
  await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText('3')

  // A second tab, to mosquitto with MQTT 5.
  await page.getByRole('button', { name: 'New tab' }).click()
  const tabs = page.getByRole('tablist', { name: 'Connections' }).getByRole('tab')
  await expect(tabs).toHaveCount(2)
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText('0')
  await expect(page.getByRole('list', { name: 'Subscriptions' }).getByRole('listitem')).toHaveCount(
    0,
  )
  await page.getByRole('textbox', { name: 'Broker URL' }).fill(mosquitto.wsUrl)
  await page.getByRole('combobox', { name: 'MQTT version' }).selectOption('5')
  await page.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(connectionStatus(page)).toContainText('Connected (MQTT 5)')
  await page.getByRole('button', { name: 'Subscribe' }).click()
  await expect(page.getByRole('listitem').filter({ hasText: '#' })).toContainText('active')
  await publishAll(
    mosquitto.tcpUrl,
    [1, 2, 3, 4, 5].map((i) => ({ topic: 'mos/y', payload: String(i) })),
  )
  // Traffic for the tab that is not shown.
  await publishAll(
    embeddedTcp,
    [4, 5].map((i) => ({ topic: 'emb/x', payload: String(i) })),
  )

  const tree = page.getByRole('tree', { name: 'Topics' })
  await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText('5')
  await expect(tree.getByRole('treeitem', { name: /^mos\b/ })).toContainText('5')
  await expect(tree.getByRole('treeitem', { name: /^emb\b/ })).toHaveCount(0)
  await expect(page.getByRole('log', { name: 'Messages' })).not.toContainText('emb/x')

  // Back to the first tab: its own status, counts (including what arrived meanwhile) and tree.
  await tabs.nth(0).click()
  await expect(tabs.nth(0)).toHaveAttribute('aria-selected', 'true')
  await expect(connectionStatus(page)).toContainText('Connected (MQTT 3.1.1)')
  await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText('5')
  await expect(tree.getByRole('treeitem', { name: /^emb\b/ })).toContainText('5')
  await expect(tree.getByRole('treeitem', { name: /^mos\b/ })).toHaveCount(0)
  await expect(page.getByRole('textbox', { name: 'Broker URL' })).toHaveValue(
    `ws://127.0.0.1:${embedded.wsPort}`,
  )

  // Closing the mosquitto tab ends that connection only.
  await page.getByRole('button', { name: /^Close tab 2\./ }).click()
  await expect(tabs).toHaveCount(1)
  await expect(connectionStatus(page)).toContainText('Connected (MQTT 3.1.1)')
  await publishAll(embeddedTcp, [{ topic: 'emb/x', payload: '6' }])
  await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText('6')
})
