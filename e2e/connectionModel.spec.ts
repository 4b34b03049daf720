import type { Page } from '@playwright/test'
import mqtt, { type MqttClient } from 'mqtt'
import { collect, openSection, payloadBox, publish, topicBox } from './fixtures/composer'
import {
  externalClient,
  publishAll,
  startResponder as startResponderOn,
} from './fixtures/publisher'
import { connectionStatus, expect, openApp, openOnEmbedded, test } from './fixtures/test'

/**
 * A connection is a value: everything that belongs to one (its queue, requests, retained list,
 * charts, filter box and data) stays with its tab, whichever tab is on screen.
 */

const tabs = (page: Page) => page.getByRole('tablist', { name: 'Connections' }).getByRole('tab')
const received = (page: Page) => page.getByRole('status', { name: 'Messages received' })
const tree = (page: Page) => page.getByRole('tree', { name: 'Topics' })

/** Opens a new tab and connects it to `url` with `version`. */
async function connectNewTab(page: Page, url: string, version: '3.1.1' | '5'): Promise<void> {
  const before = await tabs(page).count()
  await page.getByRole('button', { name: 'New tab' }).click()
  await expect(tabs(page)).toHaveCount(before + 1)
  await page.getByRole('textbox', { name: 'Broker URL' }).fill(url)
  await page.getByRole('combobox', { name: 'MQTT version' }).selectOption(version)
  await page.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(connectionStatus(page)).toContainText(`Connected (MQTT ${version})`)
}

/** Every message a 3.1.1 client (Aedes speaks no MQTT 5) receives on `filter`. */
async function collect311(
  url: string,
  filter: string,
): Promise<{ client: MqttClient; got: string[] }> {
  const client = await externalClient(url, 4)
  const got: string[] = []
  client.on('message', (topic, payload) => got.push(`${topic} ${payload.toString()}`))
  await client.subscribeAsync(filter, { qos: 1 })
  return { client, got }
}

/**
 * Given tab 1 (mosquitto, disconnected) with two publishes waiting in its queue, when the user
 * opens tab 2 and connects it to another broker, then tab 1's queue stays whole (tab 2's
 * connection is not tab 1's), nothing reaches tab 2's broker, and both go to mosquitto when tab 1
 * itself connects.
 */
test('queued publishes wait for their own tab’s connection, not the one on screen', async ({
  page,
  mosquitto,
  embedded,
}) => {
  const embeddedTcp = `mqtt://127.0.0.1:${embedded.tcpPort}`
  const atMosquitto = await collect(mosquitto.tcpUrl, 'e2e/queued/#')
  const atEmbedded = await collect311(embeddedTcp, '#')
  try {
    await openApp(page, { url: mosquitto.wsUrl, v: '5' })
    await page.getByRole('checkbox', { name: 'Queue while disconnected' }).check()
    await publish(page, 'e2e/queued/a', 'first', { qos: 1 })
    await publish(page, 'e2e/queued/b', 'second', { qos: 1 })
    const queue = page.getByRole('list', { name: 'Publish queue' })
    await expect(queue.getByRole('listitem')).toHaveCount(2)

    await connectNewTab(page, `ws://127.0.0.1:${embedded.wsPort}`, '3.1.1')
    // Tab 2 publishes a marker: once the embedded broker has it, a queued message sent through
    // tab 2's connection would have arrived before it.
    await publish(page, 'e2e/marker', 'from tab 2', { qos: 1 })
    await expect.poll(() => atEmbedded.got).toEqual(['e2e/marker from tab 2'])

    await tabs(page).nth(0).click()
    await expect(connectionStatus(page)).toHaveText('Disconnected')
    await expect(queue.getByRole('listitem')).toHaveCount(2)
    await page.getByRole('button', { name: 'Connect', exact: true }).click()
    await expect(connectionStatus(page)).toContainText('Connected (MQTT 5)')
    await expect(queue).toHaveCount(0)
    await expect
      .poll(() => atMosquitto.got.map((p) => p.payload.toString()))
      .toEqual(['first', 'second'])
    expect(atEmbedded.got).toEqual(['e2e/marker from tab 2'])
  } finally {
    await atMosquitto.client.endAsync()
    await atEmbedded.client.endAsync()
  }
})

/**
 * Given a request answered by a responder, when mosquitto restarts without keeping any session
 * (persistence off) and the app reconnects with a clean start, then the next request still gets
 * its reply: the app subscribes its response topic again instead of believing it still is.
 */
test('a request after a broker restart without a kept session gets its reply', async ({
  page,
  mosquitto,
}) => {
  const startResponder = () => startResponderOn(mosquitto.tcpUrl, 'e2e/svc/ping')
  let responder = await startResponder()
  try {
    await openApp(page, { url: mosquitto.wsUrl, v: '5', connect: '1' })
    await expect(connectionStatus(page)).toContainText('Connected (MQTT 5)')
    await topicBox(page).fill('e2e/svc/ping')
    await payloadBox(page).fill('before')
    await openSection(page, 'Request / response')
    await page.getByRole('spinbutton', { name: 'Reply timeout (s)' }).fill('5')
    await page.getByRole('button', { name: 'Send request' }).click()
    const requests = page.getByRole('list', { name: 'Requests' })
    await expect(requests.getByRole('listitem').first()).toContainText('pong: before')

    responder.end(true)
    await mosquitto.restart()
    responder = await startResponder()
    const log = page.getByRole('list', { name: 'Connection log', includeHidden: true })
    await expect(log).toContainText('reconnected after', { timeout: 15_000 })
    await expect(connectionStatus(page)).toContainText('Connected (MQTT 5)')

    await payloadBox(page).fill('after')
    await page.getByRole('button', { name: 'Send request' }).click()
    await expect(requests.getByRole('listitem').first()).toContainText('pong: after')
    await expect(requests.getByRole('listitem').first()).toContainText(/reply in \d+ ms/)
  } finally {
    await responder.endAsync()
  }
})

/**
 * Given tab 1 on mosquitto with a retained scan listed, a chart of one of its topics and text in
 * the tree's filter box, when the user opens tab 2 to the same broker URL, then tab 2 shows none
 * of them (no "Clear all", no chart, an empty filter box) and its own filter text does not reach
 * tab 1; back on tab 1 all three are as they were.
 */
test('the retained list, chart layout and filter box belong to their tab', async ({
  page,
  mosquitto,
}) => {
  await publishAll(mosquitto.tcpUrl, [
    { topic: 'rt/a', payload: '1.5', options: { retain: true } },
    { topic: 'rt/b', payload: '2.5', options: { retain: true } },
  ])
  await openApp(page, { url: mosquitto.wsUrl, v: '5', sub: 'rt/#', connect: '1' })
  await expect(connectionStatus(page)).toContainText('Connected (MQTT 5)')
  const retained = page.getByRole('region', { name: 'Retained messages' })
  await retained.getByRole('textbox', { name: 'Retained filter' }).fill('rt/#')
  await retained.getByRole('button', { name: 'Scan retained' }).click()
  await expect(retained.getByRole('button', { name: 'Clear all 2 retained' })).toBeVisible()
  await tree(page).getByRole('treeitem', { name: /^rt/ }).click()
  await page.getByRole('button', { name: 'Expand all' }).click()
  await tree(page).getByRole('treeitem', { name: /^a\b/ }).click()
  await page
    .getByRole('region', { name: 'Topic details' })
    .getByRole('button', { name: 'Chart rt/a' })
    .click()
  const charts = page.getByRole('figure', { name: 'Chart' })
  await expect(charts).toHaveCount(1)
  await expect(charts.first()).toContainText('rt/a')
  const filterBox = page.getByRole('searchbox', { name: 'Filter topics' })
  await filterBox.fill('rt/')

  await connectNewTab(page, mosquitto.wsUrl, '5')
  await expect(retained.getByRole('button', { name: /^Clear all/ })).toHaveCount(0)
  await expect(retained.getByRole('list', { name: 'Retained topics' })).toHaveCount(0)
  await expect(charts).toHaveCount(0)
  await expect(filterBox).toHaveValue('')
  await filterBox.fill('other')

  await tabs(page).nth(0).click()
  await expect(filterBox).toHaveValue('rt/')
  await expect(retained.getByRole('button', { name: 'Clear all 2 retained' })).toBeVisible()
  await expect(charts).toHaveCount(1)
  await expect(charts.first()).toContainText('rt/a')
  await tabs(page).nth(1).click()
  await expect(filterBox).toHaveValue('other')
})

/**
 * Given two tabs on two brokers, each holding a retained topic, when tab 2 scans and clears its
 * retained messages, then only tab 2's broker loses them.
 */
test('Clear all retained clears on the tab’s own broker', async ({ page, mosquitto, embedded }) => {
  const embeddedTcp = `mqtt://127.0.0.1:${embedded.tcpPort}`
  await publishAll(mosquitto.tcpUrl, [
    { topic: 'keep/m', payload: 'on mosquitto', options: { retain: true } },
  ])
  await publishAll(embeddedTcp, [
    { topic: 'keep/e', payload: 'on aedes', options: { retain: true } },
  ])
  await openApp(page, { url: mosquitto.wsUrl, v: '5', connect: '1' })
  await expect(connectionStatus(page)).toContainText('Connected (MQTT 5)')
  const retained = page.getByRole('region', { name: 'Retained messages' })
  await retained.getByRole('textbox', { name: 'Retained filter' }).fill('keep/#')
  await retained.getByRole('button', { name: 'Scan retained' }).click()
  await expect(retained.getByRole('list', { name: 'Retained topics' })).toContainText('keep/m')

  await connectNewTab(page, `ws://127.0.0.1:${embedded.wsPort}`, '3.1.1')
  await retained.getByRole('textbox', { name: 'Retained filter' }).fill('keep/#')
  await retained.getByRole('button', { name: 'Scan retained' }).click()
  const list = retained.getByRole('list', { name: 'Retained topics' })
  await expect(list).toContainText('keep/e')
  await expect(list).not.toContainText('keep/m')
  await retained.getByRole('button', { name: 'Clear all 1 retained' }).click()
  await expect(retained.getByRole('status', { name: 'Retained result' })).toContainText(
    'Cleared 1 retained message',
  )

  expect(await retainedTopics(embeddedTcp, 'keep/#')).toEqual([])
  expect(await retainedTopics(mosquitto.tcpUrl, 'keep/#')).toEqual(['keep/m'])
})

/** The retained topics a fresh subscriber gets under `filter` (the broker sends them before SUBACK's reply settles, then a marker closes the list). */
async function retainedTopics(url: string, filter: string): Promise<string[]> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5000 })
  try {
    const marker = `e2e-marker/${Math.random().toString(16).slice(2)}`
    const topics: string[] = []
    const done = new Promise<void>((resolve) =>
      client.on('message', (topic, _payload, packet) => {
        if (topic === marker) resolve()
        else if (packet.retain) topics.push(topic)
      }),
    )
    await client.subscribeAsync([filter, marker], { qos: 1 })
    await client.publishAsync(marker, 'end', { qos: 1 })
    await done
    return topics.sort()
  } finally {
    await client.endAsync()
  }
}

/**
 * Given a connection with messages, a selected topic and an expanded tree, when the user
 * disconnects and connects again to the same broker, then the tree, its selection and details,
 * the log and the counts are all still there, and new messages add to them; "Clear data" then
 * empties them on purpose.
 */
test('data survives Disconnect and Connect; Clear data empties it', async ({ page, embedded }) => {
  const embeddedTcp = `mqtt://127.0.0.1:${embedded.tcpPort}`
  await openOnEmbedded(page, embedded, '#')
  await publishAll(embeddedTcp, [
    { topic: 'kept/a', payload: 'one' },
    { topic: 'kept/deep/b', payload: 'two' },
  ])
  await expect(received(page)).toHaveText('2')
  await page.getByRole('button', { name: 'Expand all' }).click()
  await tree(page).getByRole('treeitem', { name: /^a\b/ }).click()
  const details = page.getByRole('region', { name: 'Topic details' })
  await expect(details).toContainText('kept/a')

  await page.getByRole('button', { name: 'Disconnect' }).click()
  await expect(connectionStatus(page)).toHaveText('Disconnected')
  await page.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(connectionStatus(page)).toContainText('Connected (MQTT 3.1.1)')
  await expect(page.getByRole('listitem').filter({ hasText: '#' })).toContainText('active')
  await expect(received(page)).toHaveText('2')
  await expect(tree(page).getByRole('treeitem', { name: /^b\b/ })).toBeVisible()
  await expect(tree(page).getByRole('treeitem', { name: /^a\b/ })).toHaveAttribute(
    'aria-selected',
    'true',
  )
  await expect(details).toContainText('kept/a')
  await expect(page.getByRole('log', { name: 'Messages' })).toContainText('kept/deep/b')

  await publishAll(embeddedTcp, [{ topic: 'kept/a', payload: 'three' }])
  await expect(received(page)).toHaveText('3')
  await expect(details).toContainText('three')

  await page.getByRole('button', { name: 'Clear data' }).click()
  await expect(received(page)).toHaveText('0')
  await expect(tree(page).getByRole('treeitem')).toHaveCount(0)
  await expect(page.getByRole('log', { name: 'Messages' })).not.toContainText('kept/')
  await publishAll(embeddedTcp, [{ topic: 'fresh/x', payload: '1' }])
  await expect(received(page)).toHaveText('1')
})

/**
 * Given two tabs the user set up by hand (one with a user name and password), each with
 * subscriptions, when the page reloads, then both tabs come back in order with their brokers
 * and subscriptions, the shown one shown, and no password; connecting makes the subscriptions
 * active again.
 */
test('a reload brings the open tabs back with their subscriptions, never a password', async ({
  page,
  mosquitto,
  embedded,
}) => {
  await page.goto('/')
  const url = page.getByRole('textbox', { name: 'Broker URL' })
  await url.fill(mosquitto.wsUrl)
  await page.getByRole('textbox', { name: 'Username' }).fill('alice')
  await page.getByRole('textbox', { name: 'Password' }).fill('s3cret-pw')
  const filter = page.getByRole('textbox', { name: 'Topic filter' })
  const subs = page.getByRole('list', { name: 'Subscriptions' })
  await filter.fill('a/#')
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click()
  await filter.fill('b/+')
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click()
  await expect(subs.getByRole('listitem')).toHaveCount(2)

  await page.getByRole('button', { name: 'New tab' }).click()
  await url.fill(`ws://127.0.0.1:${embedded.wsPort}`)
  await filter.fill('sensors/#')
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click()
  await expect(subs.getByRole('listitem')).toHaveCount(1)
  // Saving waits for typing to pause: wait until the storage has both tabs.
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem('mqtt-scope.tabs') ?? ''))
    .toContain('sensors/#')

  await page.reload()
  await expect(tabs(page)).toHaveCount(2)
  await expect(tabs(page).nth(1)).toHaveAttribute('aria-selected', 'true')
  await expect(url).toHaveValue(`ws://127.0.0.1:${embedded.wsPort}`)
  await expect(subs).toContainText('sensors/#')
  await tabs(page).nth(0).click()
  await expect(url).toHaveValue(mosquitto.wsUrl)
  await expect(page.getByRole('textbox', { name: 'Username' })).toHaveValue('alice')
  await expect(page.getByRole('textbox', { name: 'Password' })).toHaveValue('')
  expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain('s3cret-pw')
  await expect(subs.getByRole('listitem')).toHaveCount(2)

  // mosquitto here allows anonymous clients: connect without the password.
  await page.getByRole('textbox', { name: 'Username' }).fill('')
  await page.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(connectionStatus(page)).toContainText('Connected')
  await expect(subs.getByRole('listitem').filter({ hasText: 'a/#' })).toContainText('active')
  await expect(subs.getByRole('listitem').filter({ hasText: 'b/+' })).toContainText('active')
  await publishAll(mosquitto.tcpUrl, [{ topic: 'b/x', payload: 'back' }])
  await expect(received(page)).toHaveText('1')
})
