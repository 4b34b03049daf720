/**
 * Issue #14 before/after screenshots: `npm start`'s stack (embedded broker + simulator) at
 * 1440×900, 820×900 and 390×844 in light and dark, with a topic selected and a retained scan
 * done (the state where details and the retained manager compete for room). Run after a build:
 * `npx tsx scripts/look-shots.ts <dir>`.
 */
import { chromium, type Page } from '@playwright/test'
import { CHROMIUM_BIN, CHROMIUM_FLAGS } from '../e2e/fixtures/chromium'
import { startServer } from '../e2e/fixtures/npmStart'

const dir = process.argv[2] ?? '/tmp/shots'
const SIZES = [
  { width: 1440, height: 900 },
  { width: 820, height: 900 },
  { width: 390, height: 844 },
] as const

async function open(page: Page, narrow: boolean, tab: (name: string) => Promise<void>) {
  const tree = page.getByRole('tree', { name: 'Topics' })
  await tree.getByRole('treeitem', { name: /^demo\b/ }).click({ timeout: 20_000 })
  for (const level of ['demo', 'building', 'floor1', 'room101']) {
    await tree.getByRole('treeitem', { name: new RegExp(`^${level}\\b`) }).click()
    await page.keyboard.press('ArrowRight')
  }
  await tree.getByRole('treeitem', { name: /^env\b/ }).click()
  if (narrow) await tab('Details')
  await page.getByRole('button', { name: 'Scan retained' }).click()
  await page.getByRole('status', { name: 'Retained result' }).filter({ hasText: /\S/ }).waitFor()
  if (narrow) await tab('Log')
}

const server = await startServer({ MQTT_SCOPE_SIM_RATE: '120' })
const browser = await chromium.launch({ executablePath: CHROMIUM_BIN, args: CHROMIUM_FLAGS })
try {
  for (const size of SIZES) {
    for (const theme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ viewport: size, colorScheme: theme })
      const narrow = size.width < 900
      await page.goto(server.deepLink)
      await open(page, narrow, (name) => page.getByRole('tab', { name, exact: true }).click())
      await page.waitForTimeout(2500)
      await page.screenshot({ path: `${dir}/${size.width}-${theme}.png` })
      if (narrow) {
        await page.getByRole('tab', { name: 'Details', exact: true }).click()
        await page.screenshot({ path: `${dir}/${size.width}-${theme}-details.png` })
      }
      await page.close()
    }
  }
  // The busiest view open, as a newcomer would open it.
  const page = await browser.newPage({ viewport: SIZES[0], colorScheme: 'light' })
  await page.goto(server.deepLink)
  await open(page, false, async () => {})
  await page.getByRole('button', { name: 'Busiest topics' }).click()
  await page.waitForTimeout(2500)
  await page.screenshot({ path: `${dir}/1440-light-busiest.png` })
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.waitForTimeout(500)
  await page.screenshot({ path: `${dir}/1280-light-busiest.png` })
} finally {
  await browser.close()
  await server.stop()
}
