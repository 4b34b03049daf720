// One page under one step: start Chromium on the page, wait until it is connected and Chromium's
// own start-up work has settled, run the step (idle, load, typing or soak), read CPU per thread and
// memory from /proc around the step's window, and collect what the page reported about itself.
import { JSON_FIELDS, JSON_TOPIC, PB_TOPIC, stepName, type PageKind, type Step } from './config.ts'
import {
  launchChromium,
  monoMs,
  runPublisher,
  sleep,
  waitFor,
  type Browser,
  type PublishPlan,
} from './processes.ts'
import {
  chromiumRestPct,
  cpuBetween,
  findChromiumProcs,
  rssAnonMB,
  snapshot,
  type ChromiumProcs,
  type CpuSnapshot,
} from './procstat.ts'
import type { BenchServer, PageCommand, Report } from './server.ts'
import { countTraceEvents, keepTrace, traceFile, waitForTrace } from './trace.ts'
import { countDoneAt, NoReportError, percentile, type PageResult } from './figures.ts'
import { seedEntries, seedPage } from './seed.ts'
import type { PublisherResult } from './publisher.ts'

// The subscription to `#` follows the CONNACK; give the app time to send it and get the SUBACK
// before the first message, so nothing is published into a not-yet-subscribed page.
const SETTLE_AFTER_CONNECTED_MS = 1500
/** Chromium outside the page's renderer must be below this (% of a core) before a window. */
const QUIET_CHROMIUM_PCT = 10
const QUIET_MAX_MS = 15_000
const CONNECT_TIMEOUT_MS = 45_000
const DRAIN_MAX_MS = 5000
const DRAIN_QUIET_MS = 2000
/** The idle step: a short burst fills every panel, then this long with no traffic before the window. */
const IDLE_PRIME = { rate: 100, seconds: 1 }
const IDLE_QUIET_MS = 3000
/** The probe's frame loop is paused this much longer than the idle window. */
const IDLE_PAUSE_MARGIN_MS = 3000
/** After the last keystroke, the window stays open this long for the deferred filtering. */
const TYPE_SETTLE_MS = 1500
const TYPE_DRAIN_MAX_MS = 60_000
const TYPE_DRAIN_QUIET_MS = 5000
const SOAK_SAMPLE_MS = 5000
/** A split load window pauses the frame loop this much longer than its first half. */
const SPLIT_PAUSE_MARGIN_MS = 10_000
/**
 * Load steps up to this rate are split (loadWindow): the publisher runs twice `BENCH_SECONDS`,
 * a cost window and a frame window of `BENCH_SECONDS` each. Faster steps are not: twice the
 * messages past a page's ceiling overflow the broker's queue, which would change what each page
 * receives; they are measured with the loop running, as before, and no CPU target is set there.
 */
export const SPLIT_MAX_RATE = 5_000

export interface StepEnv {
  server: BenchServer
  httpPort: number
  tcpPort: number
  wsPort: number
  seconds: number
  jsonShare: number
  typeText: string
  typeIntervalMs: number
  typeRate: number
  /** Copy each trace to bench/out (BENCH_KEEP_TRACES=1). */
  keepTraces: boolean
}

export function pageUrl(env: StepEnv, page: PageKind, runId: string, step?: Step): string {
  const origin = `http://127.0.0.1:${env.httpPort}`
  const broker = `ws://127.0.0.1:${env.wsPort}`
  const bench = `${origin}/report/${runId}`
  if (page === 'app' && step?.kind === 'load' && step.busy === 'protobuf') {
    // The same full view over the protobuf topic: its schema, binding and chart come from the
    // seeded saved state (seed.ts), the broker, subscription and chart from the restored tab, so
    // the link carries no `url`, `sub` or `chart` (any of them would set up a view instead).
    const next = new URLSearchParams({ connect: '1', bench, select: PB_TOPIC })
    return origin + env.server.seed(runId, seedPage(seedEntries(broker), `/?${next.toString()}`))
  }
  const params = new URLSearchParams({ url: broker, v: '5', sub: '#', connect: '1', bench })
  if (page === 'baseline') return `${origin}/baseline/baseline.html?${params.toString()}`
  // The full view: tree, log, counters, the details of the busy JSON topic and a 4-series chart.
  for (const field of JSON_FIELDS) params.append('chart', `${JSON_TOPIC}|${field}`)
  params.append('select', JSON_TOPIC)
  return `${origin}/?${params.toString()}`
}

/** A step's measured window: CPU snapshots and wall-clock and monotonic bounds. */
interface Window {
  a: CpuSnapshot
  b: CpuSnapshot
  wallFrom: number
  wallTo: number
  monoFrom: number
  monoTo: number
}

class StepRun {
  readonly list: Report[]
  readonly timings: Record<string, number> = {}
  procs: ChromiumProcs = { groupId: undefined, renderer: undefined, network: undefined }
  before = 0
  published: PublisherResult | undefined
  publishWall = 0
  peakMB: number | null = null
  /** A split load window: when the frame loop ran again (wall-clock), and the CPU from then on. */
  loopFrom: number | undefined
  loopCpu: [CpuSnapshot, CpuSnapshot] | undefined

  readonly env: StepEnv
  readonly runId: string
  readonly browser: Browser

  constructor(env: StepEnv, runId: string, browser: Browser) {
    this.env = env
    this.runId = runId
    this.browser = browser
    this.list = env.server.collect(runId)
  }

  last = (): Report | undefined => this.list[this.list.length - 1]
  mark = (name: string): void => {
    this.timings[name] = Math.round(monoMs() - this.browser.launchedAt)
  }
  counted = (): number => (this.last()?.received ?? 0) - this.before

  async connect(page: PageKind): Promise<void> {
    await waitFor(
      () => (this.last()?.status.includes('Connected') ? true : undefined),
      CONNECT_TIMEOUT_MS,
      `the ${page} page to report "Connected"`,
      this.browser.failure,
    ).catch((err: unknown) => {
      const status = this.last()?.status
      if (status === undefined) {
        throw new NoReportError(
          `the ${page} page sent no report within ${CONNECT_TIMEOUT_MS / 1000} s` +
            (page === 'app' ? ': is the app built, and does it call startBenchProbe?' : ''),
        )
      }
      throw new Error(`${err instanceof Error ? err.message : String(err)}; its status: ${status}`)
    })
    this.mark('connected')
    await sleep(SETTLE_AFTER_CONNECTED_MS)
    this.procs = await findChromiumProcs(this.browser.pid)
    // Headless Chromium compiles its own WebUI for seconds after start: wait until it is quiet.
    const quietBy = Date.now() + QUIET_MAX_MS
    while (Date.now() < quietBy && (await chromiumRestPct(this.procs, 500)) > QUIET_CHROMIUM_PCT);
    // Chosen again now that the page has done more work than any spare renderer.
    this.procs = await findChromiumProcs(this.browser.pid)
    this.mark('settled')
    this.before = this.last()?.received ?? 0
  }

  async publish(plan: PublishPlan, onStart?: () => void): Promise<PublisherResult> {
    const result = await runPublisher(this.env.tcpPort, plan, () => {
      this.publishWall = Date.now()
      onStart?.()
    })
    this.published = result
    return result
  }

  /** Waits until the page has everything, or its count has stopped growing. */
  async drain(maxMs = DRAIN_MAX_MS, quietMs = DRAIN_QUIET_MS): Promise<void> {
    const sent = this.published?.sent ?? 0
    const start = Date.now()
    let lastCount = -1
    let lastChange = Date.now()
    while (Date.now() - start < maxMs) {
      const count = this.counted()
      if (count >= sent) break
      if (count !== lastCount) {
        lastCount = count
        lastChange = Date.now()
      } else if (Date.now() - lastChange >= quietMs) break
      await sleep(100)
    }
  }

  async window(run: () => Promise<void>): Promise<Window> {
    const a = await snapshot(this.procs)
    const wallFrom = Date.now()
    const monoFrom = monoMs()
    await run()
    const b = await snapshot(this.procs)
    return { a, b, wallFrom, wallTo: Date.now(), monoFrom, monoTo: monoMs() }
  }

  /**
   * A load window: from the publisher's first message to its last, or (`split`) the publisher
   * runs twice `seconds`: the first half with the probe's frame loop paused is the cost window (a
   * requestAnimationFrame loop makes Chromium render 60 frames a second by itself, a cost of the
   * measuring that the page alone would not have); the second, the loop running again, gives
   * frame times (and the CPU with the loop, shown beside).
   */
  async loadWindow(plan: PublishPlan, sampleMemory = false, split = false): Promise<Window> {
    let a: Promise<CpuSnapshot> | undefined
    let b: Promise<CpuSnapshot> | undefined
    let c: Promise<CpuSnapshot> | undefined
    let monoFrom = 0
    let monoTo = 0
    let wallTo = 0
    let resumed: Promise<void> | undefined
    let sampler: NodeJS.Timeout | undefined
    let half: NodeJS.Timeout | undefined
    if (sampleMemory) {
      sampler = setInterval(() => {
        void rssAnonMB(this.procs.renderer).then((mb) => {
          if (mb !== null) this.peakMB = Math.max(this.peakMB ?? 0, mb)
        })
      }, SOAK_SAMPLE_MS)
    }
    if (split) await this.pauseFrames(plan.seconds * 1000 + SPLIT_PAUSE_MARGIN_MS)
    try {
      await this.publish(split ? { ...plan, seconds: 2 * plan.seconds } : plan, () => {
        monoFrom = monoMs()
        a = snapshot(this.procs)
        if (!split) return
        half = setTimeout(() => {
          monoTo = monoMs()
          wallTo = Date.now()
          b = snapshot(this.procs)
          // Resumed when the answer to the page's next report carries the command (≤ 0.5 s).
          resumed = this.command({ type: 'pauseFrames', ms: 0 }).then(() => {
            this.loopFrom = Date.now()
            c = snapshot(this.procs)
          })
        }, plan.seconds * 1000)
      })
    } finally {
      clearInterval(sampler)
      clearTimeout(half)
    }
    await resumed
    const end = await snapshot(this.procs)
    if (!a) throw new Error('the publisher never started')
    if (split) {
      if (!b || !c) throw new Error('the publisher stopped before the window was split')
      this.loopCpu = [await c, end]
      return { a: await a, b: await b, wallFrom: this.publishWall, wallTo, monoFrom, monoTo }
    }
    return {
      a: await a,
      b: end,
      wallFrom: this.publishWall,
      wallTo: Date.now(),
      monoFrom,
      monoTo: monoMs(),
    }
  }

  /** Queues a command and resolves when the answer to a report has carried it to the page. */
  async command(cmd: PageCommand): Promise<void> {
    let delivered = false
    this.env.server.command(this.runId, cmd, () => (delivered = true))
    await waitFor(() => (delivered ? true : undefined), 5000, `the page to take ${cmd.type}`)
  }

  /**
   * The idle window, with the probe's frame loop paused: a requestAnimationFrame loop makes
   * Chromium render every frame by itself, a cost of the measuring, not of an idle page.
   */
  async idleWindow(): Promise<Window> {
    const ms = this.env.seconds * 1000
    await this.pauseFrames(ms + IDLE_PAUSE_MARGIN_MS)
    return this.window(() => sleep(ms))
  }

  /** Pauses the probe's frame loop for `ms` and waits until a report shows it stopped. */
  async pauseFrames(ms: number): Promise<void> {
    await this.command({ type: 'pauseFrames', ms })
    // The loop stops at its next frame, once a busy page has read the answer: wait for a report
    // with no frame in it.
    const seen = this.list.length
    await waitFor(
      () => (this.list.slice(seen).some((r) => r.frameIntervals.length === 0) ? true : undefined),
      IDLE_PAUSE_MARGIN_MS,
      'the page to pause its frame loop',
    ).catch(() => undefined)
  }

  /** Queues the typing command and measures from its delivery to after the last key. */
  async typeWindow(): Promise<Window> {
    const { typeText, typeIntervalMs } = this.env
    await this.command({ type: 'typeFilter', text: typeText, intervalMs: typeIntervalMs })
    const typedBefore = this.last()?.typed ?? 0
    const w = await this.window(() => sleep(typeText.length * typeIntervalMs + TYPE_SETTLE_MS))
    const typed = (this.last()?.typed ?? 0) - typedBefore
    if (typed !== typeText.length) {
      throw new Error(`the page typed ${typed} of ${typeText.length} keys (no filter box?)`)
    }
    return w
  }
}

export interface RunOptions {
  run: number
  /** Traced pass: trace for this many seconds from launch. */
  traceSeconds?: number
}

export async function runStep(
  env: StepEnv,
  step: Step,
  page: PageKind,
  runId: string,
  options: RunOptions,
): Promise<PageResult> {
  const trace = options.traceSeconds ? await traceFile(options.traceSeconds) : undefined
  const browser = await launchChromium(pageUrl(env, page, runId, step), {
    extraArgs: trace?.args,
  })
  const s = new StepRun(env, runId, browser)
  try {
    await s.connect(page)
    const plan = (rate: number, topics: number, seconds: number, jsonShare = env.jsonShare) => ({
      rate,
      topics,
      seconds,
      jsonShare,
    })
    let w: Window
    switch (step.kind) {
      case 'idle':
        await s.publish(plan(IDLE_PRIME.rate, 100, IDLE_PRIME.seconds))
        await s.drain()
        await sleep(IDLE_QUIET_MS)
        w = await s.idleWindow()
        break
      case 'load':
        w = await s.loadWindow(
          {
            ...plan(step.rate, step.topics, env.seconds),
            ...(step.busy ? { busy: step.busy } : {}),
          },
          false,
          step.rate <= SPLIT_MAX_RATE,
        )
        break
      case 'type':
        await s.publish(plan(env.typeRate, step.topics, step.topics / env.typeRate, 0))
        // Typing is measured with every topic in the tree: wait for all of them.
        await s.drain(TYPE_DRAIN_MAX_MS, TYPE_DRAIN_QUIET_MS)
        await sleep(2000)
        w = await s.typeWindow()
        break
      case 'soak':
        w = await s.loadWindow(plan(step.rate, 100, step.seconds), true)
        break
    }
    s.mark('windowEnd')
    if (step.kind === 'load' || step.kind === 'soak') await s.drain()
    // One more report so the figures cover the whole window.
    const seen = s.list.length
    await waitFor(() => (s.list.length > seen ? true : undefined), 2000, 'a final report').catch(
      () => undefined,
    )
    const end = Date.now()
    s.mark('drained')
    const final = s.last()
    if (!final) throw new Error('no report')

    // Frames and long tasks: over the window, and for a load until the page has drained its backlog.
    const to = step.kind === 'load' || step.kind === 'soak' ? end : w.wallTo
    const inWindow = s.list.filter((r) => r.t > w.wallFrom && r.t <= to)
    // A split load window: frame times from the half with the loop running (the first half has
    // none); long tasks from both halves and the drain.
    const framesFrom = s.loopFrom ?? w.wallFrom
    const frames = inWindow
      .filter((r) => r.t > framesFrom)
      .flatMap((r) => r.frameIntervals)
      .sort((x, y) => x - y)
    const longTasks = inWindow.flatMap((r) => r.longTasks)
    const counted = final.received - s.before
    const published = s.published
    let msgsPerSec: number | null = null
    let lateMs: number | null = null
    if (published && published.sent > 0 && step.kind !== 'idle') {
      const doneAt = countDoneAt(s.list, final.received)
      const span = Math.max(published.elapsedMs, doneAt - published.startedAt)
      msgsPerSec = span > 0 ? counted / (span / 1000) : null
      lateMs = Math.max(0, doneAt - published.startedAt - published.elapsedMs)
    }
    const endMB = await rssAnonMB(s.procs.renderer)
    let settledMB: number | null = null
    if (step.kind === 'soak' && step.settleSeconds > 0) {
      await sleep(step.settleSeconds * 1000)
      settledMB = await rssAnonMB(s.procs.renderer)
    }
    let traced: PageResult['trace'] = null
    const rendererPid = s.procs.renderer
    if (trace && rendererPid !== undefined) {
      await waitForTrace(trace, monoMs() - browser.launchedAt, browser.failure)
      const counts = await countTraceEvents(trace.file, rendererPid, w.monoFrom, w.monoTo)
      const perSecond = (n: number): number =>
        counts.coveredMs >= 1000 ? n / (counts.coveredMs / 1000) : NaN
      traced = {
        ...counts,
        perSec: {
          layouts: perSecond(counts.layouts),
          styleRecalcs: perSecond(counts.styleRecalcs),
          paints: perSecond(counts.paints),
        },
      }
      s.mark('traceRead')
      if (env.keepTraces) {
        traced.kept = await keepTrace(trace.file, `${stepName(step)}-${page}`, w, rendererPid)
      }
    }
    return {
      run: options.run,
      step,
      page,
      traced: trace !== undefined,
      ...(final.status.includes('Connected') ? {} : { error: `status at end: ${final.status}` }),
      sent: published?.sent ?? 0,
      counted,
      msgsPerSec,
      lateMs,
      dropped: final.dropped,
      windowMs: w.b.at - w.a.at,
      cpu: cpuBetween(w.a, w.b, rendererPid) ?? null,
      cpuWithLoop: s.loopCpu ? (cpuBetween(s.loopCpu[0], s.loopCpu[1], rendererPid) ?? null) : null,
      frameP50: percentile(frames, 50),
      frameP95: percentile(frames, 95),
      frameMax: frames.length > 0 ? (frames[frames.length - 1] ?? null) : null,
      frames: frames.length,
      longTaskCount: longTasks.length,
      longTaskMax: longTasks.length > 0 ? Math.max(...longTasks) : 0,
      heapMB: final.heap === null ? null : final.heap / 1024 / 1024,
      rendererMB: endMB,
      peakRendererMB: s.peakMB === null ? null : Math.max(s.peakMB, endMB ?? 0),
      settledRendererMB: settledMB,
      trace: traced,
      rendererPid: rendererPid ?? null,
      timings: s.timings,
      counts: s.list.map((r) => [r.t, r.received]),
    }
  } finally {
    env.server.forget(runId)
    await browser.stop()
    await trace?.remove()
  }
}
