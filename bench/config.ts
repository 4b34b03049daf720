// What `npm run bench` runs: steps, lengths, pages and targets, read from BENCH_* environment
// variables (documented in bench/README.md). Every value is bounded, so a typo cannot start an
// endless run.
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const BASELINE_DIR = path.join(ROOT, 'bench', 'baseline')
export const MQTT_BUNDLE = path.join(ROOT, 'node_modules', 'mqtt', 'dist', 'mqtt.esm.js')
export const OUT_DIR = path.join(ROOT, 'bench', 'out')

export type PageKind = 'baseline' | 'app'

export type Step =
  /** Connected, panels full from a short burst, then no traffic at all. */
  | { kind: 'idle' }
  /**
   * `rate` msgs/s over `topics` topics (plus the busy topic's share). `busy: 'protobuf'` (step
   * `<rate>x<topics>pb`): the busy topic is the protobuf one, decoded with a seeded .proto.
   */
  | { kind: 'load'; rate: number; topics: number; busy?: 'protobuf' }
  /** `topics` distinct topics published once, then keystrokes into the tree's filter box. */
  | { kind: 'type'; topics: number }
  /**
   * A long run at `rate` for renderer memory (opt-in: BENCH_SOAK_SECONDS), read when the page has
   * counted everything and again `settleSeconds` later, once Chromium's memory reducer has run.
   */
  | { kind: 'soak'; rate: number; seconds: number; settleSeconds: number }

/** The busy JSON topic of the app's full view and the fields charted from it. */
export const JSON_TOPIC = 'bench/json/0'
export const JSON_FIELDS = ['t', 'h', 'p', 'c'] as const

/**
 * The protobuf twin of the busy JSON topic (issue #16): the same four fields, encoded with
 * bench/bench.proto, charted and shown in details through the app's protobuf decoding.
 */
export const PB_TOPIC = 'bench/pb/0'

// `1000x100pb` sits beside `1000x100`: the comparison at 1 k msgs/s, in the same run.
export const DEFAULT_STEPS = 'idle,100x100,1000x100,1000x100pb,5000x100,20000x100,30000x100,type'
export const DEFAULT_TRACE_STEPS = 'idle,100x100,1000x100,5000x100'
const MAX_STEPS = 12

export interface Config {
  steps: Step[]
  /** Length of each step's measured window, s. */
  seconds: number
  pages: PageKind[]
  runs: number
  /** Steps of the traced pass (layouts, style recalcs); empty = no traced pass. */
  traceSteps: Step[]
  /** Pages of the traced pass: the bare page never changes its DOM, so only the app by default. */
  tracePages: PageKind[]
  soak: Step | undefined
  jsonShare: number
  typeText: string
  typeIntervalMs: number
  /** Rate at which the typing step publishes its distinct topics. */
  typeRate: number
  nodeSection: boolean
  keepTraces: boolean
  simRates: number[]
  /** The app build that is served. */
  dist: string
}

function num(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]
  const value = raw === undefined || raw === '' ? fallback : Number(raw)
  if (!(value >= min && value <= max)) throw new Error(`${name} must be ${min}–${max}`)
  return value
}

export function parseSteps(raw: string, name = 'BENCH_STEPS'): Step[] {
  if (raw.trim() === '' || raw.trim() === 'none') return []
  const steps = raw.split(',').map((part): Step => {
    const text = part.trim()
    if (text === 'idle') return { kind: 'idle' }
    const typing = /^type(?:x(\d+))?$/.exec(text)
    if (typing) {
      const topics = typing[1] === undefined ? 100_000 : Number(typing[1])
      if (!(topics > 0 && topics <= 100_000)) throw new Error(`${name}: "${text}": ≤ 100000 topics`)
      return { kind: 'type', topics }
    }
    const match = /^(\d+)\s*x\s*(\d+)(pb)?$/.exec(text)
    const rate = Number(match?.[1])
    const topics = Number(match?.[2])
    if (!match || !(rate > 0 && rate <= 100_000) || !(topics > 0 && topics <= 100_000)) {
      throw new Error(
        `${name}: "${text}" is not idle, type[x<topics>] or <rate ≤ 100000>x<topics ≤ 100000>[pb]`,
      )
    }
    return match[3]
      ? { kind: 'load', rate, topics, busy: 'protobuf' }
      : { kind: 'load', rate, topics }
  })
  if (steps.length > MAX_STEPS) throw new Error(`${name}: at most ${MAX_STEPS} steps`)
  return steps
}

function pageList(name: string, fallback: string): PageKind[] {
  const pages = (process.env[name] ?? fallback).split(',').map((p) => p.trim())
  if (!pages.every((p): p is PageKind => p === 'baseline' || p === 'app')) {
    throw new Error(`${name}: a comma-separated list of baseline, app`)
  }
  return pages
}

export function readConfig(): Config {
  const pages = pageList('BENCH_PAGES', 'baseline,app')
  const soakSeconds = num('BENCH_SOAK_SECONDS', 0, 0, 3600)
  const soakRate = num('BENCH_SOAK_RATE', 20_000, 1, 100_000)
  const settleSeconds = num('BENCH_SOAK_SETTLE_SECONDS', 20, 0, 120)
  const traceOn = process.env.BENCH_TRACE !== '0'
  const typeText = process.env.BENCH_TYPE_TEXT ?? 'bench/t/4242'
  if (typeText.length < 1 || typeText.length > 40) throw new Error('BENCH_TYPE_TEXT: 1–40 chars')
  const simRates = (process.env.BENCH_SIM_RATES ?? '40,1000').split(',').map(Number)
  if (!simRates.every((r) => r > 0 && r <= 100_000) || simRates.length > 4) {
    throw new Error('BENCH_SIM_RATES: up to 4 rates, each 1–100000')
  }
  return {
    steps: parseSteps(process.env.BENCH_STEPS ?? DEFAULT_STEPS),
    seconds: num('BENCH_SECONDS', 6, 1, 60),
    pages,
    runs: num('BENCH_RUNS', 3, 1, 10),
    traceSteps: traceOn
      ? parseSteps(process.env.BENCH_TRACE_STEPS ?? DEFAULT_TRACE_STEPS, 'BENCH_TRACE_STEPS')
      : [],
    tracePages: pageList('BENCH_TRACE_PAGES', 'app').filter((p) => pages.includes(p)),
    soak:
      soakSeconds > 0
        ? { kind: 'soak', rate: soakRate, seconds: soakSeconds, settleSeconds }
        : undefined,
    jsonShare: num('BENCH_JSON_SHARE', 0.1, 0, 1),
    typeText,
    typeIntervalMs: num('BENCH_TYPE_INTERVAL_MS', 250, 50, 2000),
    typeRate: num('BENCH_TYPE_RATE', 20_000, 1000, 100_000),
    nodeSection: process.env.BENCH_NODE !== '0',
    keepTraces: process.env.BENCH_KEEP_TRACES === '1',
    simRates,
    dist: path.resolve(ROOT, process.env.BENCH_DIST ?? 'dist'),
  }
}

const k = (n: number): string => (n >= 1000 ? `${n / 1000}k` : String(n))

export function stepName(s: Step): string {
  switch (s.kind) {
    case 'idle':
      return 'idle'
    case 'load': {
      const name = s.topics === 100 ? `${k(s.rate)}/s` : `${k(s.rate)}/s × ${k(s.topics)} topics`
      return s.busy === 'protobuf' ? `${name} protobuf` : name
    }
    case 'type':
      return `typing, ${k(s.topics)} topics`
    case 'soak':
      return `soak ${k(s.rate)}/s × ${s.seconds} s`
  }
}

/**
 * Steps the bare page skips: typing (it has no filter box) and the protobuf twin of a load (it
 * decodes nothing, so it would repeat the JSON step's figures).
 */
export const appOnly = (s: Step): boolean =>
  s.kind === 'type' || (s.kind === 'load' && s.busy === 'protobuf')

/** The JSON step a protobuf step is compared with: the same rate and topics. */
export const jsonTwin = (s: Step): Step | undefined =>
  s.kind === 'load' && s.busy === 'protobuf'
    ? { kind: 'load', rate: s.rate, topics: s.topics }
    : undefined

/** Offered rate of a step (0 when idle or typing). */
export const offeredRate = (s: Step): number =>
  s.kind === 'load' || s.kind === 'soak' ? s.rate : 0

/** The targets (#12), for the app's full view. "Busy" = main thread CPU, % of a core. */
export const TARGETS = {
  idleMainPct: 1,
  idleLayoutsPerSec: 0,
  busyAt100Pct: 5,
  busyAt1kPct: 12,
  /** Frame p95 up to 5 k/s. */
  p95Upto5kMs: 17.5,
  p95AnyMs: 20,
  longTaskMs: 50,
  /** Issue #16: a protobuf busy topic costs at most this × the JSON one (main thread, worker). */
  protobufOverJson: 1.2,
  /** Share of the bare page's delivered messages, up to its ceiling and beyond it. */
  deliveredUptoCeiling: 0.95,
  deliveredBeyondCeiling: 1.0,
  rendererMB: 250,
  soakMessages: 5_000_000,
}

/**
 * The bare page is at its ceiling in a step when it counted less than this share of what was
 * sent: the machine notes call a rate "sustained" at ≥ 99 % delivered.
 */
export const CEILING_DELIVERED_SHARE = 0.99
