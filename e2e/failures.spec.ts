import net from 'node:net'
import { freePort } from './fixtures/ports'
import { connectionStatus, expect, openApp, test } from './fixtures/test'

/** Given a URL a browser cannot open, when the user connects, then the status says why and what to use. */
test('explains that browsers cannot open mqtt:// URLs', async ({ page }) => {
  await openApp(page)
  await page.getByRole('textbox', { name: 'Broker URL' }).fill('mqtt://127.0.0.1:1883')
  await page.getByRole('button', { name: 'Connect' }).click()
  await expect(connectionStatus(page)).toContainText('Disconnected')
  await expect(connectionStatus(page)).toContainText('Browsers cannot open mqtt://')
  await expect(connectionStatus(page)).toContainText('ws://')
  await expect(page.getByRole('button', { name: 'Connect' })).toBeEnabled()
})

/** Given nothing listening on a port, when the user connects, then the status names the URL and the usual causes. */
test('explains an unreachable broker', async ({ page }) => {
  const port = await freePort()
  await openApp(page, { url: `ws://127.0.0.1:${port}/mqtt`, connect: '1' })
  await expect(connectionStatus(page)).toContainText('Disconnected')
  await expect(connectionStatus(page)).toContainText(`ws://127.0.0.1:${port}/mqtt`)
  await expect(connectionStatus(page)).toContainText('unreachable')
  await expect(connectionStatus(page)).toContainText('/mqtt for EMQX')
  // No retry loop after a failed first connect: the form is usable again.
  await expect(page.getByRole('button', { name: 'Connect' })).toBeEnabled()
})

/** Given a TCP server that is not a WebSocket endpoint, when the app connects, then it fails with the same clear reason. */
test('explains a port that is not an MQTT WebSocket endpoint', async ({ page }) => {
  const server = net.createServer((socket) => socket.end('HTTP/1.1 404 Not Found\r\n\r\n'))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  try {
    await openApp(page, { url: `ws://127.0.0.1:${port}`, connect: '1' })
    await expect(connectionStatus(page)).toContainText('Disconnected')
    await expect(connectionStatus(page)).toContainText('not an MQTT WebSocket listener')
  } finally {
    server.close()
  }
})

/** Given a broker that refuses the credentials, when the user connects, then the CONNACK reason is shown in words. */
test('shows the CONNACK refusal of a broker that rejects the credentials', async ({
  page,
  embedded,
}) => {
  embedded.aedes.authenticate = (_client, username, _password, done) => {
    const error = Object.assign(new Error('refused'), { returnCode: 5 as const })
    if (username === 'good') done(null, true)
    else done(error, false)
  }
  await openApp(page, { url: `ws://127.0.0.1:${embedded.wsPort}`, v: '3.1.1', username: 'mallory' })
  await page.getByLabel('Password', { exact: true }).fill('wrong')
  await page.getByRole('button', { name: 'Connect' }).click()
  await expect(connectionStatus(page)).toContainText('Disconnected')
  await expect(connectionStatus(page)).toContainText('Not authorized')
})

/** Given an invalid filter, when the user subscribes, then an alert says why and nothing is sent. */
test('refuses invalid topic filters with an alert', async ({ page }) => {
  await openApp(page)
  const filter = page.getByRole('textbox', { name: 'Topic filter' })
  for (const [bad, why] of [
    ['a/#/b', '"#" must be a whole level and the last one'],
    ['a+', '"+" must be a whole level'],
  ] as const) {
    await filter.fill(bad)
    await page.getByRole('button', { name: 'Subscribe' }).click()
    await expect(page.getByRole('alert')).toContainText(why)
  }
  await expect(page.getByRole('list', { name: 'Subscriptions' }).getByRole('listitem')).toHaveCount(
    0,
  )
})

/** Given a broker that refuses a subscription in its SUBACK, then the subscription shows the refusal. */
test('shows the broker refusing a subscription', async ({ page, embedded }) => {
  embedded.aedes.authorizeSubscribe = (_client, sub, done) => {
    // A null subscription makes Aedes answer SUBACK 0x80 (an error would close the connection).
    if (sub.topic.startsWith('secret/')) done(null, null)
    else done(null, sub)
  }
  await openApp(page, {
    url: `ws://127.0.0.1:${embedded.wsPort}`,
    v: '3.1.1',
    sub: ['secret/#', 'public/#'],
    connect: '1',
  })
  const subs = page.getByRole('list', { name: 'Subscriptions' })
  await expect(subs.getByRole('listitem').filter({ hasText: 'public/#' })).toContainText('active')
  await expect(subs.getByRole('listitem').filter({ hasText: 'secret/#' })).toContainText(
    'Refused by the broker',
  )
  await page.getByRole('button', { name: 'Unsubscribe secret/#' }).click()
  await expect(subs.getByRole('listitem')).toHaveCount(1)
})
