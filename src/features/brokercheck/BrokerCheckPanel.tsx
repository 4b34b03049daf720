import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useShallow } from 'zustand/react/shallow'
import { CHECK_GROUPS, type CheckGroup, type ProtocolChoice } from '../../brokercheck/types'
import { useWord } from '../../i18n/word'
import { allProfiles, useProfilesStore } from '../../store/profilesStore'
import { CheckResults } from './CheckResults'
import { PastChecks } from './PastChecks'
import {
  targetOfForm,
  targetOfProfile,
  useBrokerCheckStore,
  type CheckTargetDraft,
} from '../../store/brokerCheckStore'
import { useCheckWord } from './checkWord'
import { groupName, label } from '../../brokercheck/scorecard'
import './brokerCheck.css'

const PROTOCOLS: readonly ProtocolChoice[] = ['auto', '5', '3.1.1']
/** Throughput has its own opt-in checkbox; the others are chosen group by group. */
const GROUPS = CHECK_GROUPS.filter(
  (g): g is Exclude<CheckGroup, 'throughput'> => g !== 'throughput',
)

function TargetRow({ target, n }: { target: CheckTargetDraft; n: number }) {
  const { t } = useTranslation('brokerCheckPanel')
  const say = useCheckWord()
  const running = useBrokerCheckStore((s) => s.running !== undefined)
  const { updateTarget, removeTarget } = useBrokerCheckStore.getState()
  const name = target.label || target.url || t('Target {{n}}', { n })
  return (
    <li className="bc-target">
      <fieldset disabled={running}>
        <legend>{name}</legend>
        <label>
          {t('URL of target {{n}}', { n })}
          <input
            type="url"
            value={target.url}
            spellCheck={false}
            onChange={(e) => updateTarget(target.key, { url: e.target.value })}
          />
        </label>
        <label>
          {t('Protocol of target {{n}}', { n })}
          <select
            value={target.protocol}
            onChange={(e) =>
              updateTarget(target.key, { protocol: e.target.value as ProtocolChoice })
            }
          >
            {PROTOCOLS.map((p) => (
              <option key={p} value={p}>
                {say(label(`protocol.${p}`))}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('Username of target {{n}}', { n })}
          <input
            value={target.username}
            autoComplete="off"
            onChange={(e) => updateTarget(target.key, { username: e.target.value })}
          />
        </label>
        <label>
          {t('Password of target {{n}}', { n })}
          <input
            type="password"
            value={target.password}
            autoComplete="off"
            onChange={(e) => updateTarget(target.key, { password: e.target.value })}
          />
        </label>
        {target.isPublic && <p className="muted">{t('Public broker: heavy checks are off.')}</p>}
        <button type="button" onClick={() => removeTarget(target.key)}>
          {t('Remove target {{n}}', { n })}
        </button>
      </fieldset>
    </li>
  )
}

function AddTargets() {
  const { t } = useTranslation('brokerCheckPanel')
  const saved = useProfilesStore((s) => s.profiles)
  const profiles = allProfiles(saved)
  const [profileId, setProfileId] = useState(profiles[0]?.id ?? '')
  const running = useBrokerCheckStore((s) => s.running !== undefined)
  const { addTarget } = useBrokerCheckStore.getState()
  const addProfile = () => {
    const p = profiles.find((x) => x.id === profileId)
    if (p) addTarget(targetOfProfile(p))
  }
  return (
    <div className="bc-add">
      <button type="button" disabled={running} onClick={() => addTarget(targetOfForm())}>
        {t('Add the shown connection')}
      </button>
      <label>
        {t('Profile to add')}
        <select value={profileId} onChange={(e) => setProfileId(e.target.value)}>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={running || !profileId} onClick={addProfile}>
        {t('Add profile')}
      </button>
    </div>
  )
}

function Options() {
  const { t } = useTranslation('brokerCheckPanel')
  const say = useCheckWord()
  const { groups, throughput, heavyOnPublic, running } = useBrokerCheckStore(
    useShallow((s) => ({
      groups: s.groups,
      throughput: s.throughput,
      heavyOnPublic: s.heavyOnPublic,
      running: s.running !== undefined,
    })),
  )
  const { setGroup, setThroughput, setHeavyOnPublic } = useBrokerCheckStore.getState()
  return (
    <fieldset className="bc-options" disabled={running}>
      <legend>{t('Checks')}</legend>
      {GROUPS.map((g) => (
        <label key={g} className="inline">
          <input
            type="checkbox"
            checked={groups.includes(g)}
            onChange={(e) => setGroup(g, e.target.checked)}
          />
          {say(groupName(g))}
        </label>
      ))}
      <label className="inline">
        <input
          type="checkbox"
          checked={throughput}
          onChange={(e) => setThroughput(e.target.checked)}
        />
        {t('Throughput (a few seconds of traffic)')}
      </label>
      <label className="inline">
        <input
          type="checkbox"
          checked={heavyOnPublic}
          onChange={(e) => setHeavyOnPublic(e.target.checked)}
        />
        {t('Heavy checks on public brokers too')}
      </label>
    </fieldset>
  )
}

function Progress() {
  const { t } = useTranslation('brokerCheckPanel')
  const say = useCheckWord()
  const running = useBrokerCheckStore((s) => s.running)
  const text = running
    ? running.cancelling
      ? t('Cancelling: cleaning up…')
      : t('Broker {{i}} of {{count}}: {{done}} of {{total}} checks done', {
          i: running.index + 1,
          count: running.count,
          done: running.done,
          total: running.total,
        }) + (running.last ? ` (${say(label(`check.${running.last.id}`))})` : '')
    : ''
  return (
    <div className="bc-progress">
      {running && (
        <progress
          aria-label={t('Check progress bar')}
          max={Math.max(1, running.total * running.count)}
          value={running.index * running.total + running.done}
        />
      )}
      {/* Always on the page: a live region added together with its text is often not read. */}
      <p role="status" aria-label={t('Check progress')} aria-live="polite">
        {text}
      </p>
    </div>
  )
}

/** The broker check: targets, options, run / cancel, results, past checks (#15). */
export function BrokerCheckPanel() {
  const { t } = useTranslation('brokerCheckPanel')
  const word = useWord()
  const headingId = useId()
  const { targets, running, error, notice } = useBrokerCheckStore(
    useShallow((s) => ({
      targets: s.targets,
      running: s.running,
      error: s.error,
      notice: s.notice,
    })),
  )
  const { start, cancel, dismiss } = useBrokerCheckStore.getState()
  return (
    <section className="bc-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('Broker check')}</h2>
      <p className="muted">
        {t(
          'Checks a broker with short-lived clients of its own under a random topic prefix, then removes what it created. Your connections are not touched.',
        )}
      </p>
      <section aria-label={t('Targets')}>
        <h3>{t('Targets')}</h3>
        {targets.length === 0 ? (
          <p className="muted">{t('No target yet: add the shown connection or a profile.')}</p>
        ) : (
          <ol className="bc-targets">
            {targets.map((target, i) => (
              <TargetRow key={target.key} target={target} n={i + 1} />
            ))}
          </ol>
        )}
        <AddTargets />
      </section>
      <Options />
      <div className="bc-run">
        <button type="button" disabled={running !== undefined} onClick={() => void start()}>
          {t('Run check')}
        </button>
        <button
          type="button"
          disabled={running === undefined || running.cancelling}
          onClick={cancel}
        >
          {t('Cancel check')}
        </button>
      </div>
      <Progress />
      {(error ?? notice) && (
        <p role="alert" className="bc-error">
          {word((error ?? notice)!)}{' '}
          <button type="button" className="link" onClick={dismiss}>
            {t('Dismiss')}
          </button>
        </p>
      )}
      <CheckResults />
      <PastChecks />
    </section>
  )
}
