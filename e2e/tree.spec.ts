import { externalClient, pacedPublish, publishAll } from './fixtures/publisher'
import { startMosquitto } from './fixtures/mosquitto'
import { connectionStatus, expect, openApp, test } from './fixtures/test'

const A = 10
const B = 10
const C = 100
const LEAVES = A * B * C
/** Topics that get a second message. */
const TWICE = ['big/a3/b4/c57', 'big/a0/b0/c5', 'big/a9/b9/c99']
const RATE = 4_000 // msgs/s, paced so mosquitto never drops QoS 0

const leaf = (i: number) => `big/a${Math.floor(i / (B * C))}/b${Math.floor(i / C) % B}/c${i % C}`
const commas = (n: number) => new Intl.NumberFormat('en-US').format(n)

/**
 * Given an external publisher that creates 10 000 topics (big/aN/bN/cN, 10 × 10 × 100), when
 * they arrived, then the tree holds every one with exact counts, the filter finds one, a level of
 * 100 children expands and the keyboard reaches the end, sorting by messages reorders siblings,
 * the busiest lists show a steady publisher, and a topic with HTML characters stays text.
 */
test('holds 10 000 topics exactly, filters, sorts and shows the busiest', async ({ page }) => {
  test.setTimeout(120_000)
  const broker = await startMosquitto({ extra: ['max_queued_messages 100000'] })
  try {
    await openApp(page, { url: broker.wsUrl, sub: '#', connect: '1' })
    await expect(connectionStatus(page)).toContainText('Connected')
    await expect(page.getByRole('listitem').filter({ hasText: '#' })).toContainText('active')

    const publisher = await externalClient(broker.tcpUrl)
    const total = LEAVES + TWICE.length
    await pacedPublish(publisher, total, RATE, (i) =>
      i < LEAVES
        ? { topic: leaf(i), payload: String(i) }
        : { topic: TWICE[i - LEAVES]!, payload: 'again' },
    )
    await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText(
      commas(total),
      { timeout: 30_000 },
    )
    await expect(page.getByRole('status', { name: 'Messages dropped' })).toHaveText('0')
    // The 10 000 cN received messages; big, the 10 aN and the 100 bN are levels between them.
    await expect(page.getByRole('status', { name: 'Topics' })).toHaveText(commas(LEAVES))
    const tree = page.getByRole('tree', { name: 'Topics' })
    const big = tree.getByRole('treeitem', { name: /^big\b/ })
    await expect(big).toContainText(commas(total))
    // The row counts the same topics as the counter, not the 110 levels between them.
    await expect(big).toContainText(`${commas(LEAVES)} topics`)

    // The filter finds one topic among 10 111 nodes.
    const filter = page.getByRole('searchbox', { name: 'Filter topics' })
    await filter.fill('big/a7/b3/c42')
    await expect(tree.getByRole('treeitem', { name: /^c42\b/ })).toBeVisible()
    await expect(page.getByText('1 match', { exact: true })).toBeVisible()
    await filter.fill('')

    // Keyboard: open big, a0 and b0 (100 children), step into c0; End reaches the last row.
    await big.click()
    for (let i = 0; i < 6; i++) await tree.press('ArrowRight')
    const c0 = tree.getByRole('treeitem', { name: /^c0\b/ })
    await expect(c0).toHaveAttribute('aria-selected', 'true')
    await expect(c0).toHaveAttribute('aria-setsize', String(C))
    await tree.press('End')
    const last = tree.getByRole('treeitem', { name: /^a9\b/ })
    await expect(last).toHaveAttribute('aria-selected', 'true')
    await expect(last).toBeInViewport()
    await tree.press('Home')
    await expect(big).toHaveAttribute('aria-selected', 'true')
    await expect(big).toBeInViewport()

    // Sorting by messages puts the topic with two messages first among its 100 siblings.
    await filter.fill('big/a3/b4/')
    const first = tree.getByRole('treeitem', { name: /^c0\b/ })
    await expect(first).toHaveAttribute('aria-posinset', '1')
    const c57 = tree.getByRole('treeitem', { name: /^c57\b/ })
    await page.getByRole('combobox', { name: 'Sort topics' }).selectOption('Messages')
    await expect(c57).toHaveAttribute('aria-posinset', '1')
    await expect(c57).toContainText('2')
    // Ties keep the natural order: c0 comes next.
    await expect(first).toHaveAttribute('aria-posinset', '2')
    await filter.fill('')

    // A topic with HTML characters is text, never markup.
    await publishAll(broker.tcpUrl, [{ topic: 'html/<b>bold &amp; more', payload: 'x' }])
    await filter.fill('html')
    const html = tree.getByRole('treeitem', { name: /^<b>bold/ })
    await expect(html).toContainText('<b>bold &amp; more')
    await expect(tree.locator('b')).toHaveCount(0)
    await filter.fill('')

    // A steady publisher shows up in the busiest lists.
    await page.getByRole('button', { name: 'Busiest topics' }).click()
    const steady = pacedPublish(publisher, 160, 20, () => ({ topic: 'steady/pump', payload: '42' }))
    await expect(page.getByRole('table', { name: 'Busiest topics' })).toContainText('steady/pump')
    await expect(page.getByRole('table', { name: 'Busiest subtrees' })).toContainText('steady')
    if (process.env.TREE_SCREENSHOT) await page.screenshot({ path: process.env.TREE_SCREENSHOT })
    await steady
    await publisher.endAsync()
  } finally {
    await broker.stop()
  }
})
