import { useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useShallow } from 'zustand/react/shallow'
import { compareReports } from '../../brokercheck/compare'
import { exportJson } from '../../brokercheck/exportJson'
import { buildCheckLink } from '../../brokercheck/link'
import { comparisonMarkdown, scorecardMarkdown } from '../../brokercheck/markdown'
import {
  checkName,
  figureText,
  groupName,
  label,
  meaningText,
  scorecard,
  statusName,
  type Word,
} from '../../brokercheck/scorecard'
import type { BrokerCheckReport, CheckResult } from '../../brokercheck/types'
import { downloadBlob, fileStamp } from '../../lib/download'
import { useBrokerCheckStore } from '../../store/brokerCheckStore'
import { checkWord, useCheckWord } from './checkWord'

/** ✓ / ✗ / – / · with the status in words (the mark alone says nothing to a screen reader). */
const MARK = { pass: '✓', fail: '✗', unsupported: '–', skipped: '·' } as const

function Status({ r, say }: { r: CheckResult; say: Word }) {
  return (
    <span className={`bc-status bc-${r.status}`}>
      <span aria-hidden="true">{MARK[r.status]} </span>
      {say(statusName(r.status))}
    </span>
  )
}

/** A target's name: its label, its URL and the MQTT version the checks ran with. */
export function targetText(r: BrokerCheckReport): string {
  const version = r.protocolLevel === 5 ? '5' : r.protocolLevel === 4 ? '3.1.1' : undefined
  const name = r.target.label ? `${r.target.label} — ${r.target.url}` : r.target.url
  return version ? `${name} (MQTT ${version})` : name
}

function Scorecard({ report }: { report: BrokerCheckReport }) {
  const { t } = useTranslation('brokerCheckPanel')
  const say = useCheckWord()
  const card = scorecard(report)
  const name = targetText(report)
  return (
    <table className="bc-table">
      <caption>
        {t('Scorecard: {{target}}', { target: name })}{' '}
        <span className="muted">
          {say(
            label('md.summary', {
              ...card.counts,
              version:
                report.protocolLevel === 5 ? '5' : report.protocolLevel === 4 ? '3.1.1' : '—',
              seconds: Math.round(report.durationMs / 100) / 10,
            }),
          )}
          {report.cancelled ? ` ${say(label('md.cancelled'))}` : ''}
        </span>
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('Check')}</th>
          <th scope="col">{t('Result')}</th>
          <th scope="col">{t('Figure')}</th>
          <th scope="col">{t('Meaning')}</th>
        </tr>
      </thead>
      {card.groups.map((g) => (
        <tbody key={g.group}>
          <tr>
            <th scope="rowgroup" colSpan={4} className="bc-group">
              {say(groupName(g.group))}
            </th>
          </tr>
          {g.results.map((r) => (
            <tr key={r.id}>
              <th scope="row">{say(checkName(r.id))}</th>
              <td>
                <Status r={r} say={say} />
              </td>
              <td>{figureText(r.figure, say)}</td>
              <td>
                {meaningText(r, say)}
                {r.evidence.length > 0 && (
                  <details>
                    <summary>{t('Evidence')}</summary>
                    <pre>
                      {r.evidence
                        .map(
                          (e) => `${e.at.toFixed(0).padStart(6)} ms ${e.dir.padEnd(5)} ${e.text}`,
                        )
                        .join('\n')}
                      {r.evidenceDropped > 0
                        ? `\n${t('… {{n}} more lines left out', { n: r.evidenceDropped })}`
                        : ''}
                    </pre>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      ))}
    </table>
  )
}

function SideBySide({ reports }: { reports: readonly BrokerCheckReport[] }) {
  const { t } = useTranslation('brokerCheckPanel')
  const say = useCheckWord()
  const cmp = useMemo(() => compareReports(reports), [reports])
  return (
    <table className="bc-table bc-compare">
      <caption>
        {t('Side by side')}{' '}
        <span className="muted">
          {say(label('md.differing', { n: cmp.differing, total: cmp.rows.length }))}
        </span>
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('Check')}</th>
          {reports.map((r, i) => (
            <th scope="col" key={i}>
              {targetText(r)}
            </th>
          ))}
          <th scope="col">{t('Differs')}</th>
        </tr>
      </thead>
      <tbody>
        {cmp.rows.map((row) => (
          <tr key={row.id} className={row.differs ? 'bc-differs' : undefined}>
            <th scope="row">{say(checkName(row.id))}</th>
            {row.cells.map((c, i) => (
              <td key={i}>
                {c ? (
                  <>
                    <Status r={c} say={say} />
                    {c.figure.length > 0 && (
                      <span className="bc-figure"> {figureText(c.figure, say)}</span>
                    )}
                  </>
                ) : (
                  '—'
                )}
              </td>
            ))}
            <td>{row.differs ? t('differs') : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Exports({ reports }: { reports: readonly BrokerCheckReport[] }) {
  const { t } = useTranslation('brokerCheckPanel')
  const [link, setLink] = useState<string | undefined>()
  const [note, setNote] = useState('')
  const { groups, throughput, heavyOnPublic } = useBrokerCheckStore(
    useShallow((s) => ({
      groups: s.groups,
      throughput: s.throughput,
      heavyOnPublic: s.heavyOnPublic,
    })),
  )
  const download = (text: string, type: string, ext: string) =>
    downloadBlob(new Blob([text], { type }), `broker-check-${fileStamp()}.${ext}`)
  const markdown = () => {
    const word = checkWord()
    return reports.length > 1
      ? comparisonMarkdown(reports, word)
      : reports.map((r) => scorecardMarkdown(r, word)).join('\n')
  }
  const copy = async () => {
    const url = buildCheckLink(`${location.origin}${location.pathname}`, {
      targets: reports.map((r) => ({ url: r.target.url, protocol: r.target.protocol })),
      groups: throughput ? [...groups, 'throughput'] : groups,
      heavy: heavyOnPublic,
    })
    setLink(url)
    try {
      await navigator.clipboard.writeText(url)
      setNote(t('Link copied (no password or user name in it).'))
    } catch {
      setNote(t('The browser did not allow copying: select the link and copy it.'))
    }
  }
  return (
    <div className="bc-exports">
      <button
        type="button"
        onClick={() => download(exportJson(reports), 'application/json', 'json')}
      >
        {t('Export JSON')}
      </button>
      <button type="button" onClick={() => download(markdown(), 'text/markdown', 'md')}>
        {t('Export Markdown')}
      </button>
      <button type="button" onClick={() => void copy()}>
        {t('Copy check link')}
      </button>
      {link && (
        <input
          readOnly
          aria-label={t('Check link')}
          value={link}
          onFocus={(e) => e.currentTarget.select()}
        />
      )}
      <span className="muted" role="status" aria-label={t('Check link status')}>
        {link ? note : ''}
      </span>
    </div>
  )
}

/** The reports on screen: the side-by-side table when there are several, then each scorecard. */
export function CheckResults() {
  const { t } = useTranslation('brokerCheckPanel')
  const headingId = useId()
  const { reports, past, compareId, shownPastId } = useBrokerCheckStore(
    useShallow((s) => ({
      reports: s.reports,
      past: s.past,
      compareId: s.compareId,
      shownPastId: s.shownPastId,
    })),
  )
  const compared = past.find((p) => p.id === compareId && p.id !== shownPastId)
  const side = useMemo(
    () => (compared ? [...reports, ...compared.reports] : reports),
    [reports, compared],
  )
  if (reports.length === 0) return null
  const shown = past.find((p) => p.id === shownPastId)
  return (
    <section className="bc-results" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {shown
          ? t('Past check of {{when}}', { when: new Date(shown.at).toLocaleString() })
          : t('Results')}
      </h3>
      <Exports reports={reports} />
      {side.length > 1 && <SideBySide reports={side} />}
      {reports.map((r, i) => (
        <Scorecard key={`${r.target.url}-${i}`} report={r} />
      ))}
    </section>
  )
}
