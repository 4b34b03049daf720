import type { Page } from '@playwright/test'
import type { MqttClient } from 'mqtt'
import type { EmbeddedBroker } from '../server/broker'
import { METER_TOPIC } from '../src/scripting/examples'
import { externalClient } from './fixtures/publisher'
import { expect, openOnEmbedded, test } from './fixtures/test'

// A decode script bound to a topic filter (#16): the topic details show the value decode()
// returns, computed in the MQTT worker; a throw is shown for that message, never thrown; a
// decoded field charts, decoded in the worker too.

/** A meter frame laid out as server/simulator.ts writes it. */
function meterFrame(powerW: number): Buffer {
  const bytes = Buffer.alloc(28)
  bytes.set([0xff, 0xfe, 1, 1])
  bytes.writeUInt32LE(41, 4)
  bytes.writeUInt32LE(1_700_000_000, 8)
  bytes.writeFloatLE(powerW, 12)
  bytes.writeDoubleLE(12_345.5, 16)
  bytes.writeUInt16LE(2301, 24)
  bytes.writeUInt16LE(4998, 26)
  return bytes
}

async function saveMeterDecoder(page: Page) {
  const editor = page.getByRole('group', { name: 'Script editor' })
  await editor.getByRole('combobox', { name: 'Load example' }).selectOption('meterDecode')
  await editor.getByRole('textbox', { name: 'Script name' }).fill('Meter')
  await editor.getByRole('button', { name: 'Save script' }).click()
  await expect(editor.getByRole('status', { name: 'Script status' })).toHaveText('Saved “Meter”.')
}

/**
 * Opens the app on the embedded broker with the meter example saved as script "Meter", lets
 * `foreign` publish a 1 500 W meter frame, and binds the script to the meter topic in the
 * details. Returns the details region.
 */
async function bindMeterAfterFrame(page: Page, embedded: EmbeddedBroker, foreign: MqttClient) {
  await openOnEmbedded(page, embedded, 'demo/#', { select: METER_TOPIC })
  await saveMeterDecoder(page)
  await foreign.publishAsync(METER_TOPIC, meterFrame(1500), { qos: 1 })
  const details = page.getByRole('region', { name: 'Topic details' })
  await expect(details).toContainText(METER_TOPIC)
  await details.getByRole('combobox', { name: 'Decoder for this topic' }).selectOption('script')
  await details.getByRole('combobox', { name: 'Decode script' }).selectOption({ label: 'Meter' })
  await details.getByRole('button', { name: 'Bind decoder' }).click()
  return details
}

test('the meter example decodes a foreign binary meter frame in the details and charts a field; a bad frame says why', async ({
  page,
  embedded,
}) => {
  const foreign = await externalClient(`mqtt://127.0.0.1:${embedded.tcpPort}`)
  try {
    const details = await bindMeterAfterFrame(page, embedded, foreign)
    await expect(details.getByRole('list', { name: 'Decoder bindings' })).toContainText(
      `${METER_TOPIC} → Script Meter`,
    )
    const value = details.getByRole('group', { name: 'Script value' })
    await expect(value).toContainText('Decoded by script “Meter”')
    await expect(value).toContainText('powerW: 1500')
    await expect(value).toContainText('voltageV: 230.1')
    // Not a meter frame: the script throws; the message shows as hex with the script's words.
    await foreign.publishAsync(METER_TOPIC, Buffer.from([1, 2, 3]), { qos: 1 })
    await expect(value).toContainText('Script “Meter” threw')
    await expect(value).toContainText('not a meter frame (3 bytes)')
    await expect(value).toContainText('01 02 03')
    // The next good frame decodes again.
    await foreign.publishAsync(METER_TOPIC, meterFrame(900), { qos: 1 })
    await expect(value).toContainText('powerW: 900')
    // Chart a decoded field: the worker decodes each message with the script (the history's good
    // frames first: 1500 and 900; the bad one gives no point), then new frames add points.
    await value.getByRole('button', { name: `Chart ${METER_TOPIC} powerW` }).click()
    const legend = page.getByRole('figure', { name: 'Chart' }).getByRole('list', {
      name: 'Series of chart 1',
    })
    await expect(legend).toContainText(`${METER_TOPIC} powerW (Meter) 900`)
    await expect(legend).toContainText('2 pts')
    await foreign.publishAsync(METER_TOPIC, meterFrame(1200), { qos: 1 })
    await expect(legend).toContainText(`${METER_TOPIC} powerW (Meter) 1200`)
    await expect(legend).toContainText('3 pts')
    if (process.env.SCRIPTS_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.SCRIPTS_SCREENSHOTS}/decode-script.png` })
  } finally {
    await foreign.endAsync(true)
  }
})

test('tree and log rows of a script-bound topic show the script value; a frame the script rejects shows the marker and its hex', async ({
  page,
  embedded,
}) => {
  const foreign = await externalClient(`mqtt://127.0.0.1:${embedded.tcpPort}`)
  try {
    await bindMeterAfterFrame(page, embedded, foreign)
    const treeRow = page.getByRole('tree', { name: 'Topics' }).getByRole('treeitem', {
      name: /^raw/,
    })
    const logRows = page.getByRole('log', { name: 'Messages' }).locator('.log-row')
    // The value decode() returns, as compact JSON, decoded in the worker for the rows on screen.
    const value1500 = '"powerW":1500,"energyKWh":12345.5,"voltageV":230.1'
    await expect(treeRow).toContainText(value1500)
    await expect(logRows.first()).toContainText(value1500)
    await expect(treeRow).not.toContainText('ff fe')
    // Not a meter frame: the script throws; both rows say so and show the bytes.
    await foreign.publishAsync(METER_TOPIC, Buffer.from([1, 2, 3]), { qos: 1 })
    const failed = treeRow.getByText('script failed')
    await expect(failed).toBeVisible()
    await expect(failed).toHaveAttribute(
      'title',
      /Script “Meter” threw.*not a meter frame \(3 bytes\)/,
    )
    await expect(treeRow).toContainText('01 02 03')
    const badRow = logRows.filter({ hasText: '01 02 03' })
    await expect(badRow.getByText('script failed')).toBeVisible()
    // The earlier message's row keeps its value; the app goes on: the next frame decodes.
    await expect(logRows.filter({ hasText: value1500 })).toHaveCount(1)
    await foreign.publishAsync(METER_TOPIC, meterFrame(900), { qos: 1 })
    await expect(treeRow).toContainText('"powerW":900')
    await expect(treeRow.getByText('script failed')).toHaveCount(0)
    await expect(logRows.filter({ hasText: '"powerW":900' })).toHaveCount(1)
    if (process.env.SCRIPTS_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.SCRIPTS_SCREENSHOTS}/script-rows.png` })
  } finally {
    await foreign.endAsync(true)
  }
})
