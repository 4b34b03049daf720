import { externalClient, pacedPublish } from './fixtures/publisher'
import { startMosquitto } from './fixtures/mosquitto'
import { connectionStatus, counterValue, expect, openApp, test } from './fixtures/test'

const commas = (n: number) => new Intl.NumberFormat('en-US').format(n)

/**
 * Given 1 000 topics ten levels deep (deep/l1/…/l8/tN: nine levels above each topic), when they
 * arrived, then "Topics" says exactly 1 000: the topics that received messages, not the 1 009
 * tree nodes with the levels between them (the counter's title names those apart).
 */
test('counts the topics that received messages, not the levels above them', async ({
  page,
  mosquitto,
}) => {
  test.setTimeout(60_000)
  const TOPICS = 1_000
  const LEVELS = 'deep/l1/l2/l3/l4/l5/l6/l7/l8'
  await openApp(page, { url: mosquitto.wsUrl, sub: 'deep/#', connect: '1' })
  await expect(connectionStatus(page)).toContainText('Connected')
  await expect(page.getByRole('listitem').filter({ hasText: 'deep/#' })).toContainText('active')

  const publisher = await externalClient(mosquitto.tcpUrl)
  // Every topic twice: a second message on a topic must not count it again.
  await pacedPublish(publisher, 2 * TOPICS, 2_000, (i) => ({
    topic: `${LEVELS}/t${i % TOPICS}`,
    payload: String(i),
  }))
  await publisher.endAsync()

  await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText(
    commas(2 * TOPICS),
    { timeout: 30_000 },
  )
  await expect(page.getByRole('status', { name: 'Topics' })).toHaveText(commas(TOPICS))
  // The levels are told apart in the counter's title: 1 000 topics plus nine levels.
  await expect(
    page.locator('.counter').filter({ has: page.getByRole('status', { name: 'Topics' }) }),
  ).toHaveAttribute('title', /with the levels between them, the tree has 1,009 nodes/)
})

/**
 * Given mosquitto publishing its $SYS tree every second with a short per-client queue, when an
 * unpaced flood overruns what this tab takes, then the broker's own drop count shows beside
 * ours, named for what it is, above 0, with received + broker-dropped accounting for every
 * message sent (this tab is the broker's only subscriber); and the $SYS message the app asked
 * for itself appears nowhere in the tree or the log (the user subscribed to `flood/#` only).
 */
test("shows the broker's own drop count when the broker drops what the tab cannot take", async ({
  page,
}) => {
  test.setTimeout(120_000)
  const broker = await startMosquitto({ extra: ['sys_interval 1', 'max_queued_messages 100'] })
  try {
    await openApp(page, { url: broker.wsUrl, sub: 'flood/#', connect: '1' })
    await expect(connectionStatus(page)).toContainText('Connected')
    await expect(page.getByRole('listitem').filter({ hasText: 'flood/#' })).toContainText('active')
    const dropped = page.getByRole('status', { name: 'Broker dropped (all clients)' })
    // Mosquitto publishes the count (retained) at once: the counter is there, at 0.
    await expect(dropped).toHaveText('0')

    // Unpaced: as fast as MQTT.js writes over TCP, far beyond a WebSocket tab under Playwright.
    // 1 kB payloads, 50 MB in all: small messages (200 000 × 12 bytes) all fitted in the socket
    // buffers between the broker and the tab, so the broker never had to drop one.
    const TOTAL = 50_000
    const PAD = 'x'.repeat(1_000)
    const publisher = await externalClient(broker.tcpUrl)
    const floodFrom = Date.now()
    await pacedPublish(publisher, TOTAL, 1_000_000, (i) => ({
      topic: `flood/t${i % 50}`,
      payload: `{"seq":${i},"pad":"${PAD}"}`,
    }))
    await publisher.endAsync()

    await expect
      .poll(() => counterValue(page, 'Broker dropped (all clients)'), {
        timeout: 60_000,
      })
      .toBeGreaterThan(0)
    // Every message is either counted here or dropped by the broker, once the broker reported.
    // The broker's count is broker-wide: it also counts the $SYS updates it could not queue for
    // this tab during the flood (at most one a second, sys_interval 1), so the sum may exceed
    // what was sent by that many, never by more.
    const accounted = async () =>
      (await counterValue(page, 'Messages received')) +
      (await counterValue(page, 'Broker dropped (all clients)'))
    await expect.poll(accounted, { timeout: 60_000 }).toBeGreaterThanOrEqual(TOTAL)
    const sysUpdates = Math.ceil((Date.now() - floodFrom) / 1000) + 1
    expect(await accounted()).toBeLessThanOrEqual(TOTAL + sysUpdates)

    const tree = page.getByRole('tree', { name: 'Topics' })
    await expect(tree.getByRole('treeitem', { name: /^flood\b/ })).toBeVisible()
    await expect(tree.getByRole('treeitem', { name: /^\$SYS/ })).toHaveCount(0)
    await expect(page.getByRole('log', { name: 'Messages' })).not.toContainText('$SYS')
    await page.screenshot({ path: '/tmp/shots/counters-broker-dropped.png' })
  } finally {
    await broker.stop()
  }
})
