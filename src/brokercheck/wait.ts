/** Waits of the broker check: every one is bounded by a deadline and ends at once on cancel. */

/** Thrown by a wait when the run or the check was aborted; the runner turns it into a result. */
export class Aborted extends Error {
  constructor() {
    super('aborted')
    this.name = 'Aborted'
  }
}

export const TIMEOUT: unique symbol = Symbol('timeout')
export type Timeout = typeof TIMEOUT

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Aborted()
}

/**
 * One 'abort' listener per signal, fanning out to the waits on it: a check may wait on dozens of
 * acknowledgements at once, and a listener each would trip Node's listener-leak warning.
 */
const onAbort = new WeakMap<AbortSignal, Set<() => void>>()

function whenAborted(signal: AbortSignal, fn: () => void): () => void {
  let fns = onAbort.get(signal)
  if (!fns) {
    const set = new Set<() => void>()
    fns = set
    onAbort.set(signal, set)
    signal.addEventListener('abort', () => [...set].forEach((f) => f()), { once: true })
  }
  fns.add(fn)
  return () => fns.delete(fn)
}

/** `promise`'s value, or TIMEOUT after `ms`; rejects with Aborted when `signal` aborts. */
export function within<T>(
  promise: Promise<T>,
  ms: number,
  signal: AbortSignal,
): Promise<T | Timeout> {
  if (signal.aborted) return Promise.reject(new Aborted())
  return new Promise<T | Timeout>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer)
      forget()
    }
    const forget = whenAborted(signal, () => {
      done()
      reject(new Aborted())
    })
    const timer = setTimeout(() => {
      done()
      resolve(TIMEOUT)
    }, ms)
    promise.then(
      (value) => {
        done()
        resolve(value)
      },
      (err: unknown) => {
        done()
        reject(err instanceof Error ? err : new Error(String(err)))
      },
    )
  })
}

/** Resolves after `ms`; rejects with Aborted when `signal` aborts. */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  await within(new Promise<never>(() => undefined), ms, signal)
}

/** Nearest-rank percentile of `values` (0 < p ≤ 100); NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN
}

/** Milliseconds rounded to 0.1 ms, so figures compare and export simply. */
export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10
}
