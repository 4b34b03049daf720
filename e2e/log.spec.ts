import { readFileSync } from 'node:fs'
import type { Download, Page } from '@playwright/test'
import { encodeSparkplug } from '../src/test/sparkplugEncode'
import { externalClient, pacedPublish, publishAll } from './fixtures/publisher'
import { connectionStatus, counterValue, expect, openApp, test } from './fixtures/test'

/** Parses RFC 4180 CSV (quoted fields with "" and line breaks) into rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i++
    } else field += c
  }
  return rows
}

async function downloadText(page: Page, click: () => Promise<void>): Promise<string> {
  const download: Promise<Download> = page.waitForEvent('download')
  await click()
  return readFileSync(await (await download).path(), 'utf8')
}

const ndjson = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)

/** Removes the File System Access picker, so "Record" takes its download path (as in Firefox). */
async function withoutFilePicker(page: Page): Promise<void> {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true })
  })
}

const SUBS = ['sensors/#', 'alarms/+', 'spBv1.0/#']

async function connectWithSubscriptions(page: Page, wsUrl: string): Promise<void> {
  await openApp(page, { url: wsUrl, sub: SUBS, connect: '1' })
  await expect(connectionStatus(page)).toContainText('Connected')
  const list = page.getByRole('list', { name: 'Subscriptions' })
  for (const filter of SUBS)
    await expect(list.getByRole('listitem').filter({ hasText: filter })).toContainText('active')
}

/**
 * Given messages on three subscriptions, the log filters them by MQTT filter, substring and
 * payload text with exact counts, colours each row like its subscription, shows relative times,
 * and exports exactly the rows it shows as NDJSON and CSV.
 */
test('filters, colours, relative time and exports of the message log', async ({
  page,
  mosquitto,
}) => {
  await connectWithSubscriptions(page, mosquitto.wsUrl)
  const birth = encodeSparkplug({
    seq: 0,
    metrics: [{ name: 'Temperature', alias: 1, datatype: 10, double: 21.5 }],
  })
  // Larger than the 256-byte preview: the log cannot decode it and says what it is.
  const bigBirth = encodeSparkplug({
    seq: 1,
    metrics: Array.from({ length: 20 }, (_, i) => ({
      name: `Metric number ${i}`,
      datatype: 12,
      string: 'a value long enough',
    })),
  })
  expect(bigBirth.length).toBeGreaterThan(256)
  const published = [
    { topic: 'sensors/room1/temp', payload: '{"t":21.5}' },
    { topic: 'sensors/room2/temp', payload: '{"t":19,"unit":"C"}' },
    { topic: 'sensors/room1/hum', payload: 'humidity 40' },
    { topic: 'alarms/door', payload: 'OPEN, "front"' },
    { topic: 'sensors/room1/temp', payload: '{"t":21.7}' },
    { topic: 'spBv1.0/plant/NBIRTH/edge1', payload: birth },
    { topic: 'spBv1.0/plant/NBIRTH/edge2', payload: bigBirth },
  ]
  // Every row is stamped when it arrived: not before this reading of the same clock.
  const publishedFrom = Date.now()
  await publishAll(mosquitto.tcpUrl, published)
  // One more after a pause, so its time since the previous row is known to be over a second:
  // the pause starts once the page has counted the batch (each row is stamped before it is
  // counted), not when the publisher finished (a busy machine delivered the batch's last row
  // late, and the gap read 1.055 s).
  await expect.poll(() => counterValue(page, 'Messages received')).toBe(published.length)
  await page.waitForTimeout(1_200)
  await publishAll(mosquitto.tcpUrl, [{ topic: 'alarms/window', payload: 'closed' }])
  const total = published.length + 1
  await expect.poll(() => counterValue(page, 'Messages received')).toBe(total)

  const log = page.getByRole('log', { name: 'Messages' })
  const rows = log.locator('.log-row')
  await expect(rows).toHaveCount(total)
  const matches = page.getByRole('status', { name: 'Log matches' })
  const byTopic = page.getByRole('textbox', { name: 'Filter log by topic' })
  const byText = page.getByRole('textbox', { name: 'Filter log by text' })

  // Sparkplug B: decoded when the preview is the whole payload, otherwise said.
  await expect(rows.filter({ hasText: 'spBv1.0/plant/NBIRTH/edge1' })).toContainText('Temperature')
  await expect(rows.filter({ hasText: 'spBv1.0/plant/NBIRTH/edge2' })).toContainText(
    `Sparkplug B, ${bigBirth.length} bytes`,
  )

  // An MQTT filter.
  await byTopic.fill('sensors/+/temp')
  await expect(matches).toHaveText(`3 of ${total} match`)
  await expect(rows).toHaveCount(3)
  // A substring, case-insensitive.
  await byTopic.fill('ROOM1')
  await expect(matches).toHaveText(`3 of ${total} match`)
  // Topic and payload text together.
  await byText.fill('21.7')
  await expect(matches).toHaveText(`1 of ${total} match`)
  await expect(rows).toHaveCount(1)
  await expect(rows).toContainText('{"t":21.7}')
  // Payload text alone.
  await byTopic.fill('')
  await byText.fill('open')
  await expect(matches).toHaveText(`1 of ${total} match`)
  await expect(rows).toContainText('alarms/door')
  // An invalid wildcard filter is matched as text, and the log says so.
  await byText.fill('')
  await byTopic.fill('sensors/ro#')
  await expect(page.getByText('Matching it as text instead.')).toBeVisible()
  await expect(matches).toHaveText(`0 of ${total} match`)
  await page.screenshot({ path: '/tmp/shots/log-invalid-filter.png' })

  // Export with a filter: exactly the rows shown.
  await byTopic.fill('alarms/+')
  await expect(matches).toHaveText(`2 of ${total} match`)
  const filtered = ndjson(
    await downloadText(page, () =>
      page.getByRole('button', { name: 'Export log as NDJSON' }).click(),
    ),
  )
  expect(filtered.map((r) => r.topic)).toEqual(['alarms/door', 'alarms/window'])

  // Colours: each row has its subscription's colour, said in its title too.
  const colourOf = (locator: ReturnType<Page['locator']>) =>
    locator.evaluate((el) => getComputedStyle(el).backgroundColor)
  const subList = page.getByRole('list', { name: 'Subscriptions' })
  const subColour = async (filter: string) =>
    colourOf(subList.getByRole('listitem').filter({ hasText: filter }).locator('.sub-swatch'))
  const alarmRow = rows.filter({ hasText: 'alarms/door' })
  await expect(alarmRow).toHaveAttribute('title', 'alarms/door (subscription alarms/+)')
  expect(await colourOf(alarmRow.locator('.log-swatch'))).toBe(await subColour('alarms/+'))
  await byTopic.fill('sensors/room2/temp')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toHaveAttribute('title', /\(subscription sensors\/#\)$/)
  expect(await colourOf(rows.first().locator('.log-swatch'))).toBe(await subColour('sensors/#'))
  expect(await subColour('sensors/#')).not.toBe(await subColour('alarms/+'))
  expect(await subColour('spBv1.0/#')).not.toBe(await subColour('alarms/+'))

  // Relative time: since the previous row, and since the first row on hover; persisted.
  await byTopic.fill('')
  await expect(rows).toHaveCount(total)
  await page.getByRole('combobox', { name: 'Log time' }).selectOption('Since previous row')
  const times = rows.locator('.log-time')
  await expect(times.first()).toHaveText('+0.000 s')
  for (const text of await times.allTextContents()) expect(text).toMatch(/^\+\d+\.\d{3} s$/)
  const lastGap = Number((await times.last().textContent())!.replace(/[^\d.]/g, ''))
  expect(lastGap).toBeGreaterThanOrEqual(1.1)
  await expect(times.last()).toHaveAttribute('title', /^\+\d+\.\d{3} s since the first row \(/)
  await page.screenshot({ path: '/tmp/shots/log-relative.png' })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: '/tmp/shots/log-relative-dark.png' })
  await page.emulateMedia({ colorScheme: 'light' })

  // Unfiltered exports: exactly the published messages, in order.
  const all = [...published, { topic: 'alarms/window', payload: 'closed' }]
  const lines = ndjson(
    await downloadText(page, () =>
      page.getByRole('button', { name: 'Export log as NDJSON' }).click(),
    ),
  )
  expect(lines.map((l) => l.topic)).toEqual(all.map((m) => m.topic))
  for (const [i, line] of lines.entries()) {
    const payload = all[i]!.payload
    const bytes = typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload)
    expect(line.size).toBe(bytes.length)
    expect(line.qos).toBe(0)
    expect(line.retain).toBe(false)
    const time = new Date(line.time as string).getTime()
    expect(time).toBeGreaterThanOrEqual(publishedFrom)
    expect(time).toBeLessThanOrEqual(Date.now())
    if (typeof payload === 'string') {
      expect(line).toMatchObject({ encoding: 'utf8', payload, truncated: false })
    } else {
      // Protobuf: the bytes the log holds (as text when they happen to be UTF-8, else base64),
      // flagged when that is not all of them.
      const held = Buffer.from(line.payload as string, line.encoding === 'utf8' ? 'utf8' : 'base64')
      expect(held).toEqual(bytes.subarray(0, 256))
      expect(line.truncated).toBe(bytes.length > 256)
    }
  }
  const csv = parseCsv(
    await downloadText(page, () => page.getByRole('button', { name: 'Export log as CSV' }).click()),
  )
  expect(csv[0]).toEqual([
    'time',
    'topic',
    'qos',
    'retain',
    'size',
    'truncated',
    'encoding',
    'payload',
  ])
  expect(csv.slice(1).map((r) => [r[1], r[7]])).toEqual(
    lines.map((l) => [l.topic, l.payload as string]),
  )
  await expect(
    page.getByText(/Exported 8 rows as CSV\. 1 of them hold only the first 256/),
  ).toBeVisible()

  await page.reload()
  await expect(page.getByRole('combobox', { name: 'Log time' })).toHaveValue('relative')
})

/**
 * Given 300 messages a second (many screenfuls of rows a second), then the log says it shows the
 * newest rows once a second, still shows the newest message, and drops the note once the traffic
 * stops; Pause hides it (a paused log does not move).
 */
test('a flooded log says it repaints once a second, and stops saying so', async ({
  page,
  mosquitto,
}) => {
  test.setTimeout(60_000)
  const N = 1_500
  await openApp(page, { url: mosquitto.wsUrl, sub: 'flood/#', connect: '1' })
  await expect(connectionStatus(page)).toContainText('Connected')
  await expect(page.getByRole('listitem').filter({ hasText: 'flood/#' })).toContainText('active')
  const note = page.getByRole('note').filter({
    hasText: 'Too fast to read: the newest rows, once a second',
  })
  await expect(note).toHaveCount(0)

  const client = await externalClient(mosquitto.tcpUrl)
  try {
    // Five seconds at 300 a second: the note comes after the first second's judgement.
    const publishing = pacedPublish(client, N, 300, (i) => ({
      topic: `flood/${i % 20}`,
      payload: `n${i}`,
    }))
    await expect(note).toBeVisible({ timeout: 4_000 })
    await page.screenshot({ path: '/tmp/shots/log-flooded.png' })
    await page.getByRole('button', { name: 'Pause' }).click()
    await expect(note).toHaveCount(0)
    await page.getByRole('button', { name: 'Resume' }).click()
    await publishing
  } finally {
    await client.endAsync()
  }
  await expect.poll(() => counterValue(page, 'Messages received'), { timeout: 10_000 }).toBe(N)
  const log = page.getByRole('log', { name: 'Messages' })
  // The newest row shows (at most a second late), and the note goes with the traffic.
  await expect(log.getByText(`n${N - 1}`, { exact: true })).toBeVisible({ timeout: 3_000 })
  await expect(note).toHaveCount(0, { timeout: 4_000 })
})

/**
 * Given "Record" on, when more messages arrive than the 10 000-row log holds, then the recording
 * (downloaded on stop: the file picker is removed, as in browsers without it) holds every one,
 * whole and in order.
 */
test('Record captures every message beyond the log ring', async ({ page, mosquitto }) => {
  test.setTimeout(120_000)
  const N = 12_000
  await withoutFilePicker(page)
  await openApp(page, { url: mosquitto.wsUrl, sub: 'load/#', connect: '1' })
  await expect(connectionStatus(page)).toContainText('Connected')
  await expect(page.getByRole('listitem').filter({ hasText: 'load/#' })).toContainText('active')
  await page.getByRole('button', { name: 'Record' }).click()
  const status = page.getByRole('status', { name: 'Recording status' })
  await expect(status).toContainText('Recording: 0 messages')

  const client = await externalClient(mosquitto.tcpUrl)
  // A payload longer than the 256-byte preview, so the recording is seen to hold it whole.
  const payload = (i: number) => `${i} ${'x'.repeat(i % 500 === 0 ? 400 : 10)}`
  try {
    await pacedPublish(client, N, 3_000, (i) => ({ topic: `load/${i % 10}`, payload: payload(i) }))
  } finally {
    await client.endAsync()
  }
  await expect.poll(() => counterValue(page, 'Messages received'), { timeout: 30_000 }).toBe(N)
  await expect(status).toContainText(`Recording: ${N.toLocaleString('en-US')} messages`, {
    timeout: 10_000,
  })
  await expect(page.getByText(`last 10,000 of ${N.toLocaleString('en-US')}`)).toBeVisible()
  await page.screenshot({ path: '/tmp/shots/log-recording.png' })

  const lines = ndjson(
    await downloadText(page, () => page.getByRole('button', { name: 'Stop recording' }).click()),
  )
  // Compared as numbers and one summary: a failing diff of 12 000 objects would take minutes.
  expect(lines.length).toBe(N)
  const wrong = lines.findIndex(
    (line, i) =>
      line.topic !== `load/${i % 10}` ||
      line.payload !== payload(i) ||
      line.size !== payload(i).length,
  )
  expect(wrong === -1 ? 'all in order' : JSON.stringify(lines[wrong])).toBe('all in order')
  await expect(status).toContainText(`Recorded ${N.toLocaleString('en-US')} messages`)
  await expect(page.getByRole('button', { name: 'Record' })).toBeEnabled()
})

/**
 * Given a browser with the File System Access API, "Record" asks for a file and writes the
 * chunks to it as they come (the picker is replaced by one that writes into page memory, since
 * a headless browser cannot show the dialog).
 */
test('Record writes to the file chosen in the save picker', async ({ page, mosquitto }) => {
  await page.addInitScript(() => {
    const store = { chunks: [] as string[], closed: false }
    Object.assign(window, { __recorded: store })
    Object.defineProperty(window, 'showSaveFilePicker', {
      configurable: true,
      value: () =>
        Promise.resolve({
          name: 'capture.ndjson',
          createWritable: () =>
            Promise.resolve({
              write: (data: Uint8Array) => {
                store.chunks.push(new TextDecoder().decode(data))
                return Promise.resolve()
              },
              close: () => {
                store.closed = true
                return Promise.resolve()
              },
            }),
        }),
    })
  })
  await openApp(page, { url: mosquitto.wsUrl, sub: 'pick/#', connect: '1' })
  await expect(connectionStatus(page)).toContainText('Connected')
  await expect(page.getByRole('listitem').filter({ hasText: 'pick/#' })).toContainText('active')
  await page.getByRole('button', { name: 'Record' }).click()
  const status = page.getByRole('status', { name: 'Recording status' })
  await expect(status).toContainText('written to capture.ndjson')
  await publishAll(
    mosquitto.tcpUrl,
    Array.from({ length: 5 }, (_, i) => ({ topic: `pick/${i}`, payload: `m${i}` })),
  )
  await expect(status).toContainText('Recording: 5 messages')
  await page.getByRole('button', { name: 'Stop recording' }).click()
  await expect(status).toContainText('Recorded 5 messages')
  await expect(status).toContainText('to capture.ndjson')
  const recorded = await page.evaluate(
    () => (window as unknown as { __recorded: { chunks: string[]; closed: boolean } }).__recorded,
  )
  expect(recorded.closed).toBe(true)
  expect(ndjson(recorded.chunks.join('')).map((l) => l.payload)).toEqual([
    'm0',
    'm1',
    'm2',
    'm3',
    'm4',
  ])
})
