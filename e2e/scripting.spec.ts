import type { Page } from '@playwright/test'
import { METER_DECODE_SCRIPT } from '../src/scripting/examples'
import type { ProbeRequest, ProbeResponse } from '../src/scripting/probe'
import { expect, openApp, test } from './fixtures/test'

// The script sandbox in the production build, in Chromium, in a dedicated module worker (as the
// MQTT worker will host it): Vite's wasm asset, the Emscripten browser glue, a worker's own stack
// and memory. The page loads the probe only for the `scripting-probe` parameter.

async function run(page: Page, request: Omit<ProbeRequest, 'id'>): Promise<ProbeResponse> {
  return page.evaluate(async (r) => {
    const deadline = Date.now() + 10_000
    while (!window.mqttScopeScriptingProbe && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50))
    if (!window.mqttScopeScriptingProbe) throw new Error('the scripting probe did not install')
    return window.mqttScopeScriptingProbe.run(r)
  }, request)
}

/** A meter frame laid out as server/simulator.ts writes it. */
function meterFrame(): number[] {
  const bytes = new Uint8Array(28)
  const v = new DataView(bytes.buffer)
  bytes.set([0xff, 0xfe, 1, 1])
  v.setUint32(4, 41, true)
  v.setUint32(8, 1_700_000_000, true)
  v.setFloat32(12, 1500, true)
  v.setFloat64(16, 12_345.5, true)
  v.setUint16(24, 2301, true)
  v.setUint16(26, 4998, true)
  return [...bytes]
}

test.describe('script sandbox in the browser', () => {
  test('decodes the meter example, and stops a loop, a memory hog and deep recursion by name', async ({
    page,
  }) => {
    await openApp(page, { 'scripting-probe': '1' })
    expect(
      await run(page, { source: METER_DECODE_SCRIPT, call: 'decode', bytes: meterFrame() }),
    ).toMatchObject({
      ok: true,
      value: {
        version: 1,
        occupied: true,
        sequence: 41,
        time: '2023-11-14T22:13:20.000Z',
        powerW: 1500,
        energyKWh: 12_345.5,
        voltageV: 230.1,
        frequencyHz: 49.98,
      },
    })
    expect(
      await run(page, {
        source: 'export function decode() { for (;;) {} }',
        call: 'decode',
        bytes: [],
      }),
    ).toMatchObject({ ok: false, error: { code: 'script.timeout', values: { script: 'probe' } } })
    expect(
      await run(page, {
        // 1 MiB at a time: the bound is reached in a few dozen allocations, long before the deadline.
        source:
          'export function decode() { const a = []; for (;;) a.push(new Uint8Array(1 << 20)) }',
        call: 'decode',
        bytes: [],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'script.outOfMemory', values: { script: 'probe', mb: 48 } },
    })
    expect(
      await run(page, {
        source: 'function f(n) { return f(n + 1) + 1 }\nexport function decode() { return f(0) }',
        call: 'decode',
        bytes: [],
      }),
    ).toMatchObject({ ok: false, error: { code: 'script.stackOverflow' } })
    // The worker survived all of that: a plain script still runs.
    expect(
      await run(page, {
        source: 'export function encode(x) { return utf8.encode(x.msg) }',
        call: 'encode',
        bytes: [],
        input: { msg: 'ok ✓' },
      }),
    ).toMatchObject({ ok: true, value: [...new TextEncoder().encode('ok ✓')] })
  })

  test('a script finds no way out: no fetch, DOM, storage, timers or workers inside', async ({
    page,
  }) => {
    await openApp(page, { 'scripting-probe': '1' })
    const names = [
      'fetch',
      'XMLHttpRequest',
      'WebSocket',
      'localStorage',
      'indexedDB',
      'document',
      'window',
      'self',
      'postMessage',
      'importScripts',
      'setTimeout',
      'Worker',
      'caches',
      'navigator',
    ]
    expect(
      await run(page, {
        source: `export function decode() { return ${JSON.stringify(names)}.filter((n) => typeof globalThis[n] !== 'undefined') }`,
        call: 'decode',
        bytes: [],
      }),
    ).toMatchObject({ ok: true, value: [] })
  })
})
