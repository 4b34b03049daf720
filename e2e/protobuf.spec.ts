import AxeBuilder from '@axe-core/playwright'
import protobuf from 'protobufjs'
import type { Page } from '@playwright/test'
import { payloadBox, publish } from './fixtures/composer'
import { externalClient, publishAll } from './fixtures/publisher'
import { connectionStatus, expect, openOnEmbedded, test } from './fixtures/test'

/** The user's schema: two files, one importing the other (imports resolve among the files). */
const METER = `syntax = "proto3";
package acme;
import "units.proto";
message Reading {
  double watts = 1;
  int64 total_wh = 2;
  Unit unit = 3;
  string site = 4;
}
`
const UNITS = 'syntax = "proto3";\npackage acme;\nenum Unit { W = 0; KW = 1; }\n'
const SHOTS = process.env.PROTOBUF_SCREENSHOTS

/** The type outside the app: protobufjs straight from the same texts, as a device has it. */
function readingType(): protobuf.Type {
  const root = new protobuf.Root()
  protobuf.parse(UNITS, root, { keepCase: true })
  protobuf.parse(METER, root, { keepCase: true })
  return root.lookupType('acme.Reading')
}

function encoder(): (value: Record<string, unknown>) => Buffer {
  const type = readingType()
  return (value) => Buffer.from(type.encode(type.fromObject(value)).finish())
}

/** Loads the two files from the details of the selected topic and binds acme.Reading to meter/+. */
async function bindReading(page: Page) {
  const details = page.getByRole('region', { name: 'Topic details' })
  await details.getByRole('combobox', { name: 'Decoder for this topic' }).selectOption('Protobuf')
  const schemas = details.getByRole('group', { name: 'Protobuf schemas' })
  await schemas.getByLabel('Load .proto files').setInputFiles([
    { name: 'meter.proto', mimeType: 'text/plain', buffer: Buffer.from(METER) },
    { name: 'units.proto', mimeType: 'text/plain', buffer: Buffer.from(UNITS) },
  ])
  await expect(schemas.getByRole('list', { name: 'Saved schemas' })).toContainText(
    'meter.proto, units.proto',
  )
  await expect(details.getByRole('combobox', { name: 'Message type' })).toHaveValue('acme.Reading')
  await details.getByRole('textbox', { name: 'Decoder filter' }).fill('meter/+')
  await details.getByRole('button', { name: 'Bind decoder' }).click()
  await expect(details.getByRole('list', { name: 'Decoder bindings' })).toContainText(
    'meter/+ → Protobuf acme.Reading',
  )
}

async function select(page: Page, topic: string) {
  await page.getByRole('searchbox', { name: 'Filter topics' }).fill(topic)
  await page
    .getByRole('tree', { name: 'Topics' })
    .getByRole('treeitem', { name: new RegExp(`^${topic.split('/').pop()!}`) })
    .click()
  await expect(page.getByRole('region', { name: 'Topic details' })).toContainText(topic)
}

/**
 * Given a foreign client publishing protobuf readings, when the user loads the two .proto files,
 * binds acme.Reading to meter/+ and charts a field, then the details, the log and the history
 * diff show decoded messages, the chart gets the field's values, a payload that is not a
 * Reading gets a note instead of an error, and a broken .proto is refused with line and column.
 */
test('decodes protobuf with the user’s .proto files and charts a field', async ({
  page,
  embedded,
}) => {
  const tcpUrl = `mqtt://127.0.0.1:${embedded.tcpPort}`
  const encode = encoder()
  await openOnEmbedded(page, embedded, '#')
  await publishAll(tcpUrl, [
    { topic: 'meter/1', payload: encode({ watts: 12.5, total_wh: 1000, unit: 1, site: 'north' }) },
  ])
  const details = page.getByRole('region', { name: 'Topic details' })
  await select(page, 'meter/1')

  await details.getByRole('combobox', { name: 'Decoder for this topic' }).selectOption('Protobuf')
  const schemas = details.getByRole('group', { name: 'Protobuf schemas' })
  // A broken file first: refused with its place, nothing saved.
  await schemas.getByRole('textbox', { name: '.proto text' }).fill('message Broken { int32 a = 1 }')
  await schemas.getByRole('button', { name: 'Add pasted schema' }).click()
  await expect(schemas.getByRole('alert')).toContainText(
    'schema.proto, line 1, column 18: unexpected “int32”',
  )
  await expect(schemas.getByRole('list', { name: 'Saved schemas' })).toHaveCount(0)
  await bindReading(page)
  if (SHOTS) await details.screenshot({ path: `${SHOTS}/protobuf-schemas.png` })
  // The schema controls (and the problem list above) pass axe's WCAG 2.1 A/AA rules.
  const axe = await new AxeBuilder({ page })
    .include('.details-panel')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  expect(
    axe.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([])
  await expect(details).toContainText('watts: 12.5')
  await expect(details).toContainText('total_wh: "1000"')
  await expect(details).toContainText('unit: "KW"')

  // Chart a field of the decoded message, then more readings arrive.
  await details.getByRole('button', { name: 'Chart meter/1 watts' }).click()
  const chart = page.getByRole('figure', { name: 'Chart' })
  await expect(chart).toContainText('meter/1 watts (acme.Reading)')
  await publishAll(
    tcpUrl,
    [20, 30, 40].map((watts) => ({ topic: 'meter/1', payload: encode({ watts, site: 'north' }) })),
  )
  const legend = chart.getByRole('list', { name: 'Series of chart 1' })
  await expect(legend).toContainText('meter/1 watts (acme.Reading) 40')
  await expect(legend).toContainText('4 pts')
  await expect(page.getByRole('log', { name: 'Messages' })).toContainText('"watts":40')

  // The history diff compares decoded fields.
  await details.getByText(/^Topic history/).click()
  await details.getByRole('checkbox', { name: 'Compare message #3' }).check()
  await details.getByRole('checkbox', { name: 'Compare message #4' }).check()
  await expect(details.getByRole('list', { name: 'Changed JSON fields' })).toContainText(
    '~ watts: 30 → 40',
  )
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/protobuf-details.png`, fullPage: true })

  // Bytes that are no Reading: a note on that message, the app and the chart go on.
  const client = await externalClient(tcpUrl)
  await client.publishAsync('meter/1', Buffer.from([0x0a, 0xff, 0xff]))
  await client.endAsync()
  await expect(details).toContainText('Not a complete acme.Reading message')
  await expect(legend).toContainText('4 pts')

  // Kept in the browser: after a reload the binding decodes again.
  await page.reload()
  await expect(connectionStatus(page)).toContainText('Connected (MQTT 3.1.1)')
  await expect(page.getByRole('listitem').filter({ hasText: '#' }).first()).toContainText('active')
  await publishAll(tcpUrl, [{ topic: 'meter/2', payload: encode({ watts: 99 }) }])
  await select(page, 'meter/2')
  await expect(details).toContainText('watts: 99')
})

/**
 * Given acme.Reading bound to meter/+, when the user publishes JSON from the composer in format
 * "Protobuf (from JSON)", then an independent subscriber receives the bytes protobufjs gives for
 * that JSON; JSON that does not fit the type is refused with a message naming the field.
 */
test('publishes protobuf from the composer with the bound type', async ({ page, embedded }) => {
  const tcpUrl = `mqtt://127.0.0.1:${embedded.tcpPort}`
  await openOnEmbedded(page, embedded, '#')
  await publishAll(tcpUrl, [{ topic: 'meter/1', payload: encoder()({ watts: 1 }) }])
  await select(page, 'meter/1')
  await bindReading(page)
  // An independent subscriber (MQTT 3.1.1: the embedded broker speaks no MQTT 5).
  const client = await externalClient(tcpUrl)
  const got: Buffer[] = []
  client.on('message', (_topic, payload) => got.push(payload))
  await client.subscribeAsync('meter/7', { qos: 1 })

  await page.getByRole('combobox', { name: 'Publish format' }).selectOption('Protobuf (from JSON)')
  await publish(page, 'meter/7', '{"watts": "high"}')
  await expect(page.getByRole('alert').filter({ hasText: 'watts' })).toContainText(
    '“watts” must be of type double',
  )
  await payloadBox(page).fill(
    '{"watts": 7.5, "total_wh": "123456789012", "unit": "KW", "site": "南"}',
  )
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/protobuf-composer.png` })
  await page.getByRole('button', { name: 'Publish', exact: true }).click()
  await expect.poll(() => got.length).toBe(1)
  const type = readingType()
  const expected = type.encode(
    type.fromObject({ watts: 7.5, total_wh: '123456789012', unit: 'KW', site: '南' }),
  )
  expect([...got[0]!]).toEqual([...expected.finish()])

  // "Open in composer" on a decoded message gives its JSON in Protobuf format: the same bytes again.
  await page
    .getByRole('region', { name: 'Topic details' })
    .getByRole('button', { name: 'Open in composer' })
    .click()
  await expect(page.getByRole('combobox', { name: 'Publish format' })).toHaveValue('protobuf')
  await expect(payloadBox(page)).toHaveValue(/"watts": 1,/)
  await page.getByRole('textbox', { name: 'Publish topic' }).fill('meter/7')
  await page.getByRole('button', { name: 'Publish', exact: true }).click()
  await expect.poll(() => got.length).toBe(2)
  expect([...got[1]!]).toEqual([...encoder()({ watts: 1 })])
  await client.endAsync()
})
