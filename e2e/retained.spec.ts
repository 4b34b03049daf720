import { mkdirSync } from 'node:fs'
import mqtt from 'mqtt'
import type { Page } from '@playwright/test'
import { externalClient } from './fixtures/publisher'
import { connectionStatus, expect, openApp, test } from './fixtures/test'

const BULK = 1000
/** Outside the scanned filter: a clear under rt/bulk/# must leave them alone. */
const OUTSIDE = ['rt/other/1', 'rt/other/2', 'elsewhere/x']
const SHOTS = '/tmp/shots'

/**
 * What a fresh subscriber receives as retained under `filter`: topic → payload text. It waits
 * until the broker has been quiet for a while after SUBACK (bounded at 30 s).
 */
async function retainedUnder(url: string, filter: string): Promise<Map<string, string>> {
  const client = await mqtt.connectAsync(url, {
    clientId: `e2e-check-${Math.random().toString(16).slice(2, 10)}`,
    reconnectPeriod: 0,
    connectTimeout: 5000,
  })
  const found = new Map<string, string>()
  try {
    await new Promise<void>((resolve, reject) => {
      let quiet: ReturnType<typeof setTimeout> | undefined
      const done = () => {
        clearTimeout(limit)
        resolve()
      }
      const limit = setTimeout(() => reject(new Error('the broker kept sending for 30 s')), 30_000)
      client.on('message', (topic, payload, packet) => {
        if (!packet.retain) return
        found.set(topic, payload.toString())
        clearTimeout(quiet)
        quiet = setTimeout(done, 1000)
      })
      client.subscribe(filter, { qos: 1 }, (err) => {
        if (err) reject(err)
        else quiet = setTimeout(done, 1000)
      })
    })
  } finally {
    await client.endAsync()
  }
  return found
}

/** Collects every progress line the panel shows, however briefly, until `stop` is called. */
async function watchProgress(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = []
    ;(window as unknown as { __retainedProgress: string[] }).__retainedProgress = seen
    const observer = new MutationObserver(() => {
      const shown = document.querySelectorAll('.retained-progress') as unknown as Iterable<{
        textContent: string | null
      }>
      for (const el of shown) {
        const text = el.textContent ?? ''
        if (seen[seen.length - 1] !== text) seen.push(text)
      }
    })
    observer.observe(document.body, { subtree: true, childList: true, characterData: true })
  })
  return () =>
    page.evaluate(() => (window as unknown as { __retainedProgress: string[] }).__retainedProgress)
}

/**
 * Given mosquitto holding 1 000 retained topics under rt/bulk/ and a few elsewhere, when the
 * user scans rt/bulk/#, clears all and then undoes it, a fresh subscriber sees none of them after
 * the clear (the others untouched) and all of them, with their payloads, after the undo. Clearing
 * one topic from the details works the same way.
 */
test('clears 1 000 retained topics under a filter and Undo restores them', async ({
  page,
  mosquitto,
}) => {
  test.setTimeout(180_000)
  mkdirSync(SHOTS, { recursive: true })
  const publisher = await externalClient(mosquitto.tcpUrl)
  await Promise.all(
    Array.from({ length: BULK }, (_, i) =>
      publisher.publishAsync(`rt/bulk/${i}`, `payload-${i}`, { qos: 1, retain: true }),
    ),
  )
  for (const topic of OUTSIDE)
    await publisher.publishAsync(topic, `kept ${topic}`, { qos: 1, retain: true })
  await publisher.endAsync()
  expect((await retainedUnder(mosquitto.tcpUrl, 'rt/bulk/#')).size).toBe(BULK)

  await openApp(page, { url: mosquitto.wsUrl, sub: 'rt/other/#', connect: '1' })
  await expect(connectionStatus(page)).toContainText('Connected')
  const panel = page.getByRole('region', { name: 'Retained messages' })
  const result = panel.getByRole('status', { name: 'Retained result' })
  await expect(panel.getByRole('textbox', { name: 'Retained filter' })).toHaveValue('#')

  // Scan: the preview count comes from a client of its own, not from the app's subscription.
  await panel.getByRole('textbox', { name: 'Retained filter' }).fill('rt/bulk/#')
  await panel.getByRole('button', { name: 'Scan retained' }).click()
  await expect(panel).toContainText('1,000 retained messages under rt/bulk/# will be cleared', {
    timeout: 30_000,
  })
  await expect(result).toContainText('Found 1,000 retained messages')
  // 1 000 is where mosquitto's per-client queue may have cut a list: the panel says so.
  await expect(panel.getByRole('alert')).toContainText('scan narrower filters too')
  await expect(panel.getByRole('list', { name: 'Retained topics' })).toContainText('rt/bulk/')
  await expect(panel.getByRole('button', { name: 'Clear retained rt/bulk/0' })).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/retained-scan.png` })

  // Clear all, with progress shown, without hanging.
  const progressSeen = await watchProgress(page)
  await panel.getByRole('button', { name: 'Clear all 1,000 retained' }).click()
  // Above RETAINED_CONFIRM_ABOVE a bulk clear asks first (its Undo lives in page memory).
  await panel.getByRole('button', { name: 'Yes, clear 1,000 retained messages' }).click()
  await expect(result).toHaveText('Cleared 1,000 retained messages (under rt/bulk/#).', {
    timeout: 60_000,
  })
  expect((await progressSeen()).some((t) => /^Clearing \d[\d,]* of 1,000/.test(t))).toBe(true)
  await expect(panel.getByRole('button', { name: 'Undo' })).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/retained-cleared.png` })

  const afterClear = await retainedUnder(mosquitto.tcpUrl, '#')
  expect([...afterClear.keys()].filter((t) => t.startsWith('rt/bulk/'))).toEqual([])
  for (const topic of OUTSIDE) expect(afterClear.get(topic)).toBe(`kept ${topic}`)

  // Undo republishes the backup: every topic with its original payload.
  await panel.getByRole('button', { name: 'Undo' }).click()
  await expect(result).toHaveText('Restored 1,000 retained messages (under rt/bulk/#).', {
    timeout: 60_000,
  })
  const restored = await retainedUnder(mosquitto.tcpUrl, 'rt/bulk/#')
  expect(restored.size).toBe(BULK)
  for (let i = 0; i < BULK; i++) expect(restored.get(`rt/bulk/${i}`)).toBe(`payload-${i}`)

  // One topic from the details: cleared, then put back by the details' Undo.
  await page.getByRole('searchbox', { name: 'Filter topics' }).fill('rt/other/1')
  await page.getByRole('tree', { name: 'Topics' }).getByRole('treeitem', { name: /^1/ }).click()
  const details = page.getByRole('region', { name: 'Topic details' })
  await expect(details).toContainText('rt/other/1')
  await details.getByRole('button', { name: 'Clear retained rt/other/1' }).click()
  await expect(details.getByRole('status').filter({ hasText: 'Cleared' })).toHaveText(
    'Cleared 1 retained message (rt/other/1).',
  )
  await page.screenshot({ path: `${SHOTS}/retained-details.png` })
  const afterOne = await retainedUnder(mosquitto.tcpUrl, 'rt/other/#')
  expect([...afterOne.keys()]).toEqual(['rt/other/2'])
  await details.getByRole('button', { name: 'Undo' }).click()
  await expect(result).toHaveText('Restored 1 retained message (rt/other/1).')
  expect((await retainedUnder(mosquitto.tcpUrl, 'rt/other/#')).get('rt/other/1')).toBe(
    'kept rt/other/1',
  )
})
