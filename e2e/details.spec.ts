import { readFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import type { Page } from '@playwright/test'
import { externalClient, publishAll } from './fixtures/publisher'
import { connectionStatus, expect, openApp, test } from './fixtures/test'

/** A folder for screenshots of the details view, when set (for review). */
const SHOTS = process.env.DETAILS_SCREENSHOTS

async function shot(page: Page, name: string) {
  if (!SHOTS) return
  await page.setViewportSize({ width: 1600, height: 1400 })
  await page
    .getByRole('region', { name: 'Topic details' })
    .screenshot({ path: `${SHOTS}/details-${name}.png` })
}

async function select(page: Page, topic: string) {
  await page.getByRole('searchbox', { name: 'Filter topics' }).fill(topic)
  const leaf = topic.split('/').pop()!
  await page
    .getByRole('tree', { name: 'Topics' })
    .getByRole('treeitem', { name: new RegExp(`^${leaf}`) })
    .click()
  await expect(page.getByRole('region', { name: 'Topic details' })).toContainText(topic)
}

/** Connects and subscribes to `#` (QoS 1, so QoS 1 publishes arrive with QoS 1). */
async function connect(page: Page, url: string) {
  await openApp(page, { url, sub: '#', qos: '1', connect: '1' })
  await expect(connectionStatus(page)).toContainText('Connected')
  await expect(page.getByRole('listitem').filter({ hasText: '#' })).toContainText('active')
}

/**
 * Given an external MQTT 5 client that publishes with user properties (one name twice), content
 * type, payload format indicator, response topic, correlation data and message expiry, when the
 * user selects the topic, then the details show each of them and Dup.
 */
test('shows the MQTT 5 properties of an external publish', async ({ page, mosquitto }) => {
  await connect(page, mosquitto.wsUrl)
  const client = await externalClient(mosquitto.tcpUrl, 5)
  try {
    await client.publishAsync('plant/line1/temp', '{"t":21.5}', {
      qos: 1,
      properties: {
        userProperties: { site: ['north', 'south'], unit: 'C' },
        contentType: 'application/json',
        payloadFormatIndicator: true,
        responseTopic: 'plant/line1/reply',
        correlationData: Buffer.from('req-7'),
        messageExpiryInterval: 300,
      },
    })
  } finally {
    await client.endAsync()
  }
  await select(page, 'plant/line1/temp')
  const details = page.getByRole('region', { name: 'Topic details' })
  const table = details.getByRole('table', { name: 'User properties' })
  await expect(table.getByRole('row')).toHaveText(['NameValue', 'sitenorth', 'sitesouth', 'unitC'])
  const meta = details.locator('dl.meta')
  await expect(meta).toContainText('Content typeapplication/json')
  await expect(meta).toContainText('Payload format indicator1 (UTF-8 text)')
  await expect(meta).toContainText('Response topicplant/line1/reply')
  await expect(meta).toContainText('Correlation datareq-7')
  // mosquitto passes the remaining lifetime on, so it may be a second less than sent.
  await expect(meta).toContainText(/Message expiry(300|299) s/)
  await expect(meta).toContainText('Dupno')
  await shot(page, 'properties')
})

/**
 * Given an MQTT 5 connection (subscriptions ask for Retain As Published), when an external client
 * publishes one retained and one plain message live, then only the retained one is marked
 * `retained` in the tree and the details (without the option the broker clears the flag of every
 * live delivery, and neither would be).
 */
test('marks a retained message that arrives live as retained', async ({ page, mosquitto }) => {
  await connect(page, mosquitto.wsUrl)
  await publishAll(mosquitto.tcpUrl, [
    { topic: 'rap/live', payload: 'kept', options: { retain: true } },
    { topic: 'rap/plain', payload: 'passing' },
  ])
  await select(page, 'rap/live')
  const tree = page.getByRole('tree', { name: 'Topics' })
  await expect(tree.getByRole('treeitem', { name: /^live/ })).toContainText('retained')
  const meta = page.getByRole('region', { name: 'Topic details' }).locator('dl.meta')
  await expect(meta).toContainText('Retainedyes')
  await select(page, 'rap/plain')
  await expect(tree.getByRole('treeitem', { name: /^plain/ })).not.toContainText('retained')
  await expect(meta).toContainText('Retainedno')
})

/**
 * Given five JSON messages on one topic and then its retained copy, when the user opens
 * "History" and ticks the first and the fifth, then the diff lists the changed fields by path;
 * and "Open in composer" puts the latest message with its QoS, retain flag and properties into the
 * publish composer.
 */
test('shows the history with a JSON diff, and Open in composer fills the composer', async ({
  page,
  mosquitto,
}) => {
  await connect(page, mosquitto.wsUrl)
  const client = await externalClient(mosquitto.tcpUrl, 5)
  try {
    for (let i = 0; i < 5; i++)
      await client.publishAsync('plant/line2/state', JSON.stringify({ n: i, mode: 'auto' }), {
        qos: 1,
        retain: i === 4,
        properties: { contentType: 'application/json', userProperties: { run: String(i) } },
      })
  } finally {
    await client.endAsync()
  }
  await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText('5')
  // A live delivery never carries the retain flag; a new subscription gets the retained copy
  // with it, as message #6.
  await page.getByRole('textbox', { name: 'Topic filter' }).fill('plant/line2/state')
  await page.getByRole('combobox', { name: 'Subscription QoS' }).selectOption('1')
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click()
  await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText('6')
  await select(page, 'plant/line2/state')
  const details = page.getByRole('region', { name: 'Topic details' })
  await details.getByText('Topic history (6)').click()
  const list = details.getByRole('list', { name: 'Topic history' })
  await expect(list.getByRole('listitem')).toHaveCount(6)
  await expect(list.getByRole('listitem').first()).toContainText('QoS 1, retained')
  await expect(list.getByRole('listitem').nth(1)).toContainText('{"n":4,"mode":"auto"}')
  await details.getByRole('checkbox', { name: 'Compare message #1' }).check()
  await details.getByRole('checkbox', { name: 'Compare message #5' }).check()
  const diff = details.getByRole('region', { name: 'History diff' })
  await expect(diff).toContainText('Message #1 → #5 (JSON)')
  await expect(diff.getByRole('listitem')).toHaveText(['~ n: 0 → 4'])
  await shot(page, 'history-diff')

  await details.getByRole('button', { name: 'Open in composer' }).click()
  await expect(details.getByRole('status', { name: 'Details message' })).toContainText(
    'The publish composer holds this message',
  )
  await expect(page.getByRole('textbox', { name: 'Publish topic' })).toHaveValue(
    'plant/line2/state',
  )
  await expect(page.getByRole('textbox', { name: 'Payload', exact: true })).toHaveValue(
    '{"n":4,"mode":"auto"}',
  )
  await expect(page.getByRole('combobox', { name: 'Publish format' })).toHaveValue('json')
  await expect(page.getByRole('combobox', { name: 'Publish QoS' })).toHaveValue('1')
  await expect(page.getByRole('checkbox', { name: 'Retain', exact: true })).toBeChecked()
  await page.getByText('MQTT 5 properties', { exact: true }).click()
  await expect(page.getByRole('textbox', { name: 'Content type' })).toHaveValue('application/json')
  await expect(page.getByRole('textbox', { name: 'User property 1 name' })).toHaveValue('run')
  await expect(page.getByRole('textbox', { name: 'User property 1 value' })).toHaveValue('4')
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/details-republish.png` })
})

/**
 * Given a 5 MB payload published to the embedded broker before its topic is selected, when the
 * user selects it, then its size reads 5.0 MB, the view shows its first 1 MB, nothing says the
 * download is partial, and "Download payload" saves exactly the published bytes. (The embedded
 * broker, Aedes over `ws`, not mosquitto: Debian's mosquitto 2.0.11 stalls large payloads to
 * WebSocket subscribers on some machines; see payloads.spec.ts for what the user sees then.)
 */
test('downloads a 5 MB payload whole that arrived before its topic was selected', async ({
  page,
  embedded,
}) => {
  test.setTimeout(120_000)
  await connect(page, `ws://127.0.0.1:${embedded.wsPort}`)
  const payload = randomBytes(5 * 1024 * 1024)
  await publishAll(`mqtt://127.0.0.1:${embedded.tcpPort}`, [{ topic: 'fw/image', payload }])
  await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText('1', {
    timeout: 60_000,
  })
  await select(page, 'fw/image')
  const details = page.getByRole('region', { name: 'Topic details' })
  await expect(details.locator('dl.meta')).toContainText('Size5.0 MB')
  await expect(details).toContainText('showing 64.0 KB of 5.0 MB')
  await expect(details).not.toContainText('The download holds the first')
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    details.getByRole('button', { name: 'Download payload' }).click(),
  ])
  const saved = await readFile(await download.path())
  expect(saved.length).toBe(payload.length)
  expect(saved.equals(payload)).toBe(true)
  await expect(details).toContainText('Downloaded 5.0 MB.')
  await details.getByRole('button', { name: 'Open in composer' }).click()
  await expect(details.getByRole('status', { name: 'Details message' })).toContainText(
    'Cannot republish: this message is 5.0 MB',
  )
  await shot(page, 'large')
})
