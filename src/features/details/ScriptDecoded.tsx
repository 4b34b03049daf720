import { useEffect, useMemo, useState } from 'react'
import { numericLeaves } from '../../codecs/numeric'
import { JSON_LEAVES_LISTED } from '../../engine/budgets'
import { sourceHash } from '../../scripting/sourceHash'
import { chartActions } from '../../store/chartsStore'
import { useTranslation } from 'react-i18next'
import { useWord } from '../../i18n/word'
import { useDecoderStore } from '../../store/decoderStore'
import { decodeScriptFor, useScriptStore } from '../../store/scriptStore'
import { channel } from '../../store/sessions'
import type { ScriptDecodeReply } from '../../wire/scripts'
import { JsonTree } from './JsonTree'
import { LeafChartList } from './LeafChartList'

/**
 * The selected topic's payload as its bound decode script sees it (issue #16). The script runs
 * in the MQTT worker (the `scriptDecode` call), never on the page: a script that loops is
 * stopped there at its deadline and this shows why, for this message; the next message asks
 * again. The details render at most every DETAIL_EVERY_MS, so this asks at most that often.
 */
export function ScriptDecoded({
  connId,
  topic,
  payload,
  hex,
}: {
  connId: string
  topic: string
  payload: Uint8Array
  /** The payload as hex, shown when the script gives no value. */
  hex: string
}) {
  // Renders again when the bindings change; the script itself is a stable stored object.
  useDecoderStore((s) => s.bindings)
  const found = useScriptStore(() => {
    const f = decodeScriptFor(topic)
    return 'script' in f ? f.script : f.error
  })
  const [answer, setAnswer] = useState<{ payload: Uint8Array; reply: ScriptDecodeReply }>()
  const { t } = useTranslation('details')
  const word = useWord()
  const reply = answer?.payload === payload ? answer.reply : undefined
  const leaves = useMemo(
    () => (reply?.ok ? numericLeaves(reply.value, JSON_LEAVES_LISTED) : []),
    [reply],
  )

  useEffect(() => {
    if (!('source' in found)) return
    let live = true
    const { result } = channel().call(connId, 'scriptDecode', {
      script: found,
      payload,
      topic,
    })
    result.then(
      (reply) => {
        if (live) setAnswer({ payload, reply })
      },
      () => undefined, // the connection closed: nothing to show
    )
    return () => {
      live = false
    }
  }, [connId, topic, payload, found])

  if (!('source' in found))
    return (
      <>
        <p className="muted">{word(found)}</p>
        <pre className="payload kind-hex">{hex}</pre>
      </>
    )
  if (!reply)
    return <p className="muted">{t('Decoding with “{{script}}”…', { script: found.name })}</p>
  return (
    <div aria-label={t('Script value')} role="group">
      {reply.ok ? (
        <>
          <p className="muted">{t('Decoded by script “{{script}}”', { script: found.name })}</p>
          <JsonTree value={reply.value} />
          <LeafChartList
            topic={topic}
            leaves={leaves}
            onChart={(path) =>
              chartActions(connId).addSeries({
                kind: 'value',
                topic,
                path,
                script: {
                  scriptId: found.id,
                  sourceHash: sourceHash(found.source),
                  name: found.name,
                },
              })
            }
          />
        </>
      ) : (
        <>
          <p className="note warn" role="note">
            {word(reply.error)}
          </p>
          <pre className="payload kind-hex">{hex}</pre>
        </>
      )}
      {reply.logs.length > 0 && <pre className="script-logs">{reply.logs.join('\n')}</pre>}
    </div>
  )
}
