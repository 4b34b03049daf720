import { compareReports } from './compare'
import {
  checkName,
  countStatuses,
  figureText,
  groupName,
  label,
  meaningText,
  scorecard,
  statusName,
  type Word,
} from './scorecard'
import type { BrokerCheckReport, CheckResult } from './types'

/** A table cell: no pipes or line breaks inside. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim()
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`
}

function table(head: readonly string[], rows: readonly string[][]): string {
  return [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n')
}

const STATUS_MARK = { pass: '✓', fail: '✗', unsupported: '–', skipped: '·' } as const

function status(r: CheckResult, word: Word): string {
  return `${STATUS_MARK[r.status]} ${word(statusName(r.status))}`
}

function targetName(report: BrokerCheckReport, word: Word): string {
  const t = report.target
  return `${t.label ? `${t.label} ` : ''}${t.url} (${word(label(`protocol.${t.protocol}`))})`
}

function summary(report: BrokerCheckReport, word: Word): string {
  const counts = countStatuses(report.results)
  const version = report.protocolLevel === 5 ? '5' : report.protocolLevel === 4 ? '3.1.1' : '—'
  const lines = [
    word(
      label('md.summary', {
        ...counts,
        version,
        seconds: Math.round(report.durationMs / 100) / 10,
      }),
    ),
  ]
  if (report.cancelled) lines.push(word(label('md.cancelled')))
  const c = report.cleanup
  lines.push(word(label('md.cleanup', { retained: c.retainedCleared, sessions: c.sessionsEnded })))
  if (c.retainedFailed.length > 0 || c.sessionsFailed.length > 0)
    lines.push(
      word(
        label('md.cleanupLeft', {
          retained: c.retainedFailed.length,
          sessions: c.sessionsFailed.length,
        }),
      ),
    )
  return lines.join('\n\n')
}

/** One broker's scorecard as Markdown: a heading, a summary, then a table per group. */
export function scorecardMarkdown(report: BrokerCheckReport, word: Word): string {
  const card = scorecard(report)
  const parts = [
    `## ${word(label('md.scorecard', { target: targetName(report, word) }))}`,
    summary(report, word),
  ]
  const head = [
    word(label('md.check')),
    word(label('md.result')),
    word(label('md.figure')),
    word(label('md.meaning')),
  ]
  for (const g of card.groups) {
    parts.push(`### ${word(groupName(g.group))}`)
    parts.push(
      table(
        head,
        g.results.map((r) => [
          word(checkName(r.id)),
          status(r, word),
          figureText(r.figure, word),
          meaningText(r, word),
        ]),
      ),
    )
  }
  return `${parts.join('\n\n')}\n`
}

/**
 * Several brokers side by side: rows = checks, columns = brokers, a marker column for rows whose
 * outcomes differ; then each broker's scorecard.
 */
export function comparisonMarkdown(reports: readonly BrokerCheckReport[], word: Word): string {
  const cmp = compareReports(reports)
  const head = [
    word(label('md.check')),
    ...reports.map((r) => targetName(r, word)),
    word(label('md.differs')),
  ]
  const rows = cmp.rows.map((r) => [
    word(checkName(r.id)),
    ...r.cells.map((c) =>
      c ? [status(c, word), figureText(c.figure, word)].filter(Boolean).join(' · ') : '—',
    ),
    r.differs ? '≠' : '',
  ])
  const parts = [
    `## ${word(label('md.comparison'))}`,
    word(label('md.differing', { n: cmp.differing, total: cmp.rows.length })),
    table(head, rows),
    ...reports.map((r) => scorecardMarkdown(r, word).trimEnd()),
  ]
  return `${parts.join('\n\n')}\n`
}
