import { fileURLToPath } from 'node:url'
import type { Page } from '@playwright/test'
import { publishAll } from './fixtures/publisher'
import { startStaticServer } from './fixtures/staticServer'
import { connectionStatus, expect, test } from './fixtures/test'

/** The build under test: the folder the suite serves (E2E_DIST), else the repository's dist. */
const DIST = process.env.E2E_DIST ?? fileURLToPath(new URL('../dist', import.meta.url))
/** A static host's sub-folder: nothing may assume the app sits at the site root. */
const PREFIX = '/tools/mqtt-scope/'

interface ManifestIcon {
  src: string
  sizes: string
  type?: string
  purpose?: string
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('latin1'), 'PNG signature').toBe('PNG')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

/** Resolves once a service worker controls the page (after it precached the build). */
async function waitForServiceWorker(page: Page): Promise<string> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
    timeout: 30_000,
  })
  return page.evaluate(async () => (await navigator.serviceWorker.ready).scope)
}

/**
 * Given the built dashboard on a plain static server under a sub-folder, when it is loaded, then
 * its manifest is served and valid (relative start URL and scope inside the sub-folder, icons that
 * resolve to PNGs of the sizes they claim) and a service worker scoped to the sub-folder takes
 * control. Runtime data (local-broker.json) still comes from the network, never from the cache.
 * When the static server is then stopped and the page reloaded, the app comes from the service
 * worker, and it connects to a loopback broker and shows a published message.
 */
test('installs from a sub-folder and reloads offline from the service worker', async ({
  page,
  mosquitto,
}) => {
  test.setTimeout(90_000)
  let localBrokerUrl = 'ws://127.0.0.1:1/first'
  const server = await startStaticServer({
    root: DIST,
    prefix: PREFIX,
    dynamic: {
      'local-broker.json': () => ({
        type: 'application/json',
        body: JSON.stringify({ name: 'Local broker (npm start)', url: localBrokerUrl }),
      }),
    },
  })
  try {
    await page.goto(server.url)
    const brokerUrl = page.getByRole('textbox', { name: 'Broker URL' })
    await expect(brokerUrl).toHaveValue(localBrokerUrl)

    // The manifest: linked relatively, served from the sub-folder, valid and complete.
    const href = await page.locator('link[rel="manifest"]').getAttribute('href')
    expect(href, 'index.html links a manifest').toBeTruthy()
    const manifestUrl = new URL(href ?? '', page.url())
    expect(manifestUrl.pathname).toBe(`${PREFIX}manifest.webmanifest`)
    const manifestResponse = await page.request.get(manifestUrl.href)
    expect(manifestResponse.status()).toBe(200)
    expect(manifestResponse.headers()['content-type']).toContain('manifest+json')
    const manifest = (await manifestResponse.json()) as {
      name?: string
      start_url?: string
      scope?: string
      display?: string
      theme_color?: string
      background_color?: string
      icons?: ManifestIcon[]
    }
    expect(manifest.name).toBe('mqtt-scope')
    expect(manifest.display).toBe('standalone')
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i)
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i)
    expect(new URL(manifest.start_url ?? '', manifestUrl).href).toBe(server.url)
    expect(new URL(manifest.scope ?? '', manifestUrl).href).toBe(server.url)
    const icons = manifest.icons ?? []
    const pngs = icons.filter((i) => i.type === 'image/png')
    expect(pngs.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']))
    expect(pngs.some((i) => i.purpose?.split(' ').includes('maskable'))).toBe(true)
    for (const icon of icons) {
      const iconUrl = new URL(icon.src, manifestUrl)
      expect(iconUrl.pathname.startsWith(PREFIX), `${icon.src} stays in the sub-folder`).toBe(true)
      const res = await page.request.get(iconUrl.href)
      expect(res.status(), `${icon.src} resolves`).toBe(200)
      if (icon.type === 'image/png') {
        const { width, height } = pngSize(await res.body())
        expect(`${width}x${height}`, `${icon.src} is the size it claims`).toBe(icon.sizes)
      }
    }

    // The service worker: registered relative to the page, so scoped to the sub-folder.
    expect(await waitForServiceWorker(page)).toBe(server.url)
    expect(server.requests).toContain(`${PREFIX}sw.js`)

    // Chromium's own verdict: the manifest parses cleanly and the page is installable.
    const cdp = await page.context().newCDPSession(page)
    const parsed = await cdp.send('Page.getAppManifest')
    expect(parsed.url).toBe(manifestUrl.href)
    expect(parsed.errors).toEqual([])
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors')
    // Playwright's contexts are off-the-record profiles, which Chromium never lets install; any
    // other reason (icons, manifest fields, service worker) is the app's.
    const reasons = installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')
    expect(reasons).toEqual([])
    await cdp.detach()

    // Under the service worker, local-broker.json still comes from the server: a changed answer
    // shows at once (a cached copy would keep the first one).
    // A visit with saved tabs restores them instead of asking: forget them, as on a first visit.
    // Before the page's scripts run, on this reload only: removed from the running page, the
    // app's own save (any store change saves the tabs a moment later, and a pending save is
    // flushed on pagehide) could write them back before the reload, and the form then showed the
    // first URL. The offline reload below restores the tabs this visit saves, as before.
    localBrokerUrl = mosquitto.wsUrl
    await page.addInitScript(() => {
      if (sessionStorage.getItem('e2e.tabsForgotten')) return
      sessionStorage.setItem('e2e.tabsForgotten', '1')
      localStorage.removeItem('mqtt-scope.tabs')
    })
    const fetchesBefore = server.requests.filter((p) => p.endsWith('/local-broker.json')).length
    const online = await page.reload()
    expect(online?.fromServiceWorker(), 'the page itself comes from the precache').toBe(true)
    await expect(brokerUrl).toHaveValue(mosquitto.wsUrl)
    expect(server.requests.filter((p) => p.endsWith('/local-broker.json')).length).toBe(
      fetchesBefore + 1,
    )

    // Offline: the static server is gone (refuses connections), the reload still works.
    await server.stop()
    await expect(fetch(server.url)).rejects.toThrow()
    const offline = await page.reload()
    expect(offline?.fromServiceWorker()).toBe(true)
    await expect(brokerUrl).toBeVisible()
    await brokerUrl.fill(mosquitto.wsUrl)
    await page.getByRole('button', { name: 'Connect' }).click()
    await expect(connectionStatus(page)).toContainText('Connected')
    await page.getByRole('textbox', { name: 'Topic filter' }).fill('pwa/#')
    await page.getByRole('button', { name: 'Subscribe' }).click()
    const subs = page.getByRole('list', { name: 'Subscriptions' })
    await expect(subs.getByRole('listitem').filter({ hasText: 'pwa/#' })).toContainText('active')
    await publishAll(mosquitto.tcpUrl, [{ topic: 'pwa/offline', payload: 'served by the worker' }])
    const log = page.getByRole('log', { name: 'Messages' })
    await expect(log).toContainText('pwa/offline')
    await expect(log).toContainText('served by the worker')
    await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText('1')
    await page.screenshot({ path: test.info().outputPath('offline.png') })
  } finally {
    await server.stop()
  }
})
