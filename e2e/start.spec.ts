import { spawn } from 'node:child_process'
import { connectionStatus, expect, test } from './fixtures/test'

/**
 * Given `npm start`'s server (embedded broker, simulator and the built dashboard) on free ports,
 * when a user opens the printed dashboard URL and presses Connect with the default profile, then
 * the simulator's building shows live in the tree and the log within seconds; and the printed
 * deep link connects by itself. Ctrl-C (SIGINT) stops the whole group.
 */
test('npm start serves a dashboard that shows the simulator live', async ({ page }) => {
  // One node process (no npx or tsx wrapper), so its own exit code is what SIGINT produced.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/start.ts'], {
    env: {
      ...process.env,
      MQTT_SCOPE_PORT: '0',
      MQTT_SCOPE_BROKER_TCP_PORT: '0',
      MQTT_SCOPE_BROKER_WS_PORT: '0',
      MQTT_SCOPE_SIM_RATE: '60',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString()
      if (output.includes('mqtt-scope ready')) resolve()
    })
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)))
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  try {
    await ready
    const dashboard = /Dashboard:\s+(http:\S+)/.exec(output)?.[1]
    const deepLink = /Open connected to the broker:\s+(http:\S+)/.exec(output)?.[1]
    expect(dashboard, output).toBeTruthy()
    expect(deepLink, output).toContain('connect=1')

    // The default profile points at the embedded broker: just press Connect, then subscribe.
    await page.goto(dashboard!)
    const wsUrl = /MQTT over WebSocket:\s+(ws:\S+)/.exec(output)?.[1]
    await expect(page.getByRole('textbox', { name: 'Broker URL' })).toHaveValue(wsUrl!)
    await page.getByRole('button', { name: 'Connect' }).click()
    await expect(connectionStatus(page)).toContainText('Connected')
    await page.getByRole('button', { name: 'Subscribe' }).click()
    const tree = page.getByRole('tree', { name: 'Topics' })
    await expect(tree.getByRole('treeitem', { name: /^demo\b/ })).toBeVisible()
    await expect(page.getByRole('log', { name: 'Messages' })).toContainText('demo/building/')
    await expect
      .poll(async () =>
        Number(
          (await page.getByRole('status', { name: 'Messages received' }).textContent())?.replace(
            /,/g,
            '',
          ),
        ),
      )
      .toBeGreaterThan(20)

    // The printed deep link connects and subscribes by itself.
    const second = await page.context().newPage()
    await second.goto(deepLink!)
    await expect(connectionStatus(second)).toContainText('Connected')
    await expect(
      second.getByRole('tree', { name: 'Topics' }).getByRole('treeitem', { name: /^demo\b/ }),
    ).toBeVisible()
    await second.getByRole('searchbox', { name: 'Filter topics' }).fill('meter/raw')
    await expect(second.getByRole('log', { name: 'Messages' })).toContainText('ff fe')
  } finally {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGINT')
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 5000)
    const code = await exited.catch(() => null)
    clearTimeout(timer)
    expect(code, output).toBe(0)
  }
})
