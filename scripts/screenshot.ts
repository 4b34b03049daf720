/**
 * Makes docs/screenshot.png: starts `npm start`'s server on free ports, opens the printed deep
 * link in Debian's chromium, lets the simulator run for a few seconds, opens one floor of the
 * building and selects a JSON topic. Run with `npm run screenshot` after `npm run build`.
 */
import { chromium } from '@playwright/test'
import { spawn } from 'node:child_process'

const child = spawn(process.execPath, ['--import', 'tsx', 'server/start.ts'], {
  env: {
    ...process.env,
    MQTT_SCOPE_PORT: '0',
    MQTT_SCOPE_BROKER_TCP_PORT: '0',
    MQTT_SCOPE_BROKER_WS_PORT: '0',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
})
let output = ''
await new Promise<void>((resolve, reject) => {
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString()
    if (output.includes('mqtt-scope ready')) resolve()
  })
  child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
})
const link = /Open connected to the broker:\s+(http:\S+)/.exec(output)?.[1]
if (!link) throw new Error(`no deep link in:\n${output}`)
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
})
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
  await page.goto(link)
  const tree = page.getByRole('tree', { name: 'Topics' })
  await tree.getByRole('treeitem', { name: /^demo\b/ }).click()
  await page.keyboard.press('ArrowRight')
  await tree.getByRole('treeitem', { name: /^building\b/ }).click()
  await page.keyboard.press('ArrowRight')
  await tree.getByRole('treeitem', { name: /^floor1\b/ }).click()
  await page.keyboard.press('ArrowRight')
  await tree.getByRole('treeitem', { name: /^room101\b/ }).click()
  await page.keyboard.press('ArrowRight')
  await page.waitForTimeout(4000)
  await tree.getByRole('treeitem', { name: /^env\b/ }).click()
  await page.waitForTimeout(1500)
  await page.screenshot({ path: process.argv[2] ?? 'docs/screenshot.png' })
} finally {
  await browser.close()
  child.kill('SIGINT')
}
