import { create } from 'zustand'
import { parseCheckLink } from '../brokercheck/link'
import { isLoopbackUrl } from '../brokercheck/context'
import {
  CHECK_GROUPS,
  type BrokerCheckReport,
  type CheckGroup,
  type CheckProfile,
  type CheckResult,
  type ProtocolChoice,
} from '../brokercheck/types'
import { BROKER_CHECK_HISTORY, BROKER_CHECK_LINK_TARGETS } from '../engine/budgets'
import { coded, type Coded } from '../lib/coded'
import { loadSaved, saveOnChange } from '../lib/persist'
import { CallAborted } from '../mqtt/channel'
import { useAppStore } from './appStore'
import { PRESETS, type Profile } from './profileModel'
import { savedBrokerChecks, type PastCheck } from './saved/brokerChecks'
import { channel } from './sessions'
import { BROKER_CHECK_CONN, type BrokerCheckRunProgress } from '../wire/brokerCheck'

/**
 * A broker to check, as the panel lists it. The password stays in this memory only: it goes to
 * the worker with the run and is never saved, exported or put in a link.
 */
export interface CheckTargetDraft {
  key: string
  label: string
  url: string
  protocol: ProtocolChoice
  username: string
  password: string
  /** A public broker (a preset's host): traffic-heavy checks stay off unless allowed. */
  isPublic: boolean
}

/** The run in progress: which target, its checks done, the last result that came in. */
export interface RunningCheck {
  callId: number
  index: number
  count: number
  done: number
  total: number
  last: CheckResult | undefined
  cancelling: boolean
}

export interface BrokerCheckState {
  open: boolean
  targets: CheckTargetDraft[]
  /** The groups to run besides throughput (which is its own opt-in). */
  groups: CheckGroup[]
  throughput: boolean
  /** Large payloads, bare `#` and throughput on public brokers too. */
  heavyOnPublic: boolean
  running: RunningCheck | undefined
  /** The reports on screen: the last run's, or a past check's. */
  reports: BrokerCheckReport[]
  /** Which past check `reports` are (undefined: the last run). */
  shownPastId: string | undefined
  /** A past check shown beside the reports on screen, to compare. */
  compareId: string | undefined
  past: PastCheck[]
  error: Coded | undefined
  notice: Coded | undefined

  setOpen: (open: boolean) => void
  addTarget: (target: Omit<CheckTargetDraft, 'key'>) => void
  removeTarget: (key: string) => void
  updateTarget: (key: string, patch: Partial<Omit<CheckTargetDraft, 'key'>>) => void
  setGroup: (group: CheckGroup, on: boolean) => void
  setThroughput: (on: boolean) => void
  setHeavyOnPublic: (on: boolean) => void
  start: () => Promise<void>
  cancel: () => void
  showPast: (id: string | undefined) => void
  setCompare: (id: string | undefined) => void
  deletePast: (id: string) => void
  dismiss: () => void
}

const DEFAULT_GROUPS = CHECK_GROUPS.filter((g) => g !== 'throughput')

/** Hosts of the public presets: a target there is public whatever list it came from. */
const PUBLIC_HOSTS = new Set(PRESETS.filter((p) => !isLoopbackUrl(p.url)).map((p) => hostOf(p.url)))

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase()
  } catch {
    return ''
  }
}

export const isPublicUrl = (url: string): boolean => PUBLIC_HOSTS.has(hostOf(url))

let keys = 0
const newKey = () => `t${++keys}`

/** A profile (saved or preset) as a target; its password only when the profile keeps one. */
export function targetOfProfile(p: Profile): Omit<CheckTargetDraft, 'key'> {
  return {
    label: p.name,
    url: p.url,
    protocol: p.version,
    username: p.username,
    password: p.password ?? '',
    isPublic: isPublicUrl(p.url),
  }
}

/** The shown connection's form as a target (with the password typed there, for this run). */
export function targetOfForm(): Omit<CheckTargetDraft, 'key'> {
  const s = useAppStore.getState()
  const form = s.connections[s.shownId]?.form
  return {
    label: '',
    url: form?.url.trim() ?? '',
    protocol: form?.version ?? 'auto',
    username: form?.username ?? '',
    password: form?.password ?? '',
    isPublic: isPublicUrl(form?.url ?? ''),
  }
}

/** The profile each target runs with. */
export function profileFor(
  t: Pick<CheckTargetDraft, 'isPublic'>,
  s: Pick<BrokerCheckState, 'groups' | 'throughput' | 'heavyOnPublic'>,
): CheckProfile {
  const groups = CHECK_GROUPS.filter((g) =>
    g === 'throughput' ? s.throughput : s.groups.includes(g),
  )
  return { groups, heavy: !t.isPublic || s.heavyOnPublic }
}

function initialPast(): { past: PastCheck[]; notice?: Coded } {
  const { value, notice } = loadSaved(savedBrokerChecks)
  return notice ? { past: value.past, notice } : { past: value.past }
}

/** Reports of a finished run, without their evidence (kept only for the run on screen). */
const pastOf = (reports: readonly BrokerCheckReport[], at: number): PastCheck => ({
  id: `c${at.toString(36)}${keys++}`,
  at,
  reports: [...reports],
})

const initial = initialPast()

export const useBrokerCheckStore = create<BrokerCheckState>()((set, get) => ({
  open: false,
  targets: [],
  groups: [...DEFAULT_GROUPS],
  throughput: false,
  heavyOnPublic: false,
  running: undefined,
  reports: [],
  shownPastId: undefined,
  compareId: undefined,
  past: initial.past,
  error: undefined,
  notice: initial.notice,

  setOpen: (open) => set({ open }),
  addTarget: (target) => {
    if (get().targets.length >= BROKER_CHECK_LINK_TARGETS) {
      set({ error: coded('brokerCheck.tooManyTargets', { max: BROKER_CHECK_LINK_TARGETS }) })
      return
    }
    set((s) => ({ targets: [...s.targets, { ...target, key: newKey() }], error: undefined }))
  },
  removeTarget: (key) => set((s) => ({ targets: s.targets.filter((t) => t.key !== key) })),
  updateTarget: (key, patch) =>
    set((s) => ({ targets: s.targets.map((t) => (t.key === key ? { ...t, ...patch } : t)) })),
  setGroup: (group, on) =>
    set((s) => ({
      groups: on ? [...new Set([...s.groups, group])] : s.groups.filter((g) => g !== group),
    })),
  setThroughput: (throughput) => set({ throughput }),
  setHeavyOnPublic: (heavyOnPublic) => set({ heavyOnPublic }),

  start: async () => {
    const s = get()
    if (s.running) return
    const targets = s.targets.filter((t) => t.url.trim() !== '')
    if (targets.length === 0) {
      set({ error: coded('brokerCheck.noTarget') })
      return
    }
    const runs = targets.map((t) => ({
      target: {
        url: t.url.trim(),
        protocol: t.protocol,
        isPublic: t.isPublic,
        ...(t.label ? { label: t.label } : {}),
        ...(t.username ? { username: t.username } : {}),
        ...(t.password ? { password: t.password } : {}),
      },
      profile: profileFor(t, s),
    }))
    const onProgress = (p: BrokerCheckRunProgress) =>
      set((st) => {
        if (!st.running) return {}
        const r = { ...st.running, index: p.index, count: p.count }
        if (p.progress.type === 'started') r.total = p.progress.total
        if (p.progress.type === 'result') {
          r.done = p.progress.done
          r.total = p.progress.total
          r.last = p.progress.result
        }
        return { running: r }
      })
    const call = channel().call(BROKER_CHECK_CONN, 'brokerCheck', { runs }, { onProgress })
    set({
      running: {
        callId: call.id,
        index: 0,
        count: runs.length,
        done: 0,
        total: 0,
        last: undefined,
        cancelling: false,
      },
      error: undefined,
      shownPastId: undefined,
    })
    try {
      const reply = await call.result
      const at = Date.now()
      set((st) => ({
        running: undefined,
        reports: reply.reports,
        error: reply.ok ? undefined : reply.reason,
        past:
          reply.reports.length > 0
            ? [pastOf(reply.reports, at), ...st.past].slice(0, BROKER_CHECK_HISTORY)
            : st.past,
      }))
    } catch (e) {
      set({
        running: undefined,
        error:
          e instanceof CallAborted ? e.reason : coded('brokerCheck.failed', { detail: String(e) }),
      })
    }
  },
  cancel: () => {
    const r = get().running
    if (!r || r.cancelling) return
    channel().cancel(r.callId)
    set({ running: { ...r, cancelling: true } })
  },
  showPast: (id) => {
    const p = id === undefined ? undefined : get().past.find((x) => x.id === id)
    set({ shownPastId: p?.id, reports: p ? p.reports : get().reports })
  },
  setCompare: (compareId) => set({ compareId }),
  deletePast: (id) =>
    set((s) => ({
      past: s.past.filter((p) => p.id !== id),
      compareId: s.compareId === id ? undefined : s.compareId,
    })),
  dismiss: () => set({ error: undefined, notice: undefined }),
}))

saveOnChange(
  useBrokerCheckStore,
  savedBrokerChecks,
  (s) => ({ past: s.past }),
  (notice) => useBrokerCheckStore.setState({ notice }),
)

/**
 * Sets the panel up from a link made by "Copy link" (`?check=…&checkv=…`): its targets (never a
 * password: the link has none), groups and heavy choice, and opens it. False when the URL has
 * no broker-check target.
 */
export function applyCheckLink(search: string): boolean {
  const link = parseCheckLink(search)
  if (link.targets.length === 0) return false
  const st = useBrokerCheckStore.getState()
  useBrokerCheckStore.setState({
    targets: link.targets.map((t) => ({
      key: newKey(),
      label: '',
      url: t.url,
      protocol: t.protocol,
      username: '',
      password: '',
      isPublic: isPublicUrl(t.url),
    })),
    groups: link.groups ? link.groups.filter((g) => g !== 'throughput') : st.groups,
    throughput: link.groups ? link.groups.includes('throughput') : st.throughput,
    heavyOnPublic: link.heavy ?? st.heavyOnPublic,
    open: true,
  })
  return true
}
