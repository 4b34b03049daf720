import type { Page } from '@playwright/test'
import { collect, openSection, payloadBox, publish, results, topicBox } from './fixtures/composer'
import { startMosquittoSub } from './fixtures/mosquittoSub'
import { startResponder } from './fixtures/publisher'
import { connectionStatus, expect, openApp, test } from './fixtures/test'

/** Opens the app connected to `wsUrl` with MQTT 5. */
async function connect(page: Page, wsUrl: string): Promise<void> {
  await openApp(page, { url: wsUrl, v: '5', connect: '1' })
  await expect(connectionStatus(page)).toContainText('Connected (MQTT 5)')
}

test('QoS 0, 1 and 2 publishes reach mosquitto_sub exactly once each with their QoS and retain flags', async ({
  page,
  mosquitto,
}) => {
  const sub = await startMosquittoSub(mosquitto, 'e2e/pub/#')
  try {
    await connect(page, mosquitto.wsUrl)
    await publish(page, 'e2e/pub/q0', 'zero', { qos: 0 })
    await expect(results(page).getByRole('listitem').first()).toContainText(
      'e2e/pub/q0 sent (QoS 0)',
    )
    await publish(page, 'e2e/pub/q1', 'one', { qos: 1 })
    await expect(results(page).getByRole('listitem').first()).toContainText(
      /e2e\/pub\/q1 acknowledged \(PUBACK\)/,
    )
    await publish(page, 'e2e/pub/q2', 'two', { qos: 2, retain: true })
    await expect(results(page).getByRole('listitem').first()).toContainText(
      /e2e\/pub\/q2 acknowledged \(PUBCOMP\)/,
    )
    // A last publish on the same connection: the broker forwards one client's messages in
    // order, so a duplicate of any of the three would arrive before it (no pause needed).
    await publish(page, 'e2e/pub/end', 'end', { qos: 2 })
    await sub.waitFor(4)
    expect(sub.lines()).toEqual([
      { qos: 0, retain: false, length: 4, topic: 'e2e/pub/q0', payload: 'zero' },
      { qos: 1, retain: false, length: 3, topic: 'e2e/pub/q1', payload: 'one' },
      { qos: 2, retain: true, length: 3, topic: 'e2e/pub/q2', payload: 'two' },
      { qos: 2, retain: false, length: 3, topic: 'e2e/pub/end', payload: 'end' },
    ])
  } finally {
    await sub.stop()
  }
})

test('a retained publish reaches a subscriber that subscribes afterwards', async ({
  page,
  mosquitto,
}) => {
  await connect(page, mosquitto.wsUrl)
  await publish(page, 'e2e/retained/state', 'on', { qos: 1, retain: true })
  await expect(results(page).getByRole('listitem').first()).toContainText('acknowledged (PUBACK)')
  const sub = await startMosquittoSub(mosquitto, 'e2e/retained/state', { probe: false, count: 1 })
  try {
    const [line] = await sub.waitFor(1)
    expect(line).toEqual({
      qos: 1,
      retain: true,
      length: 2,
      topic: 'e2e/retained/state',
      payload: 'on',
    })
  } finally {
    await sub.stop()
  }
})

test('MQTT 5 user properties, content type and correlation data arrive unchanged', async ({
  page,
  mosquitto,
}) => {
  const { client, got } = await collect(mosquitto.tcpUrl, 'e2e/props/#')
  try {
    await connect(page, mosquitto.wsUrl)
    await openSection(page, 'MQTT 5 properties')
    await page
      .getByRole('textbox', { name: 'Content type' })
      .fill('application/json; charset=utf-8')
    await page.getByRole('textbox', { name: 'Correlation data' }).fill('corr-ß-42')
    for (const [i, [k, v]] of [
      ['site', 'Zürich'],
      ['site', 'Basel'],
      ['unit', '°C'],
    ].entries()) {
      await page.getByRole('button', { name: 'Add user property' }).click()
      await page.getByRole('textbox', { name: `User property ${i + 1} name` }).fill(k!)
      await page.getByRole('textbox', { name: `User property ${i + 1} value` }).fill(v!)
    }
    await page.getByRole('combobox', { name: 'Publish format' }).selectOption('json')
    await publish(page, 'e2e/props/a', '{"t": 21.5}', { qos: 1 })
    await expect(results(page).getByRole('listitem').first()).toContainText('acknowledged (PUBACK)')
    await expect.poll(() => got.length).toBe(1)
    const props = got[0]!.properties!
    expect(props.contentType).toBe('application/json; charset=utf-8')
    expect(Buffer.from(props.correlationData!).toString('utf8')).toBe('corr-ß-42')
    expect(props.userProperties).toEqual({ site: ['Zürich', 'Basel'], unit: '°C' })
    expect(got[0]!.payload.toString()).toBe('{"t": 21.5}')
  } finally {
    await client.endAsync()
  }
})

test('refuses a # topic and invalid JSON with alerts, refuses while disconnected, and publishes 256 KB', async ({
  page,
  mosquitto,
}) => {
  await openApp(page, { url: mosquitto.wsUrl, v: '5' })
  await publish(page, 'e2e/big', 'x')
  await expect(page.getByRole('alert')).toContainText('Not connected')

  await expect(async () => {
    await page.getByRole('button', { name: 'Connect' }).click()
    await expect(connectionStatus(page)).toContainText('Connected (MQTT 5)', { timeout: 2000 })
  }).toPass()
  await publish(page, 'e2e/#', 'x')
  await expect(page.getByRole('alert')).toContainText('cannot contain "+" or "#"')

  await page.getByRole('combobox', { name: 'Publish format' }).selectOption('json')
  await publish(page, 'e2e/json', '{\n  "a": 1,\n  "b" 2\n}')
  await expect(page.getByRole('alert')).toContainText(
    'Invalid JSON at line 3, column 7 (position 18)',
  )

  const { client, got } = await collect(mosquitto.tcpUrl, 'e2e/big')
  try {
    await page.getByRole('combobox', { name: 'Publish format' }).selectOption('text')
    const big = 'x'.repeat(256 * 1024)
    await publish(page, 'e2e/big', big, { qos: 1 })
    await expect(results(page).getByRole('listitem').first()).toContainText(
      'e2e/big acknowledged (PUBACK)',
    )
    await expect(page.getByRole('alert')).toHaveCount(0)
    await expect.poll(() => got.length).toBe(1)
    expect(got[0]!.payload.length).toBe(256 * 1024)
  } finally {
    await client.endAsync()
  }
})

test('a saved template with {{counter}} repeated 100 times at 10 ms gives 100 distinct messages', async ({
  page,
  mosquitto,
}) => {
  const { client, got } = await collect(mosquitto.tcpUrl, 'e2e/repeat/#')
  try {
    await connect(page, mosquitto.wsUrl)
    await topicBox(page).fill('e2e/repeat/n')
    await page.getByRole('combobox', { name: 'Publish format' }).selectOption('json')
    await payloadBox(page).fill('{"n": {{counter}}, "at": "{{iso}}"}')
    await openSection(page, 'Templates')
    await page.getByRole('textbox', { name: 'Template name' }).fill('counter')
    await page.getByRole('button', { name: 'Save template' }).click()
    // Change the draft, then bring the template back with one click.
    await topicBox(page).fill('somewhere/else')
    await payloadBox(page).fill('')
    await page.getByRole('button', { name: 'Use template counter' }).click()
    await expect(topicBox(page)).toHaveValue('e2e/repeat/n')

    await openSection(page, 'Repeat')
    await page.getByRole('spinbutton', { name: 'Repeat every (ms)' }).fill('10')
    await page.getByRole('spinbutton', { name: 'Repeat times' }).fill('100')
    await page.getByRole('button', { name: 'Start repeat' }).click()
    await expect(page.getByRole('status', { name: 'Repeat progress' })).toHaveText(
      '100 of 100 sent (done)',
    )
    await expect.poll(() => got.length).toBe(100)
    const counters = got.map((p) => (JSON.parse(p.payload.toString()) as { n: number }).n)
    expect(new Set(counters).size).toBe(100)
    expect(Math.min(...counters)).toBe(1)
    expect(Math.max(...counters)).toBe(100)
  } finally {
    await client.endAsync()
  }
})

test('a request to an external responder shows its round trip', async ({ page, mosquitto }) => {
  const responder = await startResponder(mosquitto.tcpUrl, 'e2e/svc/ping')
  try {
    await connect(page, mosquitto.wsUrl)
    await topicBox(page).fill('e2e/svc/ping')
    await payloadBox(page).fill('hello')
    await openSection(page, 'Request / response')
    await page.getByRole('button', { name: 'Send request' }).click()
    const requests = page.getByRole('list', { name: 'Requests' })
    await expect(requests.getByRole('listitem').first()).toContainText(/reply in \d+ ms/)
    await expect(requests.getByRole('listitem').first()).toContainText('pong: hello')
    await expect(requests.getByRole('listitem').first()).toContainText('e2e/svc/ping/response')

    // Nobody answers on this topic: the request is marked after its timeout.
    await topicBox(page).fill('e2e/svc/nobody')
    await openSection(page, 'MQTT 5 properties')
    await page.getByRole('textbox', { name: 'Response topic' }).fill('')
    await page.getByRole('spinbutton', { name: 'Reply timeout (s)' }).fill('0.5')
    await page.getByRole('button', { name: 'Send request' }).click()
    await expect(requests.getByRole('listitem').first()).toContainText('no reply within 0.5 s')
  } finally {
    await responder.endAsync()
  }
})

test('Test Last Will makes the broker publish the Will, then reconnects when asked', async ({
  page,
  mosquitto,
}) => {
  const { client, got } = await collect(mosquitto.tcpUrl, 'e2e/will/#')
  try {
    await openApp(page, { url: mosquitto.wsUrl, v: '5' })
    await openSection(page, 'Last Will')
    await page.getByRole('checkbox', { name: 'Send a Last Will' }).check()
    await page.getByRole('textbox', { name: 'Will topic' }).fill('e2e/will/dev1')
    await page.getByRole('textbox', { name: 'Will message' }).fill('offline')
    await page.getByRole('combobox', { name: 'Will QoS' }).selectOption('1')
    await page.getByRole('textbox', { name: 'Will content type' }).fill('text/plain')
    await page.getByRole('button', { name: 'Connect' }).click()
    await expect(connectionStatus(page)).toContainText('Connected (MQTT 5)')
    expect(got).toHaveLength(0)

    await page.getByRole('checkbox', { name: 'Reconnect after the test' }).check()
    await page.getByRole('button', { name: 'Test Last Will' }).click()
    // The status says so only until the reconnect a second later (two polls of it missed that
    // window on a busy machine); the connection log keeps the line.
    await expect(
      page.getByRole('list', { name: 'Connection log', includeHidden: true }),
    ).toContainText(/Last Will test: .*"disconnect with Will message"/)
    await expect.poll(() => got.length).toBe(1)
    expect(got[0]!.topic).toBe('e2e/will/dev1')
    expect(got[0]!.payload.toString()).toBe('offline')
    expect(got[0]!.qos).toBe(1)
    expect(got[0]!.properties?.contentType).toBe('text/plain')
    // Reconnects after a second, and a normal disconnect then sends no Will.
    await expect(connectionStatus(page)).toContainText('Connected (MQTT 5)')
    await page.getByRole('button', { name: 'Disconnect' }).click()
    await expect(connectionStatus(page)).toHaveText('Disconnected')
    // A message published after the app's connection closed: a Will for that close would have
    // been published before it (no pause needed).
    await client.publishAsync('e2e/will/after', 'after', { qos: 1 })
    await expect.poll(() => got.length).toBe(2)
    expect(got.map((p) => p.topic)).toEqual(['e2e/will/dev1', 'e2e/will/after'])
  } finally {
    await client.endAsync()
  }
})

test('a publish while disconnected waits in the visible queue and goes out on connect', async ({
  page,
  mosquitto,
}) => {
  const { client, got } = await collect(mosquitto.tcpUrl, 'e2e/queued/#')
  try {
    await openApp(page, { url: mosquitto.wsUrl, v: '5' })
    await page.getByRole('checkbox', { name: 'Queue while disconnected' }).check()
    await publish(page, 'e2e/queued/a', 'first', { qos: 1 })
    await publish(page, 'e2e/queued/b', 'second', { qos: 1 })
    const queue = page.getByRole('list', { name: 'Publish queue' })
    await expect(queue.getByRole('listitem')).toHaveCount(2)
    await page.getByRole('button', { name: 'Connect' }).click()
    await expect(connectionStatus(page)).toContainText('Connected (MQTT 5)')
    await expect(queue).toHaveCount(0)
    await expect.poll(() => got.map((p) => p.payload.toString())).toEqual(['first', 'second'])
    // Both are in the history; one click puts the first back into the composer.
    await openSection(page, 'History')
    await page.getByRole('button', { name: 'Reuse history entry 2' }).click()
    await expect(topicBox(page)).toHaveValue('e2e/queued/a')
    await expect(payloadBox(page)).toHaveValue('first')
  } finally {
    await client.endAsync()
  }
})
