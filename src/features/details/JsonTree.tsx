import { LiveText } from '../../components/LiveText'
import { useMemo, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { JSON_LEAF_SHOWN_CHARS } from '../../engine/budgets'
import { formatCount } from '../../lib/format'

/** Nodes drawn at most, so a huge document cannot flood the DOM; the rest is counted. */
const MAX_NODES = 2_000

type Match = (s: string) => boolean

/** `text` with every case-insensitive occurrence of `query` wrapped in <mark>. */
function highlight(text: string, query: string): ReactNode {
  if (!query) return text
  const lower = text.toLowerCase()
  const parts: ReactNode[] = []
  let at = 0
  for (let i = lower.indexOf(query); i >= 0; i = lower.indexOf(query, at)) {
    if (i > at) parts.push(text.slice(at, i))
    parts.push(<mark key={i}>{text.slice(i, i + query.length)}</mark>)
    at = i + query.length
  }
  parts.push(text.slice(at))
  return parts
}

function leafText(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v)
}

/** The part of a leaf's text that is drawn (JSON_LEAF_SHOWN_CHARS at most). */
function shown(text: string): string {
  return text.length > JSON_LEAF_SHOWN_CHARS ? text.slice(0, JSON_LEAF_SHOWN_CHARS) : text
}

/** True when the key or anything below it matches. */
function matches(key: string, value: unknown, match: Match, depth = 0): boolean {
  if (match(key)) return true
  if (depth > 64) return false
  if (value !== null && typeof value === 'object')
    return Object.entries(value).some(([k, v]) => matches(k, v, match, depth + 1))
  return match(leafText(value))
}

/**
 * A decoded JSON/CBOR/MessagePack value as a collapsible tree (<details> per object or array),
 * with a search box that keeps only the branches whose keys or values contain the text and
 * marks where. Everything is rendered as text; nothing from the payload becomes markup.
 */
export function JsonTree({ value }: { value: unknown }) {
  const [query, setQuery] = useState('')
  const { t } = useTranslation('details')
  const q = query.trim().toLowerCase()
  const { nodes, drawn } = useMemo(() => {
    const match: Match = (s) => s.toLowerCase().includes(q)
    let count = 0
    const render = (key: string, v: unknown, path: string, depth: number): ReactNode => {
      if (count >= MAX_NODES) return null
      if (q && !matches(key, v, match)) return null
      count++
      const label = key ? <span className="json-key">{highlight(key, q)}</span> : null
      if (v !== null && typeof v === 'object') {
        const entries = Object.entries(v)
        const isArray = Array.isArray(v)
        return (
          <li key={path}>
            <details open={depth < 2 || q !== ''}>
              <summary>
                {label}
                {label ? ': ' : ''}
                <span className="muted">
                  {isArray ? `[${entries.length}]` : `{${entries.length}}`}
                </span>
              </summary>
              <ul>{entries.map(([k, child]) => render(k, child, `${path}/${k}`, depth + 1))}</ul>
            </details>
          </li>
        )
      }
      const text = leafText(v)
      return (
        <li key={path}>
          {label}
          {label ? ': ' : ''}
          <span className={`json-${v === null ? 'null' : typeof v}`}>
            {/* A sensor's figures change with each message: a live box (components/LiveText). */}
            {typeof v === 'number' && !q ? <LiveText text={text} /> : highlight(shown(text), q)}
          </span>
          {text.length > JSON_LEAF_SHOWN_CHARS && (
            <span className="muted">
              {' '}
              {t('… {{n}} more characters', {
                n: formatCount(text.length - JSON_LEAF_SHOWN_CHARS),
              })}
            </span>
          )}
        </li>
      )
    }
    const tree = render('', value, '', 0)
    return { nodes: tree, drawn: count }
  }, [value, q, t])

  return (
    <div className="json-view">
      <input
        type="search"
        aria-label={t('Search in payload')}
        placeholder={t('Search keys and values')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {q && nodes === null && (
        <p className="muted">{t('No key or value contains “{{query}}”.', { query })}</p>
      )}
      {drawn >= MAX_NODES && (
        <p className="muted">
          {t('Showing the first {{n}} entries; search to narrow down.', {
            n: MAX_NODES.toLocaleString('en-US'),
          })}
        </p>
      )}
      <ul className="json-tree">{nodes}</ul>
    </div>
  )
}
