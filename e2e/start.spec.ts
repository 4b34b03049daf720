import { startServer } from './fixtures/npmStart'
import { connectionStatus, expect, test } from './fixtures/test'

/**
 * Given `npm start`'s server (embedded broker, simulator and the built dashboard) on free ports,
 * when a user opens the printed dashboard URL and presses Connect with the default profile, then
 * the simulator's building shows live in the tree and the log within seconds; and the printed
 * deep link connects by itself. Ctrl-C (SIGINT) stops it with exit code 0.
 */
test('npm start serves a dashboard that shows the simulator live', async ({ page }) => {
  const server = await startServer({ MQTT_SCOPE_SIM_RATE: '60' })
  try {
    expect(server.deepLink).toContain('connect=1')
    // The default profile points at the embedded broker: just press Connect, then subscribe.
    await page.goto(server.dashboard)
    await expect(page.getByRole('textbox', { name: 'Broker URL' })).toHaveValue(server.wsUrl)
    await page.getByRole('button', { name: 'Connect' }).click()
    await expect(connectionStatus(page)).toContainText('Connected')
    await page.getByRole('button', { name: 'Subscribe' }).click()
    const tree = page.getByRole('tree', { name: 'Topics' })
    await expect(tree.getByRole('treeitem', { name: /^demo\b/ })).toBeVisible()
    await expect(page.getByRole('log', { name: 'Messages' })).toContainText('demo/building/')
    const received = page.getByRole('status', { name: 'Messages received' })
    await expect
      .poll(async () => Number((await received.textContent())?.replace(/,/g, '')))
      .toBeGreaterThan(20)

    // The printed deep link connects and subscribes by itself.
    const second = await page.context().newPage()
    await second.goto(server.deepLink)
    await expect(connectionStatus(second)).toContainText('Connected')
    const secondTree = second.getByRole('tree', { name: 'Topics' })
    await expect(secondTree.getByRole('treeitem', { name: /^demo\b/ })).toBeVisible()
    await expect(second.getByRole('log', { name: 'Messages' })).toContainText('ff fe')
  } finally {
    expect(await server.stop(), server.output()).toBe(0)
  }
})
