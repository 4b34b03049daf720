// The issue's targets for the app's full view as PASS/MISS lines, judged on the medians of the
// timed runs (the layouts on the traced pass, memory on the soak). Kept apart from report.ts,
// which prints the tables these lines summarise.
import {
  appOnly,
  CEILING_DELIVERED_SHARE,
  TARGETS,
  offeredRate,
  stepName,
  type Step,
} from './config.ts'
import type { PageResult } from './figures.ts'
import { cell, fmt, med, settled, share } from './report.ts'
import { layoutRootsText } from './trace.ts'

const BUSY_LIMIT_PCT: Record<number, number> = {
  100: TARGETS.busyAt100Pct,
  1000: TARGETS.busyAt1kPct,
}

/** The issue's targets for the app's full view, judged on the medians. */
export function printTargets(results: PageResult[], steps: Step[]): void {
  const timed = results.filter((r) => !r.traced && r.run > 0)
  const lines: string[] = []
  const verdict = (pass: boolean | null, text: string): void => {
    lines.push(`${pass === null ? 'n/a ' : pass ? 'PASS' : 'MISS'}  ${text}`)
  }
  const app = (step: Step) => cell(timed, step, 'app')
  const base = (step: Step) => cell(timed, step, 'baseline')
  for (const step of steps) {
    const name = stepName(step)
    const rs = app(step)
    if (rs.length === 0) {
      verdict(null, `${name}: app not measured`)
      continue
    }
    const main = med(rs, (r) => r.cpu?.main)
    // The bare page runs the same probe (a rAF loop, a report every 500 ms): its figure is what
    // the measuring itself costs.
    const baseMain = med(base(step), (r) => r.cpu?.main)
    const bare = baseMain === null ? '' : `; bare page ${fmt(baseMain, 2)} %`
    if (step.kind === 'idle') {
      verdict(
        main !== null && main <= TARGETS.idleMainPct,
        `idle: main thread ${fmt(main, 2)} % (≤ ${TARGETS.idleMainPct} %${bare})`,
      )
      const tr = results.find((r) => r.traced && r.page === 'app' && r.step.kind === 'idle')
      const layouts = tr?.trace?.perSec.layouts
      const roots = tr?.trace ? layoutRootsText(tr.trace.layoutRoots) : ''
      verdict(
        layouts === undefined || Number.isNaN(layouts)
          ? null
          : layouts <= TARGETS.idleLayoutsPerSec,
        `idle: ${fmt(layouts)} layouts/s, ${fmt(tr?.trace?.perSec.styleRecalcs)} style recalcs/s with nothing changing (no layout; traced pass)${roots ? `; laid out: ${roots}` : ''}`,
      )
    }
    // The busy-main-thread targets: 100 msgs/s and 1 k msgs/s (its protobuf step too).
    const busy = step.kind !== 'load' ? undefined : BUSY_LIMIT_PCT[step.rate]
    if (busy !== undefined) {
      verdict(
        main !== null && main <= busy,
        `${name}: main thread ${fmt(main)} % busy (≤ ${busy} %${bare})`,
      )
    }
    // Idle has no frames: the probes pause their frame loop there (see steps.ts).
    if (step.kind === 'load') {
      const p95 = med(rs, (r) => r.frameP95)
      const limit = offeredRate(step) <= 5000 ? TARGETS.p95Upto5kMs : TARGETS.p95AnyMs
      verdict(p95 !== null && p95 <= limit, `${name}: frame p95 ${fmt(p95)} ms (≤ ${limit} ms)`)
    }
    const longMax = med(rs, (r) => r.longTaskMax)
    verdict(
      longMax !== null && longMax <= TARGETS.longTaskMs,
      `${name}: longest task ${fmt(longMax, 0)} ms, ${fmt(
        med(rs, (r) => r.longTaskCount),
        0,
      )} long tasks (none > ${TARGETS.longTaskMs} ms)`,
    )
    // A protobuf step has no bare page (appOnly): compare.ts compares it with its JSON step.
    if (step.kind === 'load' && !appOnly(step)) {
      const b = base(step)
      const appShare = med(rs, share)
      const baseShare = med(b, share)
      if (appShare === null || baseShare === null || baseShare === 0) {
        verdict(null, `${name}: delivered vs bare page — baseline not measured`)
      } else {
        const beyond = baseShare < CEILING_DELIVERED_SHARE
        const target = beyond ? TARGETS.deliveredBeyondCeiling : TARGETS.deliveredUptoCeiling
        const r = appShare / baseShare
        verdict(
          r >= target,
          `${name}: app delivered ${fmt(r, 2)}× the bare page's share (≥ ${target}; bare page ` +
            `${beyond ? 'past' : 'within'} its ceiling at ${fmt(100 * baseShare)} % of sent)`,
        )
      }
    }
  }
  const soak = results.find(
    (r) => r.step.kind === 'soak' && r.page === 'app' && r.error === undefined,
  )
  if (soak && soak.sent >= TARGETS.soakMessages) {
    verdict(
      soak.rendererMB !== null && soak.rendererMB <= TARGETS.rendererMB,
      `renderer memory ${fmt(soak.rendererMB, 0)} MB after ${fmt(soak.sent / 1e6, 2)} million ` +
        `messages offered, ${fmt(soak.counted / 1e6, 2)} million counted (≤ ${TARGETS.rendererMB} MB)` +
        (settled(soak) ? `; ${settled(soak)}` : ''),
    )
  } else {
    verdict(
      null,
      `renderer memory after ${TARGETS.soakMessages / 1e6} million messages: ` +
        `${soak ? `the soak offered only ${fmt(soak.sent / 1e6, 2)} million` : 'no soak run'} ` +
        '(BENCH_SOAK_SECONDS=250 at the default 20 k/s)',
    )
  }
  console.log('\nTargets (app, full view; medians)')
  for (const line of lines) console.log(`  ${line}`)
}
