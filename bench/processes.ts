// Lifecycle of everything the bench starts (Mosquitto, Chromium, the publisher) and the cleanup
// registry that ends it all on success, error, Ctrl-C and the watchdog. Chromium is spawned
// detached, in its own process group, so the whole tree (zygotes, renderers, GPU, network
// service) ends with one signal to the group.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { CHROMIUM_BIN, CHROMIUM_FLAGS } from '../e2e/fixtures/chromium.ts'
import { startMosquitto } from '../e2e/fixtures/mosquitto.ts'
import { ROOT } from './config.ts'
import type { PublisherResult } from './publisher.ts'

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms))

/** Monotonic ms (CLOCK_MONOTONIC, the clock of Chromium's trace timestamps). */
export const monoMs = (): number => Number(process.hrtime.bigint() / 1000n) / 1000

export async function waitFor<T>(
  probe: () => T | undefined,
  timeoutMs: number,
  what: string,
  abort?: () => string | undefined,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    const aborted = abort?.()
    if (aborted) throw new Error(aborted)
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s: ${what}`)
    await sleep(100)
  }
}

/** Keeps the last few KB of a child's output, for error messages. */
export function tail(stream: NodeJS.ReadableStream | null, max = 4000): () => string {
  let text = ''
  stream?.on('data', (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-max)
  })
  return () => text.trim()
}

// ---------------------------------------------------------------- cleanup registry

// Everything started is registered here and ended in `finally`, on Ctrl-C and on the watchdog.
const cleanups = new Set<() => Promise<void> | void>()
/** Set on Ctrl-C or the watchdog: from then on nothing new is started. */
let aborting = false

export const isAborting = (): boolean => aborting

export function checkNotAborting(): void {
  if (aborting) throw new Error('aborted')
}

export function addCleanup(cleanup: () => Promise<void> | void): () => void {
  cleanups.add(cleanup)
  return () => cleanups.delete(cleanup)
}

export async function cleanupAll(): Promise<void> {
  aborting = true
  for (const cleanup of [...cleanups].reverse()) {
    cleanups.delete(cleanup)
    try {
      await cleanup()
    } catch (err) {
      console.error('cleanup failed:', err)
    }
  }
}

function killGroup(child: ChildProcess): void {
  // Chromium forks a zygote, renderers and a GPU/network process; they share the process group of
  // the detached launcher, so signalling the group ends them all.
  // Signalled even if the launcher itself has exited: a renderer may still be in the group.
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, 'SIGKILL')
  } catch {
    // already gone
  }
}

async function waitExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  await Promise.race([new Promise((resolve) => child.once('exit', resolve)), sleep(timeoutMs)])
}

// ---------------------------------------------------------------- Mosquitto

/** Mosquitto from the e2e fixture, with a deep queue so the broker is not what drops. */
export async function startBenchMosquitto(): Promise<{ tcpPort: number; wsPort: number }> {
  checkNotAborting()
  const broker = await startMosquitto({ extra: ['max_queued_messages 100000'] })
  addCleanup(() => broker.stop())
  return broker
}

// ---------------------------------------------------------------- Chromium

export interface Browser {
  /** Also the id of Chromium's process group. */
  pid: number | undefined
  /** Monotonic ms at launch. */
  launchedAt: number
  stop: () => Promise<void>
  /** Why Chromium is gone, if it is. */
  failure: () => string | undefined
}

export interface LaunchOptions {
  /** Extra command-line switches (the traced pass's --trace-startup…). */
  extraArgs?: string[]
}

export async function launchChromium(url: string, options: LaunchOptions = {}): Promise<Browser> {
  checkNotAborting()
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'mqtt-scope-bench-chromium-'))
  if (aborting) {
    await fs.rm(profile, { recursive: true, force: true })
    checkNotAborting()
  }
  const launchedAt = monoMs()
  const child = spawn(
    CHROMIUM_BIN,
    [
      '--headless=new',
      ...CHROMIUM_FLAGS,
      // Without it performance.memory is coarse and rarely updated.
      '--enable-precise-memory-info',
      // The app's words (and the filter box the typing step finds) in English.
      '--lang=en-US',
      `--user-data-dir=${profile}`,
      '--window-size=1280,800',
      ...(options.extraArgs ?? []),
      url,
    ],
    // Detached: its own process group, so the whole Chromium process tree can be ended at once.
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  )
  const log = tail(child.stderr)
  let spawnError: string | undefined
  child.once('error', (err) => (spawnError = err.message))
  const stop = async (): Promise<void> => {
    forget()
    killGroup(child)
    await waitExit(child, 3000)
    // Renderers may outlive the launcher by a moment; remove the profile after they are gone.
    await sleep(200)
    await fs.rm(profile, { recursive: true, force: true, maxRetries: 3 })
  }
  const forget = addCleanup(stop)
  const failure = (): string | undefined =>
    spawnError ??
    (child.exitCode !== null || child.signalCode !== null
      ? `chromium exited (${child.exitCode ?? child.signalCode}): ${log().slice(-800)}`
      : undefined)
  return { pid: child.pid, launchedAt, stop, failure }
}

// ---------------------------------------------------------------- the publisher

export interface PublishPlan {
  rate: number
  topics: number
  seconds: number
  /** Share of the messages that go to the busy topic (bench/json/0 or bench/pb/0), 0–1. */
  jsonShare: number
  /** What the busy topic carries: JSON (bench/json/0, the default) or protobuf (bench/pb/0). */
  busy?: 'json' | 'protobuf'
}

/**
 * Runs bench/publisher.ts as its own process (so its CPU never counts against the bench's timers)
 * and resolves with its result. `onStart` is called when it writes its first message: the
 * measured window starts there, not at the process start (tsx takes a moment to load).
 */
export async function runPublisher(
  tcpPort: number,
  plan: PublishPlan,
  onStart?: () => void,
): Promise<PublisherResult> {
  checkNotAborting()
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(ROOT, 'bench', 'publisher.ts'),
      String(tcpPort),
      String(plan.rate),
      String(plan.topics),
      String(plan.seconds),
      String(plan.jsonShare),
      plan.busy ?? 'json',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  let started = false
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => {
    out = (out + chunk).slice(-4000)
    if (!started && out.includes('"started"')) {
      started = true
      onStart?.()
    }
  })
  const err = tail(child.stderr)
  const stop = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  const forget = addCleanup(stop)
  try {
    const code = await Promise.race([
      // 'close', not 'exit': its last stdout line may arrive after 'exit'.
      new Promise<number | null>((resolve) => child.once('close', resolve)),
      sleep(plan.seconds * 2000 + 25_000).then(() => 'timeout' as const),
    ])
    if (code === 'timeout') throw new Error('publisher did not finish in time')
    const line = out.trim().split('\n').pop() ?? ''
    const result = JSON.parse(line || 'null') as PublisherResult | null
    if (code !== 0 || !result || typeof result.sent !== 'number') {
      throw new Error(`publisher failed (${code}): ${err()}`)
    }
    return result
  } finally {
    stop()
    forget()
  }
}
