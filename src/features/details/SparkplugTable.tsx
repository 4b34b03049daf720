import { formatSparkplugValue, type SparkplugPayload } from '../../codecs/sparkplug'

/** The metrics of a Sparkplug B payload, one row each (aliases resolved from the BIRTH). */
export function SparkplugTable({ payload }: { payload: SparkplugPayload }) {
  const unnamed = payload.metrics.filter((m) => !m.name && m.alias !== undefined).length
  return (
    <div className="sparkplug">
      <p className="muted">
        Sparkplug B{payload.seq !== undefined ? `, seq ${payload.seq}` : ''}
        {payload.timestamp !== undefined
          ? `, ${new Date(payload.timestamp).toISOString()}`
          : ''}, {payload.metrics.length} metric{payload.metrics.length === 1 ? '' : 's'}
        {unnamed > 0 ? `; ${unnamed} alias(es) without a BIRTH seen, shown by number` : ''}
      </p>
      <table aria-label="Sparkplug metrics">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Alias</th>
            <th scope="col">Type</th>
            <th scope="col">Value</th>
            <th scope="col">Timestamp</th>
          </tr>
        </thead>
        <tbody>
          {payload.metrics.map((m, i) => (
            <tr key={i}>
              <td>
                {m.name ?? <span className="muted">alias {m.alias ?? '?'}</span>}
                {m.nameFromBirth && <span className="muted"> (from BIRTH)</span>}
              </td>
              <td>{m.alias ?? ''}</td>
              <td>{m.datatypeName}</td>
              <td>{formatSparkplugValue(m)}</td>
              <td>{m.timestamp !== undefined ? new Date(m.timestamp).toISOString() : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
