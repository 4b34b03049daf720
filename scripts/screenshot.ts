/**
 * Makes docs/screenshot.png: starts `npm start`'s server on free ports, opens the printed deep
 * link in Debian's chromium, lets the simulator run for a few seconds, opens one floor of the
 * building, charts three series from two topics and selects a JSON topic. Run with
 * `npm run screenshot` (it builds first).
 */
import { chromium } from '@playwright/test'
import { CHROMIUM_BIN, CHROMIUM_FLAGS } from '../e2e/fixtures/chromium'
import { startServer } from '../e2e/fixtures/npmStart'

const server = await startServer({ MQTT_SCOPE_SIM_RATE: '120' })
const browser = await chromium.launch({ executablePath: CHROMIUM_BIN, args: CHROMIUM_FLAGS })
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  // Three series from two topics: a plain number, and two fields of a JSON payload.
  const room = 'demo/building/floor1/room101'
  const charts = [`${room}/temperature`, `${room}/env|temperature`, `${room}/env|humidity`]
  await page.goto(
    `${server.deepLink}&${charts.map((c) => `chart=${encodeURIComponent(c)}`).join('&')}`,
  )
  const tree = page.getByRole('tree', { name: 'Topics' })
  await tree.getByRole('treeitem', { name: /^demo\b/ }).click()
  await page.keyboard.press('ArrowRight')
  await tree.getByRole('treeitem', { name: /^building\b/ }).click()
  await page.keyboard.press('ArrowRight')
  await tree.getByRole('treeitem', { name: /^floor1\b/ }).click()
  await page.keyboard.press('ArrowRight')
  await tree.getByRole('treeitem', { name: /^room101\b/ }).click()
  await page.keyboard.press('ArrowRight')
  await page.waitForTimeout(15_000)
  await tree.getByRole('treeitem', { name: /^env\b/ }).click()
  await page.waitForTimeout(1500)
  await page.screenshot({ path: process.argv[2] ?? 'docs/screenshot.png' })
} finally {
  await browser.close()
  await server.stop()
}
