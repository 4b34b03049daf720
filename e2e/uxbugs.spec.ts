import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Page } from '@playwright/test'
import { payloadBox, results, topicBox } from './fixtures/composer'
import { externalClient, pacedPublish, publishAll } from './fixtures/publisher'
import { startStaticServer } from './fixtures/staticServer'
import {
  connectionStatus,
  counterValue,
  expect,
  openApp,
  openOnEmbedded,
  test,
} from './fixtures/test'

/** The bugs a newcomer hit (issue #14), one short test each, on the embedded broker. */

const SHOTS = process.env.E2E_SHOTS ?? '/tmp/shots'
mkdirSync(SHOTS, { recursive: true })

const tcpOf = (embedded: { tcpPort: number }) => `mqtt://127.0.0.1:${embedded.tcpPort}`
const details = (page: Page) => page.getByRole('region', { name: 'Topic details' })
const log = (page: Page) => page.getByRole('log', { name: 'Messages' })
const tabs = (page: Page) => page.getByRole('tablist', { name: 'Connections' }).getByRole('tab')

/**
 * Given the sidebar scrolled to its end, when the user keeps turning the wheel over it, then the
 * page itself does not scroll: the document is no taller than the window and the header stays.
 */
test('the app shell never scrolls as a page', async ({ page, embedded }) => {
  await openOnEmbedded(page, embedded, 'shell/#')
  const sidebar = page.getByRole('complementary', { name: 'Connection sidebar' })
  await sidebar.hover()
  for (let i = 0; i < 6; i++) await page.mouse.wheel(0, 2000)
  // The wheel reached the sidebar's end (so the next turns would chain to the page)...
  await expect
    .poll(() => sidebar.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 2))
    .toBe(true)
  for (let i = 0; i < 6; i++) await page.mouse.wheel(0, 2000)
  // ...and the page has nothing to scroll: the shell is exactly the window.
  const page_ = await page.evaluate(() => ({
    height: document.documentElement.scrollHeight,
    window: window.innerHeight,
    top: document.scrollingElement?.scrollTop ?? -1,
  }))
  expect(page_.height).toBeLessThanOrEqual(page_.window)
  expect(page_.top).toBe(0)
  await expect(page.getByRole('banner')).toBeInViewport()
})

/**
 * Given a narrow window (820 px: panels as tabs), when thousands of messages arrive while the
 * Log tab is not shown and more while it is, then the log renders a bounded window of rows and
 * shows the newest, as the wide layout does.
 */
test('the log is virtualised and follows the newest row in the narrow layout', async ({
  page,
  embedded,
}) => {
  // Connected in the wide layout (the status is on the Connection tab of the narrow one).
  await openOnEmbedded(page, embedded, 'narrow/#')
  await page.setViewportSize({ width: 820, height: 900 })
  const publisher = await externalClient(tcpOf(embedded))
  try {
    const message = (i: number) => ({ topic: `narrow/${i % 20}`, payload: `m${i}` })
    await pacedPublish(publisher, 1500, 3000, message)
    await expect.poll(() => counterValue(page, 'Messages received')).toBe(1500)
    await page.getByRole('tablist', { name: 'Panels' }).getByRole('tab', { name: 'Log' }).click()
    await expect(log(page).getByText('m1499', { exact: true })).toBeInViewport()

    await pacedPublish(publisher, 1500, 3000, (i) => message(i + 1500))
    await expect.poll(() => counterValue(page, 'Messages received')).toBe(3000)
    await expect(log(page).getByText('m2999', { exact: true })).toBeInViewport()
  } finally {
    await publisher.endAsync()
  }
  // A window of rows, not the 3 000 the log holds (the wide layout renders a few dozen).
  expect(await log(page).locator('.log-row').count()).toBeLessThan(200)
})

/** The build the suite serves (E2E_DIST), else the repository's dist. */
const DIST = process.env.E2E_DIST ?? fileURLToPath(new URL('../dist', import.meta.url))

/**
 * Given `npm start` announcing its broker on a port other than 9001 (local-broker.json, served
 * here by a static server with the build), when the user picks "Use profile Local broker (npm
 * start)" after typing another URL, also after a reload that restored the tabs, then the form
 * gets the announced address and connects.
 */
test('the local broker preset uses the port the running server announced', async ({
  page,
  embedded,
}) => {
  const announced = `ws://127.0.0.1:${embedded.wsPort}`
  expect(embedded.wsPort).not.toBe(9001)
  const server = await startStaticServer({
    root: DIST,
    prefix: '/',
    dynamic: {
      'local-broker.json': () => ({
        type: 'application/json',
        body: JSON.stringify({
          name: 'Local broker (npm start)',
          url: announced,
          protocolVersion: '3.1.1',
        }),
      }),
    },
  })
  try {
    await page.goto(server.url)
    const url = page.getByRole('textbox', { name: 'Broker URL' })
    const usePreset = page.getByRole('button', { name: 'Use profile Local broker (npm start)' })
    await expect(url).toHaveValue(announced)
    await url.fill('ws://127.0.0.1:7')
    await usePreset.click()
    await expect(url).toHaveValue(announced)
    await expect(usePreset).toContainText(announced)

    // Restored tabs: the form is the saved one, the preset is still the announced address.
    await url.fill('ws://127.0.0.1:7')
    await page.reload()
    await expect(url).toHaveValue('ws://127.0.0.1:7')
    await usePreset.click()
    await expect(url).toHaveValue(announced)
    await page.getByRole('button', { name: 'Connect', exact: true }).click()
    await expect(connectionStatus(page)).toContainText('Connected (MQTT 3.1.1)')
  } finally {
    await server.stop()
  }
})

/**
 * Given a topic of ~1 900 characters with no place to break, when it is selected, then "Topic
 * details" stays within the window: the topic wraps inside its field, nothing scrolls sideways.
 */
test('a very long topic wraps inside the details', async ({ page, embedded }) => {
  const topic = `long/${'x'.repeat(1895)}`
  await openOnEmbedded(page, embedded, 'long/#', { select: topic })
  await publishAll(tcpOf(embedded), [{ topic, payload: '42' }])
  const region = details(page)
  await expect(region.getByRole('button', { name: `Chart ${topic}`, exact: true })).toBeVisible()
  const size = await region.evaluate((el) => ({
    scrollWidth: el.scrollWidth,
    clientWidth: el.clientWidth,
    right: el.getBoundingClientRect().right,
  }))
  expect(size.scrollWidth).toBeLessThanOrEqual(size.clientWidth)
  expect(size.right).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0)
})

/**
 * Given a JSON payload nested seven levels deep, when its tree is shown, then every level has
 * the same font size (a size relative to the parent list used to shrink it at each level).
 */
test('the JSON tree keeps one font size at every depth', async ({ page, embedded }) => {
  const topic = 'deep/json'
  await openOnEmbedded(page, embedded, 'deep/#', { select: topic })
  const payload = JSON.stringify({ a: { b: { c: { d: { e: { f: { g: 7 } } } } } } })
  await publishAll(tcpOf(embedded), [{ topic, payload }])
  const region = details(page)
  await expect(region.locator('.json-key', { hasText: /^a$/ })).toBeVisible()
  const sizeOf = (key: string) =>
    region
      .locator('.json-key', { hasText: new RegExp(`^${key}$`) })
      .evaluate((el) => getComputedStyle(el).fontSize)
  expect(await sizeOf('g')).toBe(await sizeOf('a'))
})

/** Given a publish and its message in the log, then both show the time on one 24 h clock. */
test('publish results and the log use one clock', async ({ page, embedded }) => {
  await openOnEmbedded(page, embedded, 'clock/#')
  await topicBox(page).fill('clock/a')
  await payloadBox(page).fill('tick')
  await page.getByRole('button', { name: 'Publish', exact: true }).click()
  const clock = /^\d{2}:\d{2}:\d{2}\.\d{3}$/
  await expect(results(page).getByRole('listitem').first()).toContainText('sent (QoS 0)')
  const resultTime = await results(page).locator('li .muted').first().textContent()
  expect(resultTime).toMatch(clock)
  await expect(log(page).locator('.log-time').first()).toHaveText(clock)
})

/**
 * Given an "Exported …" or "Recorded …" note, then it goes away at the next action in the log's
 * tools (or after NOTE_SHOWN_MS, not waited for here).
 */
test('old log notes go away at the next action', async ({ page, embedded }) => {
  await page.addInitScript(() => {
    // Recording downloads on stop (no save dialog in a headless browser).
    Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true })
  })
  await openOnEmbedded(page, embedded, 'clock/#')
  await topicBox(page).fill('clock/a')
  await payloadBox(page).fill('tick')
  await page.getByRole('button', { name: 'Publish', exact: true }).click()
  await expect(log(page)).toContainText('clock/a')

  const tools = page.locator('.log-tools')
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export log as CSV' }).click()
  await download
  await expect(tools).toContainText('Exported 1 rows as CSV.')
  await page.getByRole('combobox', { name: 'Log time' }).selectOption('relative')
  await expect(tools).not.toContainText('Exported')

  const status = page.getByRole('status', { name: 'Recording status' })
  await page.getByRole('button', { name: 'Record', exact: true }).click()
  await expect(status).toContainText('Recording: 0 messages')
  await page.getByRole('button', { name: 'Publish', exact: true }).click()
  await expect(status).toContainText('Recording: 1 messages')
  const recorded = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Stop recording' }).click()
  await recorded
  await expect(status).toContainText('Recorded 1 message')
  await page.getByRole('textbox', { name: 'Filter log by topic' }).fill('clock')
  await expect(status).toHaveText('')
})

/**
 * Given a tab set up from a profile and a second tab to the same broker, then the first is named
 * after the profile, and the user renames the second by double-click and the first from the
 * keyboard (F2); the names come back after a reload.
 */
test('tabs are named after their profile and can be renamed', async ({ page }) => {
  await openApp(page)
  await page.getByRole('button', { name: 'Use profile EMQX public broker (wss)' }).click()
  await expect(tabs(page).nth(0)).toHaveAccessibleName(/^1\. EMQX public broker \(wss\)/)
  await page.getByRole('button', { name: 'New tab' }).click()
  await expect(tabs(page).nth(1)).toHaveAccessibleName(/^2\. broker\.emqx\.io:8084/)

  await tabs(page).nth(1).dblclick()
  const name = page.getByRole('textbox', { name: 'Tab name' })
  await name.fill('Staging')
  await name.press('Enter')
  await expect(tabs(page).nth(1)).toHaveAccessibleName(/^2\. Staging/)
  await expect(tabs(page).nth(1)).toBeFocused()

  await page.keyboard.press('ArrowLeft')
  await expect(tabs(page).nth(0)).toBeFocused()
  await page.keyboard.press('F2')
  await expect(name).toBeFocused()
  await page.keyboard.type('Production')
  await page.keyboard.press('Enter')
  await expect(tabs(page).nth(0)).toHaveAccessibleName(/^1\. Production/)
  await expect(page.getByRole('button', { name: /^Rename tab 1\. Production/ })).toBeVisible()

  await page.reload()
  await expect(tabs(page).nth(0)).toHaveAccessibleName(/^1\. Production/)
  await expect(tabs(page).nth(1)).toHaveAccessibleName(/^2\. Staging/)
})

/**
 * Given retained JSON messages on long topics and a 390 px window, when the retained manager
 * lists them, then each row keeps its payload readable (a column of at least ten characters,
 * below the topic) and the topic's last levels in view, the whole topic in the row's title.
 */
test('retained rows keep the payload readable at 390 px', async ({ page, embedded }) => {
  const topicOf = (i: number) => `rt/building/floor1/room-0${i}/setpoint/temperature`
  await publishAll(
    tcpOf(embedded),
    [0, 1, 2].map((i) => ({
      topic: topicOf(i),
      payload: JSON.stringify({ value: 20 + i, unit: 'C' }),
      options: { retain: true },
    })),
  )
  await openOnEmbedded(page, embedded, 'rt/#')
  await page.setViewportSize({ width: 390, height: 844 })
  await page.getByRole('tablist', { name: 'Panels' }).getByRole('tab', { name: 'Details' }).click()
  const panel = page.getByRole('region', { name: 'Retained messages' })
  await panel.getByRole('button', { name: 'Scan retained' }).click()
  const row = panel.getByRole('list', { name: 'Retained topics' }).getByRole('listitem').first()
  const payload = row.locator('.retained-payload')
  await expect(payload).toHaveText('{"value":20,"unit":"C"}')
  const widths = await row.evaluate((el) => {
    const ch = parseFloat(getComputedStyle(el).fontSize) * 0.6
    const tail = el.querySelector('.topic-tail')
    return {
      payload: (el.querySelector('.retained-payload')?.getBoundingClientRect().width ?? 0) / ch,
      tailWhole: !!tail && tail.scrollWidth <= tail.clientWidth && tail.clientWidth > 0,
    }
  })
  expect(widths.payload).toBeGreaterThanOrEqual(10)
  expect(widths.tailWhole).toBe(true)
  await expect(row).toHaveAttribute('title', topicOf(0))
  await panel.screenshot({ path: `${SHOTS}/retained-390.png` })
})
