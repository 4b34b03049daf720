import { startMosquitto, type MosquittoWithTls } from './fixtures/mosquitto'
import { makeSelfSignedCert, type SelfSignedCert } from './fixtures/tls'
import { connectionStatus, expect, openApp, test } from './fixtures/test'

// One certificate and one mosquitto with ws and wss listeners for the whole file.
let cert: SelfSignedCert
let broker: MosquittoWithTls

test.beforeAll(async () => {
  cert = makeSelfSignedCert()
  broker = await startMosquitto({ tls: cert })
})

test.afterAll(async () => {
  await broker?.stop()
  cert?.remove()
})

test.describe('a browser that does not trust the certificate', () => {
  /**
   * Given a wss listener with a self-signed certificate and a browser that does not trust it,
   * when the user connects, then the connection fails (the browser reports only a bare close)
   * and the status names the likely causes and the https:// address to open and accept the
   * certificate.
   */
  test('explains an untrusted certificate and where to accept it', async ({ page }) => {
    await openApp(page, { url: broker.wssUrl, connect: '1' })
    const status = connectionStatus(page)
    await expect(status).toContainText('Disconnected')
    await expect(status).toContainText(
      `Could not reach an MQTT WebSocket endpoint at ${broker.wssUrl}`,
    )
    await expect(status).toContainText('does not trust the broker\u2019s certificate')
    await expect(status).toContainText('plain ws:// rather than wss://')
    await expect(status).toContainText(`open https://127.0.0.1:${broker.wssPort} in a tab`)
    await expect(page.getByRole('button', { name: 'Connect', exact: true })).toBeEnabled()
  })

  /**
   * Given the wss port, when the user connects with ws:// (no TLS), then mosquitto drops the
   * connection and the status says the port may expect wss://.
   */
  test('explains ws:// against a wss port', async ({ page }) => {
    const url = `ws://127.0.0.1:${broker.wssPort}`
    await openApp(page, { url, connect: '1' })
    const status = connectionStatus(page)
    await expect(status).toContainText('Disconnected')
    await expect(status).toContainText(`Could not reach an MQTT WebSocket endpoint at ${url}`)
    await expect(status).toContainText('the port expects wss:// (TLS) rather than ws://')
  })

  /**
   * Given the plain ws port, when the user connects with wss://, then the TLS handshake fails
   * and the status says the port may speak plain ws://.
   */
  test('explains wss:// against a plain ws port', async ({ page }) => {
    const url = `wss://127.0.0.1:${broker.wsPort}`
    await openApp(page, { url, connect: '1' })
    const status = connectionStatus(page)
    await expect(status).toContainText('Disconnected')
    await expect(status).toContainText(`Could not reach an MQTT WebSocket endpoint at ${url}`)
    await expect(status).toContainText('plain ws:// rather than wss://')
  })
})

test.describe('a browser that accepted the certificate', () => {
  test.use({ ignoreHTTPSErrors: true })

  /**
   * Given the same wss listener and a browser that accepts the certificate (as after the user
   * opened the https:// address and accepted it), when the user connects, then it connects.
   */
  test('connects over wss once the certificate is accepted', async ({ page }) => {
    await openApp(page, { url: broker.wssUrl, v: '5', connect: '1' })
    await expect(connectionStatus(page)).toContainText('Connected (MQTT 5)')
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click()
    await expect(connectionStatus(page)).toHaveText('Disconnected')
  })
})
