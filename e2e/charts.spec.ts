import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { externalClient, publishAll } from './fixtures/publisher'
import { connectionStatus, expect, openApp, openOnEmbedded, test } from './fixtures/test'

const SINE = 'lab/sine'
const ENV = 'lab/env'
const PATH = 'air.samples[1].co2'

/** The value of sample i of the test signal, as published (text). */
const sine = (i: number) => (Math.sin(i / 10) * 50).toFixed(4)
const env = (i: number) =>
  JSON.stringify({ air: { samples: [{ co2: 0 }, { co2: 400 + i }], ok: true }, label: 'x' })

/** Points of every line a chart draws, from the SVG path data of its lines. */
async function renderedPoints(page: Page): Promise<number[]> {
  return page
    .locator('figure[aria-label="Chart"] path.chart-line')
    .evaluateAll((paths) =>
      paths.map((p) => ((p.getAttribute('d') ?? '').match(/[ML]/g) ?? []).length),
    )
}

/**
 * Given a known sine wave and a JSON payload with a nested number, charted from a deep link,
 * then the legend shows the exact last values, the CSV export holds every sample with its
 * timestamp, and the PNG export is an image.
 */
test('charts a sine wave and a nested JSON number with exact legends and CSV export', async ({
  page,
  mosquitto,
}) => {
  await openApp(page, {
    url: mosquitto.wsUrl,
    sub: 'lab/#',
    connect: '1',
    chart: [SINE, `${ENV}|${PATH}`],
  })
  await expect(connectionStatus(page)).toContainText('Connected')
  await expect(page.getByRole('listitem').filter({ hasText: 'lab/#' })).toContainText('active')
  const chart = page.getByRole('figure', { name: 'Chart' })
  await expect(chart).toHaveCount(1)

  const N = 120
  // Every sample is stamped when it arrived: between these two readings of the same clock.
  const publishedFrom = Date.now()
  const messages = []
  for (let i = 0; i < N; i++) {
    messages.push({ topic: SINE, payload: sine(i) }, { topic: ENV, payload: env(i) })
  }
  await publishAll(mosquitto.tcpUrl, messages)

  const legend = chart.getByRole('list', { name: 'Series of chart 1' })
  await expect(legend).toContainText(`${SINE} ${String(Number(sine(N - 1)))}`)
  await expect(legend).toContainText(`${ENV} ${PATH} ${400 + N - 1}`)
  await expect(legend).toContainText(`${N} pts`)
  const arrivedBy = Date.now()

  const csvDownload = page.waitForEvent('download')
  await chart.getByRole('button', { name: 'Export CSV' }).click()
  const csv = readFileSync(await (await csvDownload).path(), 'utf8')
    .trim()
    .split('\n')
  expect(csv[0]).toBe('series,time,time_ms,value')
  const sineRows = csv.filter((l) => l.startsWith(`${SINE},`)).map((l) => l.split(','))
  const envRows = csv.filter((l) => l.startsWith(`${ENV} ${PATH},`)).map((l) => l.split(','))
  expect(sineRows.map((r) => Number(r[3]))).toEqual(
    Array.from({ length: N }, (_, i) => Number(sine(i))),
  )
  expect(envRows.map((r) => Number(r[3]))).toEqual(Array.from({ length: N }, (_, i) => 400 + i))
  for (const row of sineRows) {
    expect(new Date(row[1]!).getTime()).toBe(Number(row[2]))
    expect(Number(row[2])).toBeGreaterThanOrEqual(publishedFrom)
    expect(Number(row[2])).toBeLessThanOrEqual(arrivedBy)
  }

  const pngDownload = page.waitForEvent('download')
  await chart.getByRole('button', { name: 'Export PNG' }).click()
  const png = readFileSync(await (await pngDownload).path())
  expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])
  expect(png.length).toBeGreaterThan(2000)
})

/**
 * Given a JSON topic selected in the tree, then the details list its numeric fields with a
 * Chart button each, and the plain topic's Chart button adds it; a second chart takes a series
 * through the add-series form; removing works.
 */
test('adds series from the topic details and the add-series form', async ({ page, embedded }) => {
  const tcp = `mqtt://127.0.0.1:${embedded.tcpPort}`
  await openOnEmbedded(page, embedded, 'lab/#')
  await publishAll(tcp, [
    { topic: SINE, payload: '1.5' },
    { topic: ENV, payload: env(7) },
  ])
  const tree = page.getByRole('tree', { name: 'Topics' })
  await page.getByRole('searchbox', { name: 'Filter topics' }).fill('lab/')
  await tree.getByRole('treeitem', { name: /^env/ }).click()
  const details = page.getByRole('region', { name: 'Topic details' })
  await details.getByRole('button', { name: `Chart ${ENV} ${PATH}` }).click()
  await tree.getByRole('treeitem', { name: /^sine/ }).click()
  await details.getByRole('button', { name: `Chart ${SINE}` }).click()

  const charts = page.getByRole('figure', { name: 'Chart' })
  await expect(charts).toHaveCount(1)
  await publishAll(tcp, [
    { topic: SINE, payload: '2.25' },
    { topic: ENV, payload: env(8) },
  ])
  await expect(charts.first()).toContainText(`${SINE} 2.25`)
  await expect(charts.first()).toContainText(`${ENV} ${PATH} 408`)

  // A second chart, and the connection's message rate through the form.
  await page.getByRole('button', { name: 'Add chart' }).click()
  await expect(charts).toHaveCount(2)
  await page.getByRole('button', { name: 'Add series…' }).click()
  await page.getByRole('combobox', { name: 'Series kind' }).selectOption('Message rate: connection')
  await page.getByRole('combobox', { name: 'Add to' }).selectOption('Chart 2')
  await page.getByRole('button', { name: 'Add series', exact: true }).click()
  await expect(charts.nth(1)).toContainText('msgs/s (connection)')

  await charts
    .first()
    .getByRole('button', { name: `Remove series ${SINE}` })
    .click()
  await expect(charts.first()).not.toContainText(`${SINE} 2.25`)
  await charts.nth(1).getByRole('button', { name: 'Remove chart 2' }).click()
  await expect(charts).toHaveCount(1)
})

/**
 * Given one charted series, when a burst of 5 000 samples arrives (more than the plot has pixels
 * for), then the drawn line holds at most two points per pixel, and the count and the last value
 * are exact. That the bound holds at 1 000 samples/s for a whole minute while the ring wraps is
 * proven on a simulated clock in src/engine/ChartEngine.soak.test.ts (the 60 s browser soak that
 * was here now belongs to `npm run bench`). The embedded broker: it never drops QoS 0, so an
 * unpaced burst arrives whole.
 */
test('draws a 5 000-sample burst within its point budget', async ({ page, embedded }) => {
  await openApp(page, {
    url: `ws://127.0.0.1:${embedded.wsPort}`,
    v: '3.1.1',
    sub: 'fast/#',
    connect: '1',
    chart: 'fast/signal',
  })
  await expect(connectionStatus(page)).toContainText('Connected')
  await expect(page.getByRole('listitem').filter({ hasText: 'fast/#' })).toContainText('active')
  const plotWidth = await page
    .locator('figure[aria-label="Chart"] .chart-plot')
    .evaluate((el) => el.getBoundingClientRect().width)
  const budget = 2 * plotWidth + 1
  const TOTAL = 5_000
  expect(TOTAL).toBeGreaterThan(budget)

  const publisher = await externalClient(`mqtt://127.0.0.1:${embedded.tcpPort}`)
  const signal = (i: number) => String(Math.sin(i / 50) * 100 + (i % 997 === 0 ? 500 : 0))
  for (let i = 0; i < TOTAL; i++) publisher.publish('fast/signal', signal(i), { qos: 0 })
  await publisher.endAsync()
  await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText('5,000')
  const chart = page.getByRole('figure', { name: 'Chart' })
  await expect(chart).toContainText(`fast/signal ${signal(TOTAL - 1)}`)
  await expect(chart).toContainText(`${TOTAL} pts`)
  const points = await renderedPoints(page)
  expect(points).toHaveLength(1)
  expect(points[0]).toBeGreaterThan(1)
  expect(points[0]).toBeLessThanOrEqual(budget)
})

/**
 * Given charts and subscriptions set up, when the user copies the link, then it holds the broker,
 * the subscriptions and the charted series but never the password, and opening it restores them.
 */
test('copies a link with the charts and no password, which restores the view', async ({
  page,
  embedded,
}) => {
  const wsUrl = `ws://127.0.0.1:${embedded.wsPort}`
  await openApp(page, {
    url: wsUrl,
    v: '3.1.1',
    username: 'ops',
    sub: 'lab/#',
    chart: `${ENV}|${PATH}`,
  })
  await page.getByLabel('Password', { exact: true }).fill('s3cret-pw')
  await page.getByRole('button', { name: 'Copy link' }).click()
  const link = await page.getByRole('textbox', { name: 'Link' }).inputValue()
  expect(link).not.toContain('s3cret')
  expect(link).not.toContain('password')
  const params = new URL(link).searchParams
  expect(params.get('url')).toBe(wsUrl)
  expect(params.get('username')).toBe('ops')
  expect(params.getAll('sub')).toEqual(['lab/#'])
  expect(params.getAll('chart')).toEqual([`${ENV}|${PATH}`])
  expect(params.get('connect')).toBe('1')

  const other = await page.context().newPage()
  await other.goto(link)
  await expect(connectionStatus(other)).toContainText('Connected')
  await expect(other.getByRole('listitem').filter({ hasText: 'lab/#' })).toContainText('active')
  await publishAll(`mqtt://127.0.0.1:${embedded.tcpPort}`, [{ topic: ENV, payload: env(5) }])
  await expect(other.getByRole('figure', { name: 'Chart' })).toContainText(`${ENV} ${PATH} 405`)
})

/**
 * Given a broker that publishes $SYS statistics (the embedded one, Mosquitto-style), when the
 * user asks for broker statistics, then it subscribes to $SYS/# and charts messages per second
 * and clients connected.
 */
test('charts the broker statistics from $SYS', async ({ page, embedded }) => {
  await openApp(page, { url: `ws://127.0.0.1:${embedded.wsPort}`, v: '3.1.1', connect: '1' })
  await expect(connectionStatus(page)).toContainText('Connected')
  await page.getByRole('button', { name: 'Broker statistics' }).click()
  await expect(page.getByRole('list', { name: 'Subscriptions' })).toContainText('$SYS/#')
  await expect(page.getByRole('status', { name: 'Broker statistics status' })).toContainText(
    'Mosquitto-style',
  )
  const charts = page.getByRole('figure', { name: 'Chart' })
  await expect(charts).toHaveCount(2)
  await expect(charts.first()).toContainText('$SYS/broker/messages/received per s')
  await expect(charts.nth(1)).toContainText('$SYS/broker/clients/connected 1')
})

/**
 * Given a live chart, when the user pauses it, then the view and its legend stay frozen while
 * data keeps arriving; back to live shows the newest value; a brush drag zooms into a range and
 * back to live returns; the time window can be changed.
 */
test('pauses, zooms and returns to live while data keeps arriving', async ({ page, embedded }) => {
  const tcp = `mqtt://127.0.0.1:${embedded.tcpPort}`
  await openApp(page, {
    url: `ws://127.0.0.1:${embedded.wsPort}`,
    v: '3.1.1',
    sub: 'lab/#',
    connect: '1',
    chart: SINE,
  })
  await expect(connectionStatus(page)).toContainText('Connected')
  await expect(page.getByRole('listitem').filter({ hasText: 'lab/#' })).toContainText('active')
  const charts = page.getByRole('figure', { name: 'Chart' })
  const chart = charts.first()
  const legend = chart.getByRole('list', { name: 'Series of chart 1' })
  await publishAll(tcp, [{ topic: SINE, payload: '10' }])
  await expect(legend).toContainText(`${SINE} 10`)
  // A second chart of the same series stays live: both charts are built in one update, so once
  // it shows a new value, the paused one has had its chance to change (no sleep needed).
  await page.getByRole('button', { name: 'Add chart' }).click()
  await expect(charts).toHaveCount(2)
  await page.getByRole('button', { name: 'Add series…' }).click()
  await page.getByLabel('Series topic').fill(SINE)
  await page.getByRole('combobox', { name: 'Add to' }).selectOption('Chart 2')
  await page.getByRole('button', { name: 'Add series', exact: true }).click()
  const live = charts.nth(1).getByRole('list', { name: 'Series of chart 2' })
  await expect(live).toContainText(SINE)

  await chart.getByRole('button', { name: 'Pause chart' }).click()
  await expect(chart).toContainText('paused; data keeps arriving')
  await publishAll(tcp, [{ topic: SINE, payload: '20' }])
  await expect(live).toContainText(`${SINE} 20`)
  await expect(legend).toContainText(`${SINE} 10`)
  await chart.getByRole('button', { name: 'Back to live' }).click()
  await expect(legend).toContainText(`${SINE} 20`)

  // Drag across the middle of the plot: a zoomed range, then back to live.
  const plot = chart.locator('.brush')
  // The charts panel scrolls (the Add series form and two charts are taller than it).
  await plot.scrollIntoViewIfNeeded()
  const box = (await plot.boundingBox())!
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 5 })
  await page.mouse.up()
  await expect(chart).toContainText('zoomed')
  await chart.getByRole('button', { name: 'Back to live' }).click()
  await expect(chart.getByRole('button', { name: 'Pause chart' })).toBeVisible()

  await chart.getByRole('combobox', { name: 'Time window of chart 1' }).selectOption('5 min')
  await expect(chart.getByRole('combobox', { name: 'Time window of chart 1' })).toHaveValue(
    '300000',
  )
})

/** The vertical extent of each line of the first chart, as a share of its SVG's height. */
async function lineSpans(page: Page): Promise<number[]> {
  return page.locator('figure[aria-label="Chart"] svg.chart-surface').evaluate((svg) => {
    const height = svg.getBoundingClientRect().height
    return Array.from(svg.querySelectorAll('path.chart-line')).map(
      (p) => p.getBoundingClientRect().height / height,
    )
  })
}

/**
 * Given CO₂ (~600), temperature (~22) and VOC (~0.2) on one chart (issue #14: one shared axis
 * drew temperature and VOC as flat lines at zero), then each gets its own y axis and its line
 * spans a visible part of the plot; "One shared axis" is still there when asked, and "One strip
 * per series" gives each its own strip.
 */
test('gives series of very different ranges their own y axes', async ({ page, embedded }) => {
  const topics = ['air/co2', 'air/temp', 'air/voc'] as const
  await openOnEmbedded(page, embedded, 'air/#', { chart: [...topics] })
  const wave = (i: number) => Math.sin(i / 3)
  const messages = []
  for (let i = 0; i < 20; i++)
    messages.push(
      { topic: topics[0], payload: (600 + 40 * wave(i)).toFixed(1) },
      { topic: topics[1], payload: (22 + wave(i)).toFixed(2) },
      { topic: topics[2], payload: (0.2 + 0.05 * wave(i)).toFixed(3) },
    )
  await publishAll(`mqtt://127.0.0.1:${embedded.tcpPort}`, messages)
  const chart = page.getByRole('figure', { name: 'Chart' })
  const legend = chart.getByRole('list', { name: 'Series of chart 1' })
  for (const topic of topics)
    await expect(legend.getByRole('listitem').filter({ hasText: topic })).toContainText('20 pts')
  const svg = chart.locator('svg.chart-surface')
  await expect(svg).toHaveAttribute('data-strips', '3')
  for (const span of await lineSpans(page)) expect(span).toBeGreaterThan(0.15)

  const axes = chart.getByRole('combobox', { name: 'Y axes of chart 1' })
  await axes.selectOption('One shared axis')
  await expect(svg).toHaveAttribute('data-strips', '1')
  const [, temp, voc] = await lineSpans(page)
  expect(temp).toBeLessThan(0.05)
  expect(voc).toBeLessThan(0.05)
  await axes.selectOption('One strip per series')
  await expect(svg).toHaveAttribute('data-strips', '3')
})

/**
 * Given messages that arrived before a series was charted (issue #14: a new series started
 * empty), when the series is added with the "Add series" form, then it shows those points at
 * once, before any new message. The form's fields have visible labels.
 */
test('backfills a series added after messages arrived', async ({ page, embedded }) => {
  await openOnEmbedded(page, embedded, 'lab/#')
  const N = 30
  await publishAll(
    `mqtt://127.0.0.1:${embedded.tcpPort}`,
    Array.from({ length: N }, (_, i) => ({ topic: SINE, payload: sine(i) })),
  )
  await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText(String(N))
  await page.getByRole('button', { name: 'Add series…' }).click()
  const form = page.getByRole('form', { name: 'Add series' })
  for (const label of ['Series kind', 'Series topic', 'JSON path', 'Binary number', 'Add to'])
    await expect(form.getByText(label, { exact: true })).toBeVisible()
  await form.getByLabel('Series topic').fill(SINE)
  await form.getByRole('button', { name: 'Add series', exact: true }).click()
  const legend = page.getByRole('list', { name: 'Series of chart 1' })
  await expect(legend).toContainText(`${SINE} ${String(Number(sine(N - 1)))}`)
  await expect(legend).toContainText(`${N} pts`)
  // A line is drawn (downsampled to the pixels the burst covers, so not one point each).
  const [points] = await renderedPoints(page)
  expect(points).toBeGreaterThan(1)
})
