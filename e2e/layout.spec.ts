import { mkdirSync } from 'node:fs'
import type { Locator, Page } from '@playwright/test'
import { publishAll } from './fixtures/publisher'
import { connectionStatus, expect, openApp, test } from './fixtures/test'

mkdirSync('/tmp/shots', { recursive: true })

/** Each workspace panel, by its contract name. */
type PanelKey = 'sidebar' | 'tree' | 'details' | 'log' | 'charts'

function panels(page: Page): Record<PanelKey, Locator> {
  return {
    sidebar: page.getByRole('complementary', { name: 'Connection sidebar' }),
    tree: page.getByRole('tree', { name: 'Topics' }),
    details: page.getByRole('region', { name: 'Topic details' }),
    log: page.getByRole('log', { name: 'Messages' }),
    charts: page.getByRole('button', { name: 'Add chart' }),
  }
}

async function expectAllPanelsShown(page: Page): Promise<void> {
  for (const [name, locator] of Object.entries(panels(page)) as [PanelKey, Locator][]) {
    await expect(locator, name).toBeVisible()
    await expect(locator, name).toBeInViewport()
  }
  // Each main panel gets a usable share of the window, not a sliver.
  for (const name of ['tree', 'details', 'log'] as const) {
    const box = await panels(page)[name].boundingBox()
    expect(box?.width ?? 0, name).toBeGreaterThan(250)
    expect(box?.height ?? 0, name).toBeGreaterThan(100)
  }
  await expect(page.getByRole('button', { name: 'Publish', exact: true })).toBeAttached()
}

const sidebarWidth = async (page: Page) =>
  (await panels(page).sidebar.boundingBox())?.width ?? Number.NaN

/**
 * Given a live connection with a chart, when the window is a 1280×720 laptop or a 2560×1440
 * monitor, then the sidebar, tree, details, log and charts are all on screen; the light and dark
 * themes are photographed at 1280×720.
 */
test('shows every panel from 1280×720 to 2560×1440, in both themes', async ({
  page,
  mosquitto,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 })
  await openApp(page, {
    url: mosquitto.wsUrl,
    sub: 'lab/#',
    connect: '1',
    chart: 'lab/room1/temperature',
  })
  await expect(connectionStatus(page)).toContainText('Connected')
  await expect(page.getByRole('listitem').filter({ hasText: 'lab/#' })).toContainText('active')
  await publishAll(mosquitto.tcpUrl, [
    ...[20.5, 21, 21.4, 21.2].map((v) => ({ topic: 'lab/room1/temperature', payload: String(v) })),
    { topic: 'lab/room1/humidity', payload: '48' },
    { topic: 'lab/room2/door', payload: JSON.stringify({ open: false, battery: 87 }) },
  ])
  const tree = panels(page).tree
  await expect(tree.getByRole('treeitem', { name: /^lab\b/ })).toBeVisible()
  await tree.getByRole('treeitem', { name: /^lab\b/ }).click()
  await page.keyboard.press('ArrowRight')
  await expect(page.getByRole('log', { name: 'Messages' })).toContainText('lab/room2/door')
  await expectAllPanelsShown(page)

  const theme = page.getByRole('combobox', { name: 'Theme' })
  await theme.selectOption('Light')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  const lightBg = await page.evaluate(
    () => getComputedStyle(document.documentElement).backgroundColor,
  )
  await page.screenshot({ path: '/tmp/shots/workspace-light.png' })
  await theme.selectOption('Dark')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  const darkBg = await page.evaluate(
    () => getComputedStyle(document.documentElement).backgroundColor,
  )
  expect(darkBg).not.toBe(lightBg)
  await page.screenshot({ path: '/tmp/shots/workspace-dark.png' })

  await page.setViewportSize({ width: 2560, height: 1440 })
  await expectAllPanelsShown(page)
  // The sidebar keeps a readable width, not a quarter of a wide monitor.
  expect(await sidebarWidth(page)).toBeLessThan(500)
  await page.screenshot({ path: '/tmp/shots/workspace-2560.png' })

  // Compact density: smaller controls, so more rows fit at 1280×720.
  await page.setViewportSize({ width: 1280, height: 720 })
  const url = page.getByRole('textbox', { name: 'Broker URL' })
  const comfortable = (await url.boundingBox())?.height ?? 0
  await page.getByRole('checkbox', { name: 'Compact density' }).check()
  await expect(page.locator('html')).toHaveAttribute('data-density', 'compact')
  await expect
    .poll(async () => (await url.boundingBox())?.height ?? 0)
    .toBeLessThan(comfortable - 2)
  await page.screenshot({ path: '/tmp/shots/workspace-compact.png' })
})

/**
 * Given the default layout, when the user widens the sidebar with the keyboard on its divider
 * and hides the log, then after a reload the sidebar has the new width and the log stays hidden.
 */
test('keeps resized and hidden panels across a reload', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 })
  await openApp(page)
  const before = await sidebarWidth(page)
  const divider = page.getByRole('separator', { name: 'Resize sidebar' })
  await divider.focus()
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight')
  await expect.poll(() => sidebarWidth(page)).toBeGreaterThan(before + 40)
  const widened = await sidebarWidth(page)

  const logToggle = page.getByRole('button', { name: 'Show log' })
  await expect(logToggle).toHaveAttribute('aria-pressed', 'true')
  await logToggle.click()
  await expect(logToggle).toHaveAttribute('aria-pressed', 'false')
  await expect(page.getByRole('log', { name: 'Messages' })).not.toBeInViewport()

  await page.reload()
  await expect(page.getByRole('tree', { name: 'Topics' })).toBeVisible()
  await expect.poll(() => sidebarWidth(page)).toBeCloseTo(widened, -1)
  await expect(page.getByRole('button', { name: 'Show log' })).toHaveAttribute(
    'aria-pressed',
    'false',
  )
  await page.getByRole('button', { name: 'Show log' }).click()
  await expect(page.getByRole('log', { name: 'Messages' })).toBeInViewport()
})

/**
 * Given two connection tabs on different broker URLs, when the sidebar is resized in each, then
 * switching tabs brings back each broker's own sizes.
 */
test('keeps panel sizes per broker URL', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 })
  await openApp(page, { url: 'ws://127.0.0.1:9' })
  const divider = page.getByRole('separator', { name: 'Resize sidebar' })
  await divider.focus()
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight')
  const wideA = await sidebarWidth(page)

  // Tab 2 on another URL: connecting (even to a closed port) makes it that broker's layout.
  await page.getByRole('button', { name: 'New tab' }).click()
  await page.getByRole('textbox', { name: 'Broker URL' }).fill('ws://127.0.0.1:7')
  await page.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(connectionStatus(page)).toContainText('Disconnected')
  await divider.focus()
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowLeft')
  const narrowB = await sidebarWidth(page)
  expect(narrowB).toBeLessThan(wideA - 60)

  const tabs = page.getByRole('tablist', { name: 'Connections' }).getByRole('tab')
  await tabs.nth(0).click()
  await expect.poll(() => sidebarWidth(page)).toBeCloseTo(wideA, -1)
  await tabs.nth(1).click()
  await expect.poll(() => sidebarWidth(page)).toBeCloseTo(narrowB, -1)
})

/**
 * Given a tablet-sized window (< 900 px), then the panels stack as tabs, one shown at a time,
 * and the arrow keys move between the tabs.
 */
test('stacks the panels as tabs on a narrow window', async ({ page }) => {
  await page.setViewportSize({ width: 820, height: 1000 })
  await openApp(page)
  const tabs = page.getByRole('tablist', { name: 'Panels' })
  await expect(tabs.getByRole('tab')).toHaveText(['Tree', 'Details', 'Log', 'Charts', 'Connection'])
  await expect(page.getByRole('separator')).toHaveCount(0)
  const { tree, details, log, sidebar } = panels(page)
  await expect(tree).toBeVisible()
  await expect(log).toBeHidden()

  await tabs.getByRole('tab', { name: 'Log' }).click()
  await expect(log).toBeVisible()
  await expect(tree).toBeHidden()
  await page.keyboard.press('ArrowRight')
  await expect(tabs.getByRole('tab', { name: 'Charts' })).toHaveAttribute('aria-selected', 'true')
  await expect(tabs.getByRole('tab', { name: 'Charts' })).toBeFocused()
  await expect(page.getByRole('button', { name: 'Add chart' })).toBeVisible()
  await tabs.getByRole('tab', { name: 'Connection', exact: true }).click()
  await expect(sidebar).toBeVisible()
  await expect(page.getByRole('textbox', { name: 'Broker URL' })).toBeVisible()
  await tabs.getByRole('tab', { name: 'Details' }).click()
  await expect(details).toBeVisible()
  await page.screenshot({ path: '/tmp/shots/workspace-narrow.png' })

  // Widening the window brings the side-by-side panels back.
  await page.setViewportSize({ width: 1280, height: 720 })
  await expect(tabs).toHaveCount(0)
  await expect(tree).toBeVisible()
  await expect(log).toBeVisible()
})
