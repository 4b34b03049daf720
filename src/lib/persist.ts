import * as v from 'valibot'
import { coded, type Coded } from './coded'
import { countingDrops } from './persistSchema'

/**
 * The one way mqtt-scope keeps data in the browser (localStorage). Every saved kind (profiles,
 * publish history, chart layouts, …) is a `SavedKind`: a key under one prefix, a version, a
 * valibot schema, and migrations from each older version. What is stored is an envelope
 * `{ "version": n, "data": … }`. Reading never throws and never trusts: the data is migrated up
 * to the current version, validated (damaged list entries are left out one by one and counted),
 * and written back clean when anything had to change. Writing never throws either: a full or
 * blocked storage comes back as a coded notice (`storage.<kind>.<problem>`), which the view
 * words with i18next (locales/<lang>/codes/storage.json).
 */

export const STORAGE_PREFIX = 'mqtt-scope.'

/**
 * What can go wrong with saved data, as the last part of a notice code:
 * - `unreadable`: the stored value could not be read at all (bad JSON, wrong shape); it starts
 *   from empty and the clean value is written back;
 * - `dropped`: `count` damaged entries were left out, the others kept;
 * - `newer`: written by a newer mqtt-scope; neither read nor overwritten by this page;
 * - `blocked`: the browser does not let the page use its storage;
 * - `full`: the storage is full, the latest change was not saved.
 */
export type StorageProblem = 'unreadable' | 'dropped' | 'newer' | 'blocked' | 'full'
export const STORAGE_PROBLEMS: readonly StorageProblem[] = [
  'unreadable',
  'dropped',
  'newer',
  'blocked',
  'full',
]

/** Turns saved data of version n (as JSON) into version n + 1. */
export type Migration = (data: unknown) => unknown

export interface SavedKind<T> {
  /** The key after the prefix: `profiles` is stored as `mqtt-scope.profiles`. */
  readonly name: string
  /** The version this code writes; older data is migrated, newer data is left alone. */
  readonly version: number
  /** Validates and cleans data of the current version. */
  readonly schema: v.GenericSchema<unknown, T>
  /** What someone who saved nothing has. */
  readonly empty: () => T
  /**
   * `migrations[n]` turns version n into n + 1. Version 0 is whatever the code before this helper
   * wrote (its own shape, under `legacyKeys` or the kind's key), so `migrations[0]` is the one
   * that keeps what users saved before.
   */
  readonly migrations: Readonly<Record<number, Migration>>
  /** Full keys version 0 was written under when not the kind's own; read once, then removed. */
  readonly legacyKeys?: readonly string[]
  /** Whether `dropped` can happen (the data holds lists or maps of entries). */
  readonly countsEntries: boolean
  /**
   * Applied before writing: what must never reach storage (a password not to keep) goes here.
   * A method, so that a list of kinds of different values can hold it.
   */
  toStored?(value: T): unknown
}

export interface Loaded<T> {
  value: T
  /** Why the value is not (all of) what was saved, for the user. */
  notice?: Coded
}

/** The Web Storage calls the helper uses; localStorage in the app, a stand-in in Node tests. */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

/** Where to keep data: a storage, or a function that finds it (it may throw: blocked). */
export type StorageSource = StorageLike | (() => StorageLike | undefined)

// A browser that blocks storage for the page throws on `window.localStorage` itself.
const defaultSource: StorageSource = () => globalThis.localStorage

export const storageKey = (kind: { readonly name: string }): string => STORAGE_PREFIX + kind.name

/** The notice for `problem` with `kind`'s data; `count` for `dropped`. */
export function storageNotice(
  kind: { readonly name: string },
  problem: StorageProblem,
  count?: number,
): Coded {
  return coded(`storage.${kind.name}.${problem}`, count === undefined ? undefined : { count })
}

type Opened = { storage: StorageLike } | { blocked: true } | { none: true }

function open(source: StorageSource): Opened {
  try {
    const storage = typeof source === 'function' ? source() : source
    return storage ? { storage } : { none: true }
  } catch {
    return { blocked: true }
  }
}

/**
 * Kinds found saved by a newer version, per storage: this page neither reads nor overwrites
 * them, so the newer version finds its data intact when the user goes back to it (a stale
 * offline copy of the app is the usual way to get here).
 */
const readOnly = new WeakMap<object, Set<string>>()

function markReadOnly(storage: StorageLike, name: string): void {
  const set = readOnly.get(storage) ?? new Set<string>()
  set.add(name)
  readOnly.set(storage, set)
}

/**
 * A quota error, as Chromium and Safari (QuotaExceededError, code 22) and Firefox
 * (NS_ERROR_DOM_QUOTA_REACHED, code 1014) name it. Duck-typed: a DOMException from another realm
 * (an iframe, jsdom) is not `instanceof` this one's.
 */
export function isQuotaError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false
  const { name, code, message } = err as { name?: unknown; code?: unknown; message?: unknown }
  return (
    code === 22 ||
    code === 1014 ||
    (typeof name === 'string' && /quota/i.test(name)) ||
    (typeof message === 'string' && /quota/i.test(message))
  )
}

function isEnvelope(x: unknown): x is { version: number; data: unknown } {
  if (typeof x !== 'object' || x === null || Array.isArray(x) || !('data' in x)) return false
  const version = (x as { version?: unknown }).version
  return typeof version === 'number' && Number.isInteger(version) && version >= 1
}

function write<T>(kind: SavedKind<T>, storage: StorageLike, value: T): Coded | undefined {
  const data = kind.toStored ? kind.toStored(value) : value
  try {
    storage.setItem(storageKey(kind), JSON.stringify({ version: kind.version, data }))
    return undefined
  } catch (err) {
    return storageNotice(kind, isQuotaError(err) ? 'full' : 'blocked')
  }
}

function remove(storage: StorageLike, key: string): void {
  try {
    storage.removeItem(key)
  } catch {
    // A storage that refuses to remove refuses to write too: nothing was migrated over it.
  }
}

/** Reads the raw text of the kind, or of its first legacy key that holds something. */
function readRaw<T>(
  kind: SavedKind<T>,
  storage: StorageLike,
): { raw: string; legacyKey?: string } | 'blocked' | undefined {
  try {
    const raw = storage.getItem(storageKey(kind))
    if (raw !== null) return { raw }
    for (const legacyKey of kind.legacyKeys ?? []) {
      const old = storage.getItem(legacyKey)
      if (old !== null) return { raw: old, legacyKey }
    }
    return undefined
  } catch {
    return 'blocked'
  }
}

const UNREADABLE = Symbol('unreadable')

/** Migrates `data` of `version` up to the kind's version; UNREADABLE when a step is missing. */
function migrate<T>(kind: SavedKind<T>, version: number, data: unknown): unknown {
  let out = data
  for (let n = version; n < kind.version; n++) {
    const step = kind.migrations[n]
    if (!step) return UNREADABLE
    try {
      out = step(out)
    } catch {
      return UNREADABLE
    }
  }
  return out
}

/**
 * Reads a saved kind. Never throws: blocked storage, bad JSON, an unknown shape or a newer
 * version give the kind's empty value and a notice. Data of an older version or under a legacy
 * key is migrated and written back under the kind's key (the legacy key is removed once the new
 * one is written); data that lost damaged entries is written back without them.
 */
export function loadSaved<T>(kind: SavedKind<T>, source: StorageSource = defaultSource): Loaded<T> {
  const opened = open(source)
  if ('none' in opened) return { value: kind.empty() }
  if ('blocked' in opened) return { value: kind.empty(), notice: storageNotice(kind, 'blocked') }
  const { storage } = opened
  const found = readRaw(kind, storage)
  if (found === undefined) return { value: kind.empty() }
  if (found === 'blocked') return { value: kind.empty(), notice: storageNotice(kind, 'blocked') }

  let json: unknown = UNREADABLE
  try {
    json = JSON.parse(found.raw) as unknown
  } catch {
    // stays UNREADABLE
  }
  // Anything that is not an envelope is what the code before this helper wrote: version 0.
  const version = isEnvelope(json) ? json.version : 0
  if (version > kind.version) {
    markReadOnly(storage, kind.name)
    return { value: kind.empty(), notice: storageNotice(kind, 'newer') }
  }
  const data =
    json === UNREADABLE ? UNREADABLE : migrate(kind, version, isEnvelope(json) ? json.data : json)
  const { result, dropped } = countingDrops(() =>
    data === UNREADABLE ? undefined : v.safeParse(kind.schema, data),
  )
  let value: T
  let notice: Coded | undefined
  if (result?.success) {
    value = result.output
    if (dropped > 0) notice = storageNotice(kind, 'dropped', dropped)
  } else {
    value = kind.empty()
    notice = storageNotice(kind, 'unreadable')
  }
  if (version !== kind.version || notice || found.legacyKey) {
    const failed = write(kind, storage, value)
    // The old key goes only once its content is safe under the new one.
    if (!failed && found.legacyKey) remove(storage, found.legacyKey)
    notice ??= failed
  }
  return notice ? { value, notice } : { value }
}

/**
 * Saves a kind's value. Returns undefined when it was written (or there is no storage at all, as
 * in a worker), else the notice: `full`, `blocked`, or `newer` when this page must not overwrite
 * data a newer version saved.
 */
export function saveSaved<T>(
  kind: SavedKind<T>,
  value: T,
  source: StorageSource = defaultSource,
): Coded | undefined {
  const opened = open(source)
  if ('none' in opened) return undefined
  if ('blocked' in opened) return storageNotice(kind, 'blocked')
  if (readOnly.get(opened.storage)?.has(kind.name)) return storageNotice(kind, 'newer')
  return write(kind, opened.storage, value)
}

/** What `saveOnChange` needs of a store; a zustand store is one. */
export interface Observable<S> {
  getState: () => S
  subscribe: (listener: (state: S, prev: S) => void) => () => void
}

const shallowEqual = (a: object, b: object): boolean => {
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  return ka.every((k) => Object.is(a[k as keyof typeof a], b[k as keyof typeof b]))
}

/**
 * Saves `select(state)` whenever one of its fields changes (by reference: a store that replaces
 * what it changes, as zustand stores do, saves once per change and never for unrelated state).
 * A problem goes to `onNotice`. Returns the unsubscribe function.
 */
export function saveOnChange<S, T extends object>(
  store: Observable<S>,
  kind: SavedKind<T>,
  select: (state: S) => T,
  onNotice: (notice: Coded) => void,
  source: StorageSource = defaultSource,
): () => void {
  let last = select(store.getState())
  return store.subscribe((state) => {
    const next = select(state)
    if (shallowEqual(next, last)) return
    last = next
    const notice = saveSaved(kind, next, source)
    if (notice) onNotice(notice)
  })
}
