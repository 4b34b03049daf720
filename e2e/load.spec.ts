import { externalClient, pacedPublish } from './fixtures/publisher'
import { startMosquitto } from './fixtures/mosquitto'
import { connectionStatus, expect, openApp, test } from './fixtures/test'

const TOTAL = 20_000
const TOPICS = 200
const RATE = 4_000 // msgs/s, paced so mosquitto never drops QoS 0

/**
 * Given a paced flood of 20 000 messages over 200 topics, when it ends, then the counter and the
 * tree are exact, nothing was dropped, and the filter box stayed usable during the flood.
 * (Throughput is measured by `npm run bench`, not here: Playwright itself slows WebSockets.)
 */
test('counts a paced flood exactly and stays responsive', async ({ page }) => {
  test.setTimeout(90_000)
  const broker = await startMosquitto({ extra: ['max_queued_messages 100000'] })
  try {
    await openApp(page, { url: broker.wsUrl, sub: '#', connect: '1' })
    await expect(connectionStatus(page)).toContainText('Connected')
    await expect(page.getByRole('listitem').filter({ hasText: '#' })).toContainText('active')

    const publisher = await externalClient(broker.tcpUrl)
    const flood = pacedPublish(publisher, TOTAL, RATE, (i) => ({
      topic: `load/t${i % TOPICS}`,
      payload: `{"seq":${i},"v":${(i % 97) / 3}}`,
    }))
    // Typing into the filter while the flood runs: every keystroke lands.
    const filter = page.getByRole('searchbox', { name: 'Filter topics' })
    await filter.pressSequentially('load/t1', { delay: 50 })
    await expect(filter).toHaveValue('load/t1')
    await flood
    await publisher.endAsync()

    await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText('20,000', {
      timeout: 30_000,
    })
    await expect(page.getByRole('status', { name: 'Messages dropped' })).toHaveText('0')
    // Topics that received messages: the 200 load/tN, not the level load above them.
    await expect(page.getByRole('status', { name: 'Topics' })).toHaveText(String(TOPICS))
    await filter.fill('')
    const tree = page.getByRole('tree', { name: 'Topics' })
    await expect(tree.getByRole('treeitem', { name: /^load\b/ })).toContainText('20,000')
    await filter.fill('load/t7')
    // t7, t70..t79: each topic got exactly TOTAL / TOPICS messages.
    await expect(tree.getByRole('treeitem', { name: /^t7\b/ })).toContainText(
      String(TOTAL / TOPICS),
    )
  } finally {
    await broker.stop()
  }
})
