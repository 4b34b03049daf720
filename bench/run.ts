// `npm run bench`: loads the built dashboard (its "full view") and, for comparison, a bare MQTT.js
// page in headless Chromium, step by step (idle, rising rates, typing into the topic filter), and
// prints what each cost and managed: CPU per thread from /proc, layouts from a traced pass,
// frames, long tasks, memory, delivery. See bench/README.md.
//
// Chromium is spawned directly with no DevTools client: Playwright/CDP enable the Network domain,
// which serialises every WebSocket frame to the driver and cut a page's throughput from ~27 k to
// ~9 k msgs/s on this kind of machine. So the pages measure themselves and POST their figures to
// the bench's HTTP server (bench/server.ts), and the bench reads the rest from /proc.
//
// Modules: config (env, steps, targets), processes (lifecycle, cleanup), server (pages, reports,
// commands), procstat (CPU per thread, memory), trace (layouts), steps (one page × one step),
// report (tables, targets), nodeside (Node-only figures).
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {
  OUT_DIR,
  ROOT,
  TARGETS,
  appOnly,
  readConfig,
  stepName,
  type PageKind,
  type Step,
} from './config.ts'
import { printProtobufComparison } from './compare.ts'
import { runNodeSection } from './nodeside.ts'
import { cleanupAll, isAborting, startBenchMosquitto } from './processes.ts'
import { printResults, printSoak, printThreads, printTraced } from './report.ts'
import { printTargets } from './targets.ts'
import { startServer } from './server.ts'
import { emptyResult, NoReportError, type PageResult } from './figures.ts'
import { runStep, SPLIT_MAX_RATE, type StepEnv } from './steps.ts'

/** Rough seconds one page-step costs beyond its window (launch, connect, settle, drain, stop). */
const STEP_OVERHEAD_S = 12
const TRACE_MARGIN_S = 3

const load = (): string =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')

function stepSeconds(step: Step, env: StepEnv): number {
  switch (step.kind) {
    case 'idle':
      return env.seconds + 5
    case 'load':
      return step.rate <= SPLIT_MAX_RATE ? 2 * env.seconds : env.seconds
    case 'type':
      return step.topics / env.typeRate + 4 + (env.typeText.length * env.typeIntervalMs) / 1000
    case 'soak':
      return step.seconds
  }
}

/**
 * How long the traced launch must trace: from launch to the end of its window, as the timed runs
 * of the same step took (the slowest of them), plus a margin. Too short only shortens the part of
 * the window the counts cover (printed as "traced s").
 */
function traceDuration(results: PageResult[], step: Step, page: PageKind, env: StepEnv): number {
  const ends = results
    .filter((r) => stepName(r.step) === stepName(step) && r.page === page && !r.traced)
    .map((r) => r.timings.windowEnd ?? 0)
  const slowest = ends.length > 0 ? Math.max(...ends) / 1000 : stepSeconds(step, env) + 10
  return slowest * 1.15 + TRACE_MARGIN_S
}

async function main(): Promise<void> {
  const cfg = readConfig()
  const started = Date.now()
  const pageSteps = cfg.steps.flatMap((step) =>
    cfg.pages.filter((p) => p === 'app' || !appOnly(step)).map((page) => ({ step, page })),
  )
  const traceSteps = cfg.traceSteps.flatMap((step) =>
    cfg.tracePages.filter((p) => p === 'app' || !appOnly(step)).map((page) => ({ step, page })),
  )

  // Watchdog: whatever hangs, the bench ends and cleans up in bounded time.
  const roughEnv = {
    seconds: cfg.seconds,
    typeRate: cfg.typeRate,
    typeText: cfg.typeText,
    typeIntervalMs: cfg.typeIntervalMs,
  } as StepEnv
  const budgetMs =
    1000 *
    (120 +
      cfg.runs * pageSteps.reduce((sum, s) => sum + stepSeconds(s.step, roughEnv) + 60, 0) +
      traceSteps.reduce((sum, s) => sum + 2 * stepSeconds(s.step, roughEnv) + 120, 0) +
      (cfg.soak ? cfg.pages.length * (stepSeconds(cfg.soak, roughEnv) * 2 + 60) : 0))
  const watchdog = setTimeout(() => {
    console.error(`bench: exceeded its ${Math.round(budgetMs / 1000)} s budget; stopping`)
    void cleanupAll().finally(() => process.exit(2))
  }, budgetMs)
  watchdog.unref()

  const { tcpPort, wsPort } = await startBenchMosquitto()
  const server = await startServer(cfg.dist)
  const env: StepEnv = {
    server,
    httpPort: server.port,
    tcpPort,
    wsPort,
    seconds: cfg.seconds,
    jsonShare: cfg.jsonShare,
    typeText: cfg.typeText,
    typeIntervalMs: cfg.typeIntervalMs,
    typeRate: cfg.typeRate,
    keepTraces: cfg.keepTraces,
  }
  const estimate =
    cfg.runs * pageSteps.reduce((sum, s) => sum + stepSeconds(s.step, env) + STEP_OVERHEAD_S, 0) +
    traceSteps.reduce((sum, s) => sum + 2 * stepSeconds(s.step, env) + STEP_OVERHEAD_S + 15, 0)
  console.log(
    `mqtt-scope bench: ${cfg.runs} run(s) × ${cfg.steps.length} steps (${cfg.steps.map(stepName).join(', ')}), ` +
      `${cfg.seconds} s windows, pages ${cfg.pages.join(' then ')}; traced pass: ` +
      `${cfg.traceSteps.length > 0 ? cfg.traceSteps.map(stepName).join(', ') : 'off'}` +
      `${cfg.soak ? `; soak ${stepName(cfg.soak)}` : ''}. Roughly ${Math.round(estimate / 60)} min.`,
  )
  console.log(`  ${os.cpus().length} cores, load average ${load()} at start`)

  const nodeFigures = cfg.nodeSection ? await runNodeSection(cfg.simRates) : undefined

  const results: PageResult[] = []
  const unavailable = new Map<PageKind, string>()
  const reported = new Set<PageKind>()
  if (!existsSync(path.join(cfg.dist, 'index.html'))) {
    unavailable.set(
      'app',
      `${path.relative(ROOT, cfg.dist)}/index.html is missing: the app is not built`,
    )
  }
  const one = async (step: Step, page: PageKind, run: number, traceSeconds?: number) => {
    if (isAborting()) return
    const label = `${stepName(step)}, ${page}${traceSeconds ? ' (traced)' : ''}`
    process.stdout.write(`  ${label} … `)
    const skip = unavailable.get(page)
    const runId = `${run}-${results.length}-${page}${traceSeconds ? '-traced' : ''}`
    const result = skip
      ? emptyResult(run, step, page, `skipped: ${skip}`)
      : await runStep(env, step, page, runId, { run, traceSeconds }).catch((err: unknown) => {
          // A page that never reported (not built, probe not called) will not do better later;
          // one that did may just have been slow this time.
          if (err instanceof NoReportError && !reported.has(page))
            unavailable.set(page, err.message)
          return emptyResult(run, step, page, err instanceof Error ? err.message : String(err))
        })
    if (traceSeconds) result.traced = true
    if (result.counts.length > 0) reported.add(page)
    results.push(result)
    console.log(
      result.error !== undefined
        ? `FAILED: ${result.error}`
        : [
            result.sent > 0 ? `${result.counted}/${result.sent} counted` : '',
            result.cpu ? `main ${result.cpu.main.toFixed(1)} %` : '',
            result.trace ? `${result.trace.perSec.layouts.toFixed(1)} layouts/s` : '',
            result.longTaskMax > 0 ? `longest task ${result.longTaskMax.toFixed(0)} ms` : '',
          ]
            .filter(Boolean)
            .join(', '),
    )
  }

  for (let run = 1; run <= cfg.runs; run++) {
    console.log(`\nRun ${run} of ${cfg.runs} (load average ${load()})`)
    for (const { step, page } of pageSteps) await one(step, page, run)
  }
  if (traceSteps.length > 0) {
    console.log(`\nTraced pass (load average ${load()})`)
    for (const { step, page } of traceSteps) {
      await one(step, page, 0, traceDuration(results, step, page, env))
    }
  }
  if (cfg.soak) {
    console.log(`\nSoak (load average ${load()})`)
    for (const page of cfg.pages) await one(cfg.soak, page, 0)
  }
  if (isAborting()) return

  const timed = results.filter((r) => !r.traced && r.run > 0)
  printResults(results, cfg.steps, cfg.pages, cfg.runs)
  if (cfg.pages.includes('app')) printThreads(results, cfg.steps)
  printTraced(results, timed, cfg.pages)
  printSoak(results)
  printTargets(results, cfg.steps)
  printProtobufComparison(results, cfg.steps)

  const minutes = (Date.now() - started) / 60_000
  console.log(`\nTotal ${minutes.toFixed(1)} min; load average ${load()} at the end.`)
  await fs.mkdir(OUT_DIR, { recursive: true })
  const outFile = path.join(OUT_DIR, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
  await fs.writeFile(
    outFile,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        minutes,
        config: { ...cfg, dist: path.relative(ROOT, cfg.dist) },
        targets: TARGETS,
        node: nodeFigures,
        results,
      },
      null,
      1,
    ),
  )
  console.log(`Raw figures: ${path.relative(ROOT, outFile)}`)
  // A benchmark reports; it does not fail the build. Exit 0 unless the bench itself broke.
  clearTimeout(watchdog)
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\nbench: ${signal}, cleaning up`)
    void cleanupAll().finally(() => process.exit(130))
  })
}

try {
  await main()
} catch (err) {
  console.error('bench failed:', err instanceof Error ? err.message : err)
  process.exitCode = 1
} finally {
  await cleanupAll()
}
