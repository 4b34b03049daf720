// The protobuf step's saved state: the page has no DevTools client to set it up, and a protobuf
// chart series has no `chart=` link form, so the bench serves a small same-origin page
// (`/seed/<run>`) that writes what a user would have saved (the .proto schema set, the decoder
// binding of bench/pb/# to bench.Reading, and an open tab: broker, subscription `#`, one chart of
// the four protobuf fields) into localStorage, then replaces itself with the app. The app reads it
// through its own loaders at start (store/saved/{schemas,decoders,tabs}.ts), as after a reload.
import { schemaSetId } from '../src/codecs/protobufSchema.ts'
import { PB_TOPIC } from './config.ts'
import { PROTO_FILE, PROTO_TYPE, READING_FIELDS } from './reading.ts'

/** The decoder filter the seed binds; it matches PB_TOPIC and nothing the JSON step publishes. */
export const PB_FILTER = 'bench/pb/#'
const TAB_ID = 'bench-tab'
const CHART_ID = 'bench-chart'
/**
 * The first four of SERIES_COLORS (src/store/chartsStore.ts), the colours `addSeries` gives the
 * JSON step's four `chart=` series in order (a unit test keeps them equal). Not imported: that
 * module brings the app's stores along.
 */
export const SEED_COLORS = ['#2f7de1', '#e5484d', '#30a46c', '#c27803'] as const
/** The window a chart gets when the app adds it (chartsStore addChart), as the JSON step has. */
const CHART_WINDOW_MS = 60_000

/** localStorage key → stored text, in the app's envelope `{ version, data }`. */
export function seedEntries(brokerUrl: string): Record<string, string> {
  const files = [PROTO_FILE]
  const protobuf = { schemaId: schemaSetId(files), type: PROTO_TYPE }
  const envelope = (data: unknown) => JSON.stringify({ version: 1, data })
  return {
    'mqtt-scope.schemas': envelope({
      sets: [{ id: protobuf.schemaId, files }],
      bindings: [{ filter: PB_FILTER, ...protobuf }],
    }),
    'mqtt-scope.decoders': envelope({ bindings: [{ filter: PB_FILTER, format: 'protobuf' }] }),
    'mqtt-scope.tabs': envelope({
      tabs: [
        {
          id: TAB_ID,
          form: { url: brokerUrl, version: '5' },
          keepPassword: false,
          subscriptions: [{ filter: '#', qos: 0 }],
          charts: [
            {
              id: CHART_ID,
              series: READING_FIELDS.map((path, i) => ({
                source: { kind: 'value', topic: PB_TOPIC, path, protobuf },
                color: SEED_COLORS[i],
              })),
              windowMs: CHART_WINDOW_MS,
              axes: 'auto',
            },
          ],
        },
      ],
      shownId: TAB_ID,
    }),
  }
}

/**
 * The seed page: writes `entries` and goes on to `next` (same origin). `replace`, so the app's
 * history has no way back to the seed. JSON in a script: `<` is escaped so no text can end it.
 */
export function seedPage(entries: Record<string, string>, next: string): string {
  const data = JSON.stringify({ entries, next }).replace(/</g, '\\u003c')
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>mqtt-scope bench seed</title></head>
  <body>
    <p>Seeding the saved protobuf schema, decoder binding and chart layout…</p>
    <script>
      const { entries, next } = ${data}
      localStorage.clear()
      for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value)
      location.replace(next)
    </script>
  </body>
</html>
`
}
