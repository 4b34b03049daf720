import type { Page } from '@playwright/test'
import { publishAll } from './fixtures/publisher'
import { expect, openOnEmbedded, test } from './fixtures/test'

const TOPIC = 'quiet/env'
const reading = (i: number) => JSON.stringify({ t: 20 + i / 10, h: 40 + i })

/** Every change to the page's DOM (text, attributes, nodes) while `ms` pass. */
function domWritesDuring(page: Page, ms: number): Promise<string[]> {
  return page.evaluate(
    (ms) =>
      new Promise<string[]>((done) => {
        const seen: string[] = []
        const describe = (r: MutationRecord) => {
          const el = r.target instanceof Element ? r.target : r.target.parentElement
          return `${r.type} ${r.attributeName ?? ''} in ${el?.tagName ?? '?'}.${el?.className ?? ''}`
        }
        const observer = new MutationObserver((records) => seen.push(...records.map(describe)))
        observer.observe(document.body, {
          subtree: true,
          childList: true,
          attributes: true,
          characterData: true,
        })
        setTimeout(() => {
          seen.push(...observer.takeRecords().map(describe))
          observer.disconnect()
          done(seen)
        }, ms)
      }),
    ms,
  )
}

/**
 * Given the tree, the log and a live chart of a topic, when its messages stop, then the page
 * writes nothing at all (no age that counts seconds, no chart that scrolls with the clock: #12's
 * "no layout when nothing changed"), and what it shows says when the last message came: the
 * tree's age in steps with the exact time in its tooltip, the chart's window ending at its
 * newest point and the legend giving that point's time. The next message moves both on.
 */
test('a quiet page writes nothing, and says when its data last came', async ({
  page,
  embedded,
}) => {
  await openOnEmbedded(page, embedded, 'quiet/#', { chart: [`${TOPIC}|t`] })
  const chart = page.getByRole('figure', { name: 'Chart' })
  const legend = chart.getByRole('list', { name: 'Series of chart 1' })
  await publishAll(
    `mqtt://127.0.0.1:${embedded.tcpPort}`,
    Array.from({ length: 10 }, (_, i) => ({ topic: TOPIC, payload: reading(i) })),
  )
  await expect(legend).toContainText('10 pts')
  const line = chart.locator('path.chart-line')
  await page.getByRole('button', { name: 'Expand all' }).click()
  const row = page.getByRole('treeitem', { name: /env/ })
  // What the end of the traffic changes: the age steps from "now" to "< 1 min ago" a second after
  // the message (at the page's whole second), the header's rate falls to 0/s and the row's rate
  // (its count over the last TOPIC_RATE_PERIOD_MS) goes.
  await expect(row.locator('.node-age')).toHaveText('< 1 min ago')
  await expect(page.getByRole('status', { name: 'Message rate' })).toHaveText('0/s')
  await expect(row.locator('.node-rate')).toHaveCount(0)
  const clock = /^last message at \d\d:\d\d:\d\d\.\d{3}$/
  await expect(row.locator('.node-age')).toHaveAttribute('title', clock)
  const newest = /pts · newest (\d\d:\d\d:\d\d)/
  await expect(legend).toContainText(/10 pts · newest \d\d:\d\d:\d\d/)
  const drawn = await line.getAttribute('d')

  // Any write (a chart following the clock, an age counting seconds) fails this.
  expect(await domWritesDuring(page, 3_500)).toEqual([])
  expect(await line.getAttribute('d')).toBe(drawn)

  // The next message moves the chart and the legend on, and the row's age is "now" again.
  const before = newest.exec((await legend.textContent()) ?? '')?.[1]
  await page.waitForTimeout(1_000) // so the newest point's second differs
  await publishAll(`mqtt://127.0.0.1:${embedded.tcpPort}`, [{ topic: TOPIC, payload: reading(10) }])
  await expect(legend).toContainText('11 pts')
  expect(newest.exec((await legend.textContent()) ?? '')?.[1]).not.toBe(before)
  expect(await line.getAttribute('d')).not.toBe(drawn)
})
