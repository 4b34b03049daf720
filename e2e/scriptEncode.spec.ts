import type { IPublishPacket } from 'mqtt'
import { payloadBox, topicBox } from './fixtures/composer'
import { externalClient } from './fixtures/publisher'
import { expect, openOnEmbedded, test } from './fixtures/test'

// An encode script in the composer (#16): the payload text (JSON here) becomes bytes in the MQTT
// worker, checked byte for byte at an independent subscriber.

/** A meter frame laid out as server/simulator.ts writes it (what the example encoder makes). */
function meterFrame(): Buffer {
  const bytes = Buffer.alloc(28)
  bytes.set([0xff, 0xfe, 1, 1])
  bytes.writeUInt32LE(41, 4)
  bytes.writeUInt32LE(1_700_000_000, 8)
  bytes.writeFloatLE(1500, 12)
  bytes.writeDoubleLE(12_345.5, 16)
  bytes.writeUInt16LE(2301, 24)
  bytes.writeUInt16LE(4998, 26)
  return bytes
}

test('the meter encoder turns the composer JSON into the meter frame an independent subscriber receives', async ({
  page,
  embedded,
}) => {
  await openOnEmbedded(page, embedded, 'e2e/#')
  const editor = page.getByRole('group', { name: 'Script editor' })
  await editor.getByRole('combobox', { name: 'Load example' }).selectOption('meterEncode')
  await editor.getByRole('textbox', { name: 'Script name' }).fill('Meter encoder')
  await editor.getByRole('button', { name: 'Save script' }).click()
  await expect(editor.getByRole('status', { name: 'Script status' })).toHaveText(
    'Saved “Meter encoder”.',
  )
  const sub = await externalClient(`mqtt://127.0.0.1:${embedded.tcpPort}`)
  try {
    const got: IPublishPacket[] = []
    sub.on('message', (_t, _p, packet) => got.push(packet))
    await sub.subscribeAsync('e2e/meter', { qos: 1 })
    await topicBox(page).fill('e2e/meter')
    await page.getByRole('combobox', { name: 'Publish format' }).selectOption('script')
    // No script chosen yet: refused with what to do.
    await page.getByRole('button', { name: 'Publish', exact: true }).click()
    await expect(page.getByRole('alert').filter({ hasText: 'Encode script' })).toContainText(
      'Choose a saved script that exports encode',
    )
    await page
      .getByRole('combobox', { name: 'Encode script' })
      .selectOption({ label: 'Meter encoder' })
    await payloadBox(page).fill(
      JSON.stringify({
        occupied: true,
        sequence: 41,
        time: '2023-11-14T22:13:20.000Z',
        powerW: 1500,
        energyKWh: 12_345.5,
        voltageV: 230.1,
        frequencyHz: 49.98,
      }),
    )
    await page.getByRole('button', { name: 'Publish', exact: true }).click()
    await expect.poll(() => got.length).toBe(1)
    expect(Buffer.from(got[0]!.payload).equals(meterFrame())).toBe(true)
    if (process.env.SCRIPTS_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.SCRIPTS_SCREENSHOTS}/encode-script.png` })
  } finally {
    await sub.endAsync(true)
  }
})
