import type { Page } from '@playwright/test'
import { openSection, publish, results } from './fixtures/composer'
import { externalClient } from './fixtures/publisher'
import { connectionStatus, expect, openApp, test } from './fixtures/test'

/** A folder for a screenshot of the subscriptions panel, when set (for review). */
const SHOTS = process.env.SUBSCRIPTION_SCREENSHOTS

/** Subscribes through the form, with MQTT 5 options when given, and waits for the SUBACK. */
async function subscribe(
  page: Page,
  filter: string,
  options: { noLocal?: boolean; retainHandling?: '0' | '1' | '2'; id?: string } = {},
): Promise<void> {
  await page.getByRole('textbox', { name: 'Topic filter' }).fill(filter)
  await openSection(page, 'MQTT 5 options')
  await page.getByRole('checkbox', { name: 'No Local' }).setChecked(options.noLocal ?? false)
  await page
    .getByRole('combobox', { name: 'Retain handling' })
    .selectOption(options.retainHandling ?? '0')
  await page.getByRole('textbox', { name: 'Subscription identifier' }).fill(options.id ?? '')
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click()
  const item = page
    .getByRole('list', { name: 'Subscriptions' })
    .getByRole('listitem')
    .filter({ hasText: filter })
  await expect(item).toContainText('active')
}

/**
 * Given a retained message under two prefixes on Mosquitto (MQTT 5), when the user subscribes to
 * one prefix plainly and to the other with No Local, Retain Handling 2 and subscription identifier
 * 42, publishes to both from the app and an external client publishes to both, then the plain
 * subscription delivers the retained message, the tab's own publish and the external one, and the
 * one with options only the external one, marked with identifier 42. The plain prefix is the
 * control: without the options the broker would deliver the same three there.
 */
test('No Local, Retain Handling and the identifier reach the broker', async ({
  page,
  mosquitto,
}) => {
  const ext = await externalClient(mosquitto.tcpUrl, 5)
  try {
    for (const prefix of ['plain', 'opt'])
      await ext.publishAsync(`${prefix}/keep`, 'kept', { qos: 1, retain: true })

    await openApp(page, { url: mosquitto.wsUrl, v: '5', connect: '1' })
    await expect(connectionStatus(page)).toContainText('Connected (MQTT 5)')
    await subscribe(page, 'plain/#')
    await subscribe(page, 'opt/#', { noLocal: true, retainHandling: '2', id: '42' })
    const optItem = page
      .getByRole('list', { name: 'Subscriptions' })
      .getByRole('listitem')
      .filter({ hasText: 'opt/#' })
    await expect(optItem).toContainText('No Local · Retain handling 2 · id 42')
    if (SHOTS) await page.locator('.subscriptions').screenshot({ path: `${SHOTS}/sub-options.png` })

    // The app's own publishes, acknowledged (QoS 1) before the external ones are sent, so the
    // broker has routed them first.
    for (const prefix of ['plain', 'opt']) {
      await publish(page, `${prefix}/own`, 'mine', { qos: 1 })
      await expect(results(page).getByRole('listitem').first()).toContainText(
        `${prefix}/own acknowledged (PUBACK)`,
      )
    }
    for (const prefix of ['plain', 'opt'])
      await ext.publishAsync(`${prefix}/ext`, 'theirs', { qos: 1 })
  } finally {
    await ext.endAsync()
  }

  const log = page.getByRole('log', { name: 'Messages' })
  await expect(log).toContainText('opt/ext')
  await expect(log).toContainText('plain/ext')
  await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText('4')
  for (const topic of ['plain/keep', 'plain/own', 'plain/ext', 'opt/ext'])
    await expect(log).toContainText(topic)
  await expect(log).not.toContainText('opt/own')
  await expect(log).not.toContainText('opt/keep')

  // The broker marked what the subscription with options delivered with its identifier.
  await page.getByRole('searchbox', { name: 'Filter topics' }).fill('opt/ext')
  await page.getByRole('tree', { name: 'Topics' }).getByRole('treeitem', { name: /^ext/ }).click()
  const details = page.getByRole('region', { name: 'Topic details' })
  await expect(details).toContainText('opt/ext')
  await expect(details.locator('dl.meta')).toContainText('Subscription identifiers42')
})

/**
 * Given a tab whose subscription has MQTT 5 options, when the app is opened again, then the restored
 * subscription has the same options and is sent with them: the retained message is still held
 * back (Retain Handling 2).
 */
test('a saved tab subscribes again with its options', async ({ page, mosquitto }) => {
  const ext = await externalClient(mosquitto.tcpUrl, 5)
  try {
    await ext.publishAsync('saved/keep', 'kept', { qos: 1, retain: true })
  } finally {
    await ext.endAsync()
  }
  await openApp(page, { url: mosquitto.wsUrl, v: '5', connect: '1' })
  await expect(connectionStatus(page)).toContainText('Connected (MQTT 5)')
  await subscribe(page, 'saved/#', { retainHandling: '2', id: '7' })
  // The saved tabs, not the link (a link sets up a tab of its own).
  await page.goto('/')
  await page.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(connectionStatus(page)).toContainText('Connected (MQTT 5)')
  const item = page
    .getByRole('list', { name: 'Subscriptions' })
    .getByRole('listitem')
    .filter({ hasText: 'saved/#' })
  await expect(item).toContainText('active')
  await expect(item).toContainText('Retain handling 2 · id 7')

  const ext2 = await externalClient(mosquitto.tcpUrl, 5)
  try {
    await ext2.publishAsync('saved/live', 'now', { qos: 1 })
  } finally {
    await ext2.endAsync()
  }
  const log = page.getByRole('log', { name: 'Messages' })
  await expect(log).toContainText('saved/live')
  await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText('1')
  await expect(log).not.toContainText('saved/keep')
})
