import { publishAll } from './fixtures/publisher'
import { connectionStatus, expect, openApp, test } from './fixtures/test'

const HTML = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>'

/**
 * Given payloads with HTML and invalid UTF-8, when they arrive, then the HTML is shown as text
 * (never parsed or run) and the binary payload as hex, in the log, the tree and the details.
 */
test('shows HTML payloads as text and invalid UTF-8 as hex', async ({ page, mosquitto }) => {
  const dialogs: string[] = []
  page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  await openApp(page, { url: mosquitto.wsUrl, sub: '#', connect: '1' })
  await expect(connectionStatus(page)).toContainText('Connected')
  await expect(page.getByRole('listitem').filter({ hasText: '#' })).toContainText('active')
  await publishAll(mosquitto.tcpUrl, [
    { topic: 'attack/html', payload: HTML },
    { topic: 'raw/binary', payload: new Uint8Array([0xff, 0xfe, 0x00, 0x41, 0xc3]) },
  ])
  const log = page.getByRole('log', { name: 'Messages' })
  await expect(log).toContainText(HTML)
  await expect(log).toContainText('ff fe 00 41 c3')
  // The markup was not turned into elements anywhere on the page, and nothing ran.
  await expect(page.locator('img[src="x"]')).toHaveCount(0)
  await expect(page.locator('main b', { hasText: 'bold' })).toHaveCount(0)
  expect(
    await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
  ).toBeUndefined()

  const tree = page.getByRole('tree', { name: 'Topics' })
  await page.getByRole('searchbox', { name: 'Filter topics' }).fill('attack/html')
  await tree.getByRole('treeitem', { name: /^html/ }).click()
  const details = page.getByRole('region', { name: 'Topic details' })
  await expect(details).toContainText('attack/html')
  await expect(details).toContainText(HTML)

  await page.getByRole('searchbox', { name: 'Filter topics' }).fill('raw/binary')
  await tree.getByRole('treeitem', { name: /^binary/ }).click()
  await expect(details).toContainText('ff fe 00 41 c3')
  await expect(details).toContainText('binary, shown as hex')

  // The user can choose another view of the same bytes.
  await page.getByRole('combobox', { name: 'Payload format' }).selectOption('Base64')
  await expect(details).toContainText('//4AQcM=')
  expect(dialogs).toEqual([])
})
