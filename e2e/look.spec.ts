import { mkdirSync } from 'node:fs'
import type { Locator } from '@playwright/test'
import { externalClient, pacedPublish, publishAll } from './fixtures/publisher'
import { expect, openOnEmbedded, test } from './fixtures/test'

const SHOTS = process.env.E2E_SHOTS ?? '/work/shots/uxlook'
mkdirSync(SHOTS, { recursive: true })

/** Rooms whose topics differ only near their end, as a building's do. */
const ROOMS = 12
const topicOf = (i: number) =>
  `look/building/floor1/room-${String(i % ROOMS).padStart(2, '0')}/temperature`

/** Whether the buttons (or `controls`) in `scope` share one line: each top above every bottom. */
const oneLine = (scope: Locator, controls = 'button') =>
  scope.locator(controls).evaluateAll((els) => {
    const boxes = els.map((el) => el.getBoundingClientRect())
    return Math.max(...boxes.map((b) => b.top)) < Math.min(...boxes.map((b) => b.bottom))
  })

/** Whether the topic in `scope` is drawn with its last levels (`.topic-tail`) whole. */
async function tailShown(scope: Locator): Promise<boolean> {
  return scope.evaluate((el) => {
    const tail = el.querySelector('.topic-tail')
    const topic = tail?.closest('.topic-text')
    if (!tail || !topic) return false
    const own = tail.getBoundingClientRect()
    return (
      tail.scrollWidth <= tail.clientWidth &&
      own.right <= topic.getBoundingClientRect().right + 0.5 &&
      own.width > 0
    )
  })
}

const height = async (locator: Locator) => (await locator.boundingBox())?.height ?? 0

/**
 * Given 12 room topics that differ only in their last levels, at 1280×800: the workspace bar and
 * the tree's tool rows sit on one line each; the log and the busiest view keep each topic's last
 * levels in view with the whole topic in the title; hiding the sidebar leaves "Show sidebar" not
 * pressed; the busiest view leaves the tree at least half of its pane; and a retained scan does not
 * take the details' room.
 */
// Soft checks: each layout claim is reported on its own (each failed on the base before #14).
test('keeps button rows on one line, topic leaves in view and the details room', async ({
  page,
  embedded,
}) => {
  await publishAll(
    `mqtt://127.0.0.1:${embedded.tcpPort}`,
    Array.from({ length: ROOMS }, (_, i) => ({
      topic: topicOf(i),
      payload: '21.5',
      options: { retain: true },
    })),
  )
  await openOnEmbedded(page, embedded, 'look/#')
  const log = page.getByRole('log', { name: 'Messages' })
  await expect(log).toContainText(topicOf(7))

  // One row each at 1280 px: the workspace bar, and the tree's filter and tool rows.
  const bar = page.getByRole('region', { name: 'Workspace controls' })
  expect.soft(await oneLine(bar)).toBe(true)
  const treePanel = page.locator('.tree-panel')
  for (const row of await treePanel.locator('.panel-head').all())
    expect.soft(await oneLine(row)).toBe(true)

  // The log row keeps the room and the leaf in view; the whole topic is its title.
  const row = log.locator('.log-row', { hasText: topicOf(7) }).first()
  await expect(row).toHaveAttribute('title', new RegExp(topicOf(7)))
  expect.soft(await tailShown(row)).toBe(true)

  // A toggle reads as its panel's state.
  const sidebarToggle = page.getByRole('button', { name: 'Show sidebar' })
  await expect(sidebarToggle).toHaveAttribute('aria-pressed', 'true')
  await sidebarToggle.click()
  await expect(page.getByRole('complementary', { name: 'Connection sidebar' })).toBeHidden()
  await expect(sidebarToggle).toHaveAttribute('aria-pressed', 'false')
  const look = (name: string) =>
    page
      .getByRole('button', { name })
      .evaluate(
        (el) => `${getComputedStyle(el).backgroundColor} ${getComputedStyle(el).borderStyle}`,
      )
  expect.soft(await look('Show sidebar')).not.toBe(await look('Show log'))
  await sidebarToggle.click()
  await expect(sidebarToggle).toHaveAttribute('aria-pressed', 'true')

  // The busiest view, with traffic: the tree keeps half its pane, rows keep their leaf.
  const publisher = await externalClient(`mqtt://127.0.0.1:${embedded.tcpPort}`)
  const traffic = pacedPublish(publisher, 600, 100, (i) => ({ topic: topicOf(i), payload: `${i}` }))
  try {
    const treeBefore = await height(page.getByRole('tree', { name: 'Topics' }))
    await page.getByRole('button', { name: 'Busiest topics' }).click()
    const busiest = page.getByRole('table', { name: 'Busiest topics' })
    const first = busiest.getByRole('button').first()
    await expect
      .soft(first)
      .toHaveAttribute('title', /^look\/building\/floor1\/room-\d\d\/temperature$/)
    expect.soft(await tailShown(first)).toBe(true)
    const treeAfter = await height(page.getByRole('tree', { name: 'Topics' }))
    const pane = await height(treePanel)
    expect.soft(treeAfter).toBeGreaterThanOrEqual(pane / 2 - 1)
    expect.soft(treeAfter).toBeGreaterThan(treeBefore / 2)
  } finally {
    await traffic
    await publisher.endAsync()
  }

  // A retained scan fills the retained manager, not the details' pane.
  await page.getByRole('tree', { name: 'Topics' }).getByRole('treeitem').first().click()
  const details = page.getByRole('region', { name: 'Topic details' })
  const detailsBefore = await height(details)
  const retained = page.getByRole('region', { name: 'Retained messages' })
  await retained.getByRole('button', { name: 'Scan retained' }).click()
  await expect(retained.getByRole('status', { name: 'Retained result' })).toContainText(
    `Found ${ROOMS} retained messages`,
  )
  await expect(retained.getByRole('list', { name: 'Retained topics' })).toBeVisible()
  expect.soft(Math.abs((await height(details)) - detailsBefore)).toBeLessThanOrEqual(1)
  expect.soft(detailsBefore).toBeGreaterThan(180)
})

/**
 * Given a chart and a log filter with matches at 1280×800 (log and charts side by side), then the
 * log's tools, the charts panel's head and the chart's own head each keep their controls on one
 * line, and the buttons made icons keep their names.
 */
test('the log tools and the charts heads stay on one line at 1280 px', async ({
  page,
  embedded,
}) => {
  const topic = topicOf(1)
  await openOnEmbedded(page, embedded, 'look/#', { chart: topic })
  await publishAll(`mqtt://127.0.0.1:${embedded.tcpPort}`, [{ topic, payload: '21.5' }])
  await page.getByRole('textbox', { name: 'Filter log by topic' }).fill('room-01')
  await expect(page.getByRole('status', { name: 'Log matches' })).toHaveText('1 of 1 match')
  await expect(page.getByRole('figure', { name: 'Chart' })).toContainText(`${topic} 21.5`)

  const controls = 'button, input, select'
  expect.soft(await oneLine(page.locator('.log-tools'), controls), 'log tools').toBe(true)
  const chartsHead = page.locator('.charts-panel > .panel-head')
  expect.soft(await oneLine(chartsHead, controls), 'charts panel head').toBe(true)
  expect.soft(await oneLine(page.locator('.chart-head'), controls), 'chart head').toBe(true)
  for (const name of [
    'Export log as NDJSON',
    'Export log as CSV',
    'Record',
    'Add chart',
    'Add series…',
    'Chart message rate',
    'Broker statistics',
    'Pause chart',
    'Export CSV',
    'Export PNG',
    'Remove chart 1',
  ])
    await expect.soft(page.getByRole('button', { name, exact: true })).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/1280-tool-rows.png` })
})
