import type { Page } from '@playwright/test'
import type { IPublishPacket } from 'mqtt'
import { externalClient } from './fixtures/publisher'
import { connectionStatus, expect, openApp, openOnEmbedded, test } from './fixtures/test'

// Responders (#16): a script's respond() runs in the MQTT worker on each message of its filter
// and publishes through that connection, within its token bucket.

/** A folder for screenshots of the scripts panel (the docs' and the review's), when set. */
const SHOTS = process.env.SCRIPTS_SCREENSHOTS

async function shot(page: Page, name: string) {
  if (!SHOTS) return
  await page.setViewportSize({ width: 1280, height: 1600 })
  const panel = page.locator('section.scripts')
  await panel.scrollIntoViewIfNeeded()
  await panel.screenshot({ path: `${SHOTS}/${name}.png` })
}

/** Saves a script through the editor; with `example`, starts from that shipped example. */
async function saveScript(page: Page, name: string, source: string | { example: string }) {
  const editor = page.getByRole('group', { name: 'Script editor' })
  if (typeof source === 'string')
    await editor.getByRole('textbox', { name: 'Script source' }).fill(source)
  else await editor.getByRole('combobox', { name: 'Load example' }).selectOption(source.example)
  await editor.getByRole('textbox', { name: 'Script name' }).fill(name)
  await editor.getByRole('button', { name: 'Save script' }).click()
  await expect(editor.getByRole('status', { name: 'Script status' })).toHaveText(`Saved “${name}”.`)
}

async function startResponder(
  page: Page,
  o: { filter: string; script: string; perSecond?: number; burst?: number },
) {
  const r = page.getByRole('group', { name: 'Responder' })
  await r.getByRole('textbox', { name: 'Responder filter' }).fill(o.filter)
  await r.getByRole('combobox', { name: 'Responder script' }).selectOption({ label: o.script })
  if (o.perSecond !== undefined)
    await r
      .getByRole('spinbutton', { name: 'Responder rate (publishes/s)' })
      .fill(String(o.perSecond))
  if (o.burst !== undefined)
    await r.getByRole('spinbutton', { name: 'Responder burst' }).fill(String(o.burst))
  await r.getByRole('checkbox', { name: 'Responder on' }).check()
  await expect(responderStatus(page)).toContainText(`On: “${o.script}” answers ${o.filter}`)
}

const responderStatus = (page: Page) => page.getByRole('status', { name: 'Responder status' })

/** The status's counts: "… 12 sent, 18 rate-limited, 0 failed". */
async function counts(page: Page) {
  const text = (await responderStatus(page).textContent()) ?? ''
  const m = /(\d+) sent, (\d+) rate-limited, (\d+) failed/.exec(text)
  return { sent: Number(m?.[1] ?? -1), dropped: Number(m?.[2] ?? -1), failed: Number(m?.[3] ?? -1) }
}

test('the mock device answers a foreign MQTT 5 requester with its correlation data, within the rate limit', async ({
  page,
  mosquitto,
}) => {
  await openApp(page, { url: mosquitto.wsUrl, v: '5', sub: 'demo/device/+/request', connect: '1' })
  await expect(connectionStatus(page)).toContainText('Connected (MQTT 5)')
  await saveScript(page, 'Mock device', { example: 'mockDevice' })
  const burst = 10
  const perSecond = 1
  await startResponder(page, {
    filter: 'demo/device/+/request',
    script: 'Mock device',
    perSecond,
    burst,
  })
  const requester = await externalClient(mosquitto.tcpUrl, 5)
  try {
    const answers: IPublishPacket[] = []
    requester.on('message', (_t, _p, packet) => answers.push(packet))
    await requester.subscribeAsync('e2e/answers', { qos: 1 })
    const started = Date.now()
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        requester.publishAsync('demo/device/d7/request', '{"cmd":"get"}', {
          qos: 1,
          properties: { responseTopic: 'e2e/answers', correlationData: Buffer.from(`req-${i}`) },
        }),
      ),
    )
    await expect.poll(async () => ((c) => c.sent + c.dropped)(await counts(page))).toBe(30)
    const elapsedS = (Date.now() - started) / 1000
    const { sent, dropped, failed } = await counts(page)
    expect(failed).toBe(0)
    // The bucket: the burst at once, then `perSecond` more per second that passed.
    expect(sent).toBeGreaterThanOrEqual(burst)
    expect(sent).toBeLessThanOrEqual(burst + Math.ceil(perSecond * elapsedS))
    expect(dropped).toBe(30 - sent)
    await expect.poll(() => answers.length).toBe(sent)
    const correlations = answers.map((a) => Buffer.from(a.properties!.correlationData!).toString())
    expect(new Set(correlations).size).toBe(sent)
    for (const c of correlations) expect(c).toMatch(/^req-\d+$/)
    expect(JSON.parse(answers[0]!.payload.toString())).toMatchObject({ ok: true, device: 'd7' })
    expect(answers[0]!.properties!.contentType).toBe('application/json')
    const log = page.getByRole('log', { name: 'Responder log' })
    await expect(
      log.getByRole('listitem').filter({ hasText: 'sent e2e/answers' }).first(),
    ).toContainText('with correlation data')
    await expect(
      log.getByRole('listitem').filter({ hasText: 'rate-limited:' }).first(),
    ).toContainText('not answered on demo/device/d7/request')
    await shot(page, 'responder-rate-limited')
  } finally {
    await requester.endAsync(true)
  }
})

test('a responder script that loops forever is stopped and named; the app keeps working', async ({
  page,
  embedded,
}) => {
  await openOnEmbedded(page, embedded, 'e2e/#')
  await saveScript(page, 'Runaway', 'export function respond(m) {\n  while (true) {}\n}')
  await startResponder(page, { filter: 'e2e/loop', script: 'Runaway' })
  const foreign = await externalClient(`mqtt://127.0.0.1:${embedded.tcpPort}`)
  try {
    await foreign.publishAsync('e2e/loop', 'go', { qos: 1 })
    const problem = page.getByRole('alert', { name: 'Responder problem' })
    await expect(problem).toContainText(
      'Script “Runaway” was stopped: it ran longer than 50 ms (an endless loop?).',
    )
    await expect(problem).toContainText('fix the script and save it, or turn the responder off')
    await shot(page, 'responder-runaway')
    await expect(page.getByRole('log', { name: 'Responder log' })).toContainText(
      'failed on e2e/loop: Script “Runaway” was stopped',
    )
    await expect(responderStatus(page)).toContainText('0 sent, 0 rate-limited, 1 failed')
    // The page and the connection still work: a message arrives in the tree and the log.
    await foreign.publishAsync('e2e/still/alive', '42', { qos: 1 })
    await expect(page.getByRole('log', { name: 'Messages' })).toContainText('e2e/still/alive')
    // Fixed and saved: the responder loads the new version and answers.
    await saveScript(
      page,
      'Runaway',
      "export function respond(m) { return { topic: 'e2e/fixed', payload: 'ok' } }",
    )
    // The new version is loaded when the status is "On" with fresh counts: "On" alone is also
    // what the old version showed, and a message that arrives while the new one loads is not
    // answered (a fresh clone published "again" in that gap).
    await expect(responderStatus(page)).toContainText(
      'On: “Runaway” answers e2e/loop. 0 sent, 0 rate-limited, 0 failed',
    )
    await foreign.publishAsync('e2e/loop', 'again', { qos: 1 })
    await expect(page.getByRole('log', { name: 'Responder log' })).toContainText('sent e2e/fixed')
    await expect(problem).toHaveCount(0)
  } finally {
    await foreign.endAsync(true)
  }
})
