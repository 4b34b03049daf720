import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import type { Locator, Page } from '@playwright/test'
import { payloadBox, publish } from './fixtures/composer'
import { externalClient, publishAll } from './fixtures/publisher'
import { expect, openOnEmbedded, test } from './fixtures/test'

/** Feedback where the user acts (#14): the composer's outcome, our own message, big payloads, bulk clears. */

const SHOTS = process.env.E2E_SHOTS ?? '/work/shots/uxfeed'
mkdirSync(SHOTS, { recursive: true })

const outcome = (page: Page) => page.getByRole('status', { name: 'Publish outcome' })
const composerPanel = (page: Page) => page.locator('section.publish')
const sendButton = (page: Page) => page.getByRole('button', { name: 'Publish', exact: true })
const tcpUrl = (port: number) => `mqtt://127.0.0.1:${port}`

test('the outcome shows under Publish and our own message is marked in the log', async ({
  page,
  embedded,
}) => {
  await openOnEmbedded(page, embedded, 'fb/#')
  // Another client's message on the same topic first: it must not be marked as ours.
  await publishAll(tcpUrl(embedded.tcpPort), [{ topic: 'fb/mine', payload: 'theirs' }])
  const log = page.getByRole('log', { name: 'Messages' })
  await expect(log).toContainText('theirs')

  await publish(page, 'fb/mine', 'ours')
  await expect(outcome(page)).toContainText('fb/mine sent (QoS 0)')
  // Where the user pressed Publish: just below the button, not below the panel's other sections.
  const button = (await sendButton(page).boundingBox())!
  const status = (await outcome(page).boundingBox())!
  expect(status.y).toBeGreaterThanOrEqual(button.y)
  expect(status.y - (button.y + button.height)).toBeLessThan(3 * button.height)

  const ours = log.locator('.log-row').filter({ hasText: 'ours' })
  await expect(ours).toContainText('sent by you')
  await expect(log.locator('.log-row').filter({ hasText: 'theirs' })).not.toContainText(
    'sent by you',
  )
  await page.screenshot({ path: `${SHOTS}/outcome-and-mark.png` })

  // The way back to it: the details show the topic just published to.
  await outcome(page).getByRole('button', { name: 'Show in topic details' }).click()
  await expect(page.getByRole('region', { name: 'Topic details' })).toContainText('ours')
})

/**
 * Given another client's message and then ours, each on its own topic, then the tree marks the
 * topic whose last message we sent (an icon named "last message sent by you"), not the other;
 * when another client publishes on our topic next, the mark goes (it is about the last message).
 */
test('our own last message is marked in the topic tree', async ({ page, embedded }) => {
  await openOnEmbedded(page, embedded, 'fb/#')
  await publishAll(tcpUrl(embedded.tcpPort), [{ topic: 'fb/theirs', payload: 'x' }])
  await publish(page, 'fb/mine', 'ours')
  const tree = page.getByRole('tree', { name: 'Topics' })
  // Expand all opens the branches the tree holds when it is pressed.
  await expect(tree.getByRole('treeitem', { name: /^fb/ })).toContainText('2 topics')
  await page.getByRole('button', { name: 'Expand all' }).click()
  const mine = tree.getByRole('treeitem', { name: /^mine/ })
  const mark = (row: Locator) => row.getByRole('img', { name: 'last message sent by you' })
  await expect(mark(mine)).toBeVisible()
  await expect(mark(tree.getByRole('treeitem', { name: /^theirs/ }))).toHaveCount(0)
  await tree.screenshot({ path: `${SHOTS}/tree-own-mark.png` })

  await publishAll(tcpUrl(embedded.tcpPort), [{ topic: 'fb/mine', payload: 'later' }])
  await expect(mine).toContainText('later')
  await expect(mark(mine)).toHaveCount(0)
})

/**
 * Given a tree longer than its pane (80 topics open above) and our message on a topic below
 * them, when the user presses "Show in topic details", then the topic's branch opens and its
 * row is selected and scrolled into view (the virtual list had not even rendered it).
 */
test('"Show in topic details" scrolls the tree to the topic', async ({ page, embedded }) => {
  await openOnEmbedded(page, embedded, 'fb/#')
  await publishAll(
    tcpUrl(embedded.tcpPort),
    Array.from({ length: 80 }, (_, i) => ({ topic: `fb/many/t${i}`, payload: `${i}` })),
  )
  const tree = page.getByRole('tree', { name: 'Topics' })
  // Expand all opens the branches the tree holds when it is pressed.
  await expect(tree.getByRole('treeitem', { name: /^fb/ })).toContainText('80 topics')
  await page.getByRole('button', { name: 'Expand all' }).click()
  await expect(tree.getByRole('treeitem', { name: /^many/ })).toContainText('80 topics')
  await expect(tree.getByRole('treeitem', { name: /^t0\b/ })).toBeVisible()
  await publish(page, 'fb/zz/mine', 'ours')
  await expect(outcome(page)).toContainText('fb/zz/mine sent (QoS 0)')
  // Delivered back, so the topic is in the tree (below the rows the virtual list renders).
  await expect(page.getByRole('log', { name: 'Messages' })).toContainText('ours')

  await outcome(page).getByRole('button', { name: 'Show in topic details' }).click()
  const row = tree.getByRole('treeitem', { name: /^mine/ })
  await expect(row).toHaveAttribute('aria-selected', 'true')
  // Within a pixel: the list's end may sit a fraction of a row under the scroller's edge.
  await expect(row).toBeInViewport({ ratio: 0.9 })
  await page.screenshot({ path: `${SHOTS}/show-in-details-scrolled.png` })
})

test('a publish the broker answers by closing the connection says so in the composer', async ({
  page,
  embedded,
}) => {
  await openOnEmbedded(page, embedded, 'fb/#')
  // The embedded broker (Aedes) closes a connection that publishes to more than 100 levels.
  const deep = `fb/${Array.from({ length: 119 }, (_, i) => `l${i}`).join('/')}`
  await publish(page, deep, 'x')
  await expect(outcome(page)).toContainText('The broker closed the connection')
  await expect(outcome(page)).toContainText('the topic has 120 levels')
  await composerPanel(page).screenshot({ path: `${SHOTS}/closed-after-publish.png` })
})

test('a 5 MB file loads as size and preview and reaches a subscriber whole', async ({
  page,
  embedded,
}) => {
  // Large payloads on the embedded broker: Debian's mosquitto stalls them over WebSocket.
  await openOnEmbedded(page, embedded, 'fb/other/#')
  const size = 5 * 1024 * 1024
  const line = (i: number) => `line ${String(i).padStart(7, '0')}\n`
  const data = Buffer.alloc(size)
  for (let i = 0, at = 0; at < size; i++) at += data.write(line(i), at)
  const subscriber = await externalClient(tcpUrl(embedded.tcpPort))
  try {
    const received = new Promise<Buffer>((resolve) =>
      subscriber.on('message', (_t, payload) => resolve(payload)),
    )
    await subscriber.subscribeAsync('fb/big', { qos: 1 })

    await page.getByRole('textbox', { name: 'Publish topic' }).fill('fb/big')
    await page
      .getByLabel('Load payload from file…')
      .setInputFiles({ name: 'big.txt', mimeType: 'text/plain', buffer: data })
    const preview = page.getByRole('group', { name: /File big\.txt/ })
    await expect(preview).toContainText('5.0 MB (5,242,880 bytes), sent whole as it is.')
    await expect(preview).toContainText('line 0000000')
    // No live textarea holds the 5 MB: the composer stays quick to type in.
    await expect(payloadBox(page)).toHaveCount(0)
    await composerPanel(page).screenshot({ path: `${SHOTS}/file-5mb.png` })

    await page.getByRole('combobox', { name: 'Publish QoS' }).selectOption('1')
    await sendButton(page).click()
    await expect(outcome(page)).toContainText('fb/big acknowledged (PUBACK)', { timeout: 30_000 })
    const got = await received
    expect(got.length).toBe(size)
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')
    expect(sha(got)).toBe(sha(data))
  } finally {
    await subscriber.endAsync()
  }
})

test('clearing more retained messages than the threshold asks to confirm first', async ({
  page,
  embedded,
}) => {
  const count = 12 // above RETAINED_CONFIRM_ABOVE (10)
  await publishAll(
    tcpUrl(embedded.tcpPort),
    Array.from({ length: count }, (_, i) => ({
      topic: `fb/rt/${i}`,
      payload: `v${i}`,
      options: { qos: 1, retain: true },
    })),
  )
  await openOnEmbedded(page, embedded, 'fb/#')
  const panel = page.getByRole('region', { name: 'Retained messages' })
  await panel.getByRole('textbox', { name: 'Retained filter' }).fill('fb/rt/#')
  await panel.getByRole('button', { name: 'Scan retained' }).click()
  await panel.getByRole('button', { name: `Clear all ${count} retained` }).click()
  const confirm = panel.getByRole('group', { name: 'Confirm clearing' })
  await expect(confirm).toContainText('only until you leave or reload this page')
  await page.screenshot({ path: `${SHOTS}/retained-confirm.png` })
  await confirm.getByRole('button', { name: 'Keep them' }).click()
  await expect(panel.getByRole('button', { name: `Clear all ${count} retained` })).toBeVisible()

  await panel.getByRole('button', { name: `Clear all ${count} retained` }).click()
  await panel.getByRole('button', { name: `Yes, clear ${count} retained messages` }).click()
  await expect(panel.getByRole('status', { name: 'Retained result' })).toHaveText(
    `Cleared ${count} retained messages (under fb/rt/#).`,
  )
  await expect(panel).toContainText('kept until you leave or reload this page')
})
