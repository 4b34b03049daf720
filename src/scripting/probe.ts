/**
 * Test hook for e2e/scripting.spec.ts, installed only when the page's URL has `scripting-probe`
 * (main.tsx loads this chunk lazily, so the app bundle does not carry it): runs a script in a
 * dedicated worker and answers its result. It adds no authority: the scripts run in the sandbox.
 */
import type { Coded } from '../lib/coded'
import type { ScriptLimits } from './sandbox'

export interface ProbeRequest {
  id: number
  source: string
  call: 'decode' | 'encode' | 'respond'
  bytes: number[]
  input?: unknown
  /** Overrides of the sandbox's bounds (to measure them in a real browser). */
  limits?: Partial<ScriptLimits>
}

export type ProbeResponse =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: Coded }

export interface ScriptingProbe {
  run(request: Omit<ProbeRequest, 'id'>): Promise<ProbeResponse>
}

declare global {
  interface Window {
    mqttScopeScriptingProbe?: ScriptingProbe
  }
}

export function installScriptingProbe(): void {
  const worker = new Worker(new URL('./probe.worker.ts', import.meta.url), { type: 'module' })
  const waiting = new Map<number, (r: ProbeResponse) => void>()
  let next = 1
  worker.onmessage = (event: MessageEvent<ProbeResponse>) => {
    waiting.get(event.data.id)?.(event.data)
    waiting.delete(event.data.id)
  }
  window.mqttScopeScriptingProbe = {
    run: (request) =>
      new Promise((resolve) => {
        const id = next++
        waiting.set(id, resolve)
        worker.postMessage({ ...request, id })
      }),
  }
}
