import { readFile } from 'node:fs/promises'
import { encode as cborEncode } from 'cborg'
import { encode as msgpackEncode } from '@msgpack/msgpack'
import type { Page } from '@playwright/test'
import { encodeSparkplug } from '../src/test/sparkplugEncode'
import { publishAll } from './fixtures/publisher'
import { expect, openOnEmbedded, test } from './fixtures/test'

/** A 2×2 red PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
)
/** Larger than PAYLOAD_KEPT_BYTES (1 MiB), so "kept whole" is what is tested. */
const BIG = 1.5 * 1024 * 1024
/** A folder to save screenshots of the decoded views in, when set (for review). */
const SHOTS = process.env.DECODERS_SCREENSHOTS

async function select(page: Page, topic: string) {
  await page.getByRole('searchbox', { name: 'Filter topics' }).fill(topic)
  const leaf = topic.split('/').pop()!
  await page
    .getByRole('tree', { name: 'Topics' })
    .getByRole('treeitem', { name: new RegExp(`^${leaf.replace(/[.]/g, '\\.')}`) })
    .click()
  await expect(page.getByRole('region', { name: 'Topic details' })).toContainText(topic)
}

/**
 * Given an external client that publishes CBOR, MessagePack, Sparkplug B, a PNG and a 1.5 MB
 * payload, when the user selects each topic, then the details view shows the decoded values,
 * the real size of the large one, and "Download payload" saves all of its bytes.
 *
 * The embedded broker (Aedes over `ws`), not mosquitto: Debian's mosquitto 2.0.11 stalls large
 * payloads to WebSocket subscribers on some machines (a 1.5 MB message never arrived, 100 KB took
 * 2.4 s) while TCP subscribers get them at once. That is the broker's bug, not the app's; what
 * the user then sees is tested in payloads.spec.ts. Nothing here needs mosquitto itself.
 */
test('decodes binary payloads and downloads a large payload whole', async ({ page, embedded }) => {
  const tcpUrl = `mqtt://127.0.0.1:${embedded.tcpPort}`
  await openOnEmbedded(page, embedded, '#')

  const birth = encodeSparkplug({
    timestamp: 1_700_000_000_000,
    seq: 0,
    metrics: [
      { name: 'Temperature', alias: 1, datatype: 10, double: 21.5 },
      { name: 'Pump running', alias: 2, datatype: 11, boolean: true },
      { name: 'Label', alias: 3, datatype: 12, string: 'north-well' },
    ],
  })
  const data = encodeSparkplug({
    seq: 1,
    metrics: [
      { alias: 1, datatype: 10, double: 23.75 },
      { alias: 2, datatype: 11, boolean: false },
    ],
  })
  await publishAll(tcpUrl, [
    {
      topic: 'dec/cbor',
      payload: cborEncode({ temperature: 21.5, unit: 'C', readings: [1, 2, 3] }),
    },
    { topic: 'dec/msgpack', payload: msgpackEncode({ pressure: 1013, ok: true, site: 'alpha' }) },
    { topic: 'spBv1.0/plant/NBIRTH/edge7', payload: birth },
    { topic: 'spBv1.0/plant/NDATA/edge7', payload: data },
    { topic: 'dec/png', payload: PNG },
    { topic: 'dec/big', payload: 'start' },
  ])
  const details = page.getByRole('region', { name: 'Topic details' })

  // CBOR: Auto must not guess it (hex), so the user binds the decoder to the topic.
  await select(page, 'dec/cbor')
  await expect(details).toContainText('binary, shown as hex')
  await details.getByRole('combobox', { name: 'Decoder for this topic' }).selectOption('CBOR')
  await expect(details.getByRole('textbox', { name: 'Decoder filter' })).toHaveValue('dec/cbor')
  await details.getByRole('button', { name: 'Bind decoder' }).click()
  await expect(details.getByRole('list', { name: 'Decoder bindings' })).toContainText('dec/cbor')
  await expect(details).toContainText('temperature: 21.5')
  await expect(details).toContainText('unit: "C"')
  await details.getByRole('searchbox', { name: 'Search in payload' }).fill('unit')
  await expect(details.locator('mark')).toHaveText('unit')
  await expect(details).not.toContainText('temperature')
  await details.getByRole('searchbox', { name: 'Search in payload' }).fill('')
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/decoders-cbor.png` })

  // MessagePack: bound through a wildcard filter typed by the user.
  await select(page, 'dec/msgpack')
  await details
    .getByRole('combobox', { name: 'Decoder for this topic' })
    .selectOption('MessagePack')
  await details.getByRole('textbox', { name: 'Decoder filter' }).fill('dec/+/never')
  await details.getByRole('button', { name: 'Bind decoder' }).click()
  await expect(details).toContainText('binary, shown as hex')
  await details.getByRole('textbox', { name: 'Decoder filter' }).fill('dec/msgpack')
  await details.getByRole('button', { name: 'Bind decoder' }).click()
  await expect(details).toContainText('pressure: 1013')
  await expect(details).toContainText('site: "alpha"')
  await details.getByRole('button', { name: 'Remove binding dec/+/never' }).click()
  await expect(details.getByRole('list', { name: 'Decoder bindings' })).not.toContainText('never')

  // Sparkplug B: detected by topic; the NDATA's aliases are named from the NBIRTH.
  await select(page, 'spBv1.0/plant/NDATA/edge7')
  const metrics = details.getByRole('table', { name: 'Sparkplug metrics' })
  await expect(metrics.getByRole('row', { name: /Temperature/ })).toContainText('23.75')
  await expect(metrics.getByRole('row', { name: /Temperature/ })).toContainText('Double')
  await expect(metrics.getByRole('row', { name: /Pump running/ })).toContainText('false')
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/decoders.png` })

  // The log decodes with the bindings too.
  const log = page.getByRole('log', { name: 'Messages' })
  await expect(log).toContainText('{"pressure":1013,"ok":true,"site":"alpha"}')

  // PNG: shown as an image from a blob: URL.
  await select(page, 'dec/png')
  const img = details.getByRole('img', { name: 'Image preview' })
  await expect(img).toHaveAttribute('src', /^blob:/)
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(2)

  // Large: select the topic first, so that the worker keeps the next payload whole.
  await select(page, 'dec/big')
  const big = new Uint8Array(BIG).fill(0x61)
  big[BIG - 1] = 0x7a
  await publishAll(tcpUrl, [{ topic: 'dec/big', payload: big }])
  await expect(details).toContainText('1.5 MB')
  await expect(details).toContainText('showing 64.0 KB of 1.5 MB')
  await expect(details).not.toContainText('The download holds the first')
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    details.getByRole('button', { name: 'Download payload' }).click(),
  ])
  const saved = await readFile(await download.path())
  expect(saved.length).toBe(1_572_864)
  expect(saved[BIG - 1]).toBe(0x7a)
})
