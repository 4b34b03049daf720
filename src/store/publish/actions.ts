/**
 * What the composer's buttons do, for connection `id`: publish (or queue), send a request, run
 * a repeat, test the Last Will. Every message goes to the connection it was composed on, never
 * to the one on screen; a queue empties when its OWN connection becomes connected.
 */
import { protobufForTopic, protoRefFor } from '../schemaStore'
import { MAX_QUEUE, MAX_REQUESTS_SHOWN } from '../../engine/budgets'
import { coded } from '../../lib/coded'
import { buildPublish, type BuildResult, type PublishDraft } from '../../mqtt/publishDraft'
import { composerInput } from '../../scripting/composerInput'
import { liveContext } from '../../mqtt/templateVars'
import type { PublishMessage } from '../../wire/mqtt'
import { connectionOf, useAppStore } from '../appStore'
import { onConnectionEvent } from '../bridge'
import { connect, onConnected } from '../lifecycle'
import { scriptById } from '../scriptStore'
import { channel } from '../sessions'
import { addOutcome, alertOn, composers, localId, patchRequest, type RepeatState } from './composer'
import { closedAfterPublish } from './dropCause'
import { addToHistory } from './library'

/** Characters of a reply's payload shown as text. */
const REPLY_SHOWN_CHARS = 200

function decodeReply(bytes: Uint8Array, size: number): string {
  const text = new TextDecoder('utf-8').decode(bytes.subarray(0, REPLY_SHOWN_CHARS))
  return size > REPLY_SHOWN_CHARS ? `${text}\u2026 (${size} bytes)` : text
}

function send(id: string, message: PublishMessage): void {
  // Remembered so that a connection the broker closes right after it is said to be about it.
  composers.patch(id, {
    lastSent: {
      topic: message.topic,
      size: message.payload.byteLength,
      qos: message.qos,
      retain: message.retain,
      at: Date.now(),
      connack: connectionOf(id)?.status.connack,
    },
  })
  channel()
    .call(id, 'publish', { message })
    .result.then((result) => addOutcome(id, message.topic, result))
    .catch(() => addOutcome(id, message.topic, { ok: false, reason: coded('session.closed') }))
}

/** Publishes connection `id`'s draft (or queues it); returns true when it was accepted. */
export function publish(id: string): boolean {
  const conn = connectionOf(id)
  if (!conn) return false
  const { draft, counter, file, encodeScriptId } = composers.get(id)
  // Format Script: the text is expanded and checked as text here; the worker's encode script
  // makes the bytes (a script never runs on the page), then the publish goes on as any other.
  const scripted = !file && draft.format === 'script'
  const script = scripted ? scriptById(encodeScriptId) : undefined
  if (scripted && !script) return alertOn(id, coded('script.noEncodeScript'), 'payload')
  // A loaded file goes out as its bytes: no format to encode with, no variables to expand.
  const built = buildPublish(
    file || scripted ? { ...draft, payload: file ? '' : draft.payload, format: 'text' } : draft,
    liveContext(counter),
    conn.status.protocolLevel ?? 5,
    protobufForTopic,
  )
  if (!built.ok) {
    composers.patch(id, { warnings: [] })
    return alertOn(id, built.error, built.field)
  }
  if (file) built.message = { ...built.message, payload: file.bytes }
  if (!script) return accept(id, built, draft, !file)
  const { topic } = built.message
  const input = composerInput(new TextDecoder().decode(built.message.payload))
  channel()
    .call(id, 'scriptEncode', { script, input, topic })
    .result.then(
      (r) => {
        if (!r.ok) alertOn(id, r.error, 'payload')
        else accept(id, { ...built, message: { ...built.message, payload: r.bytes } }, draft, true)
      },
      () => addOutcome(id, topic, { ok: false, reason: coded('session.closed') }),
    )
  return true
}

/** Sends (or queues) a built publish of connection `id`; `history` keeps its draft. */
function accept(
  id: string,
  built: Extract<BuildResult, { ok: true }>,
  draft: PublishDraft,
  history: boolean,
): boolean {
  const conn = connectionOf(id)
  if (!conn) return false
  const { queueWhileDisconnected, queue } = composers.get(id)
  const connected = conn.status.state === 'connected'
  if (!connected && !queueWhileDisconnected) {
    composers.patch(id, { warnings: built.warnings })
    return alertOn(id, coded('publish.notConnectedQueue'))
  }
  if (!connected && queue.length >= MAX_QUEUE)
    return alertOn(id, coded('publish.queueFull', { count: MAX_QUEUE }))
  composers.patch(id, (c) => ({
    counter: c.counter + 1,
    alert: undefined,
    alertField: undefined,
    closedNote: undefined,
    warnings: built.warnings,
    queue: connected
      ? c.queue
      : [...c.queue, { id: localId(), message: built.message, queuedAt: Date.now() }],
  }))
  // History keeps text drafts in localStorage; a file's bytes do not belong there, and an entry
  // without them would republish an empty payload.
  if (history) addToHistory(draft)
  if (connected) send(id, built.message)
  return true
}

/** Sends connection `id`'s draft as an MQTT 5 request and waits for the reply. */
export function sendRequest(id: string, timeoutMs: number): boolean {
  const conn = connectionOf(id)
  if (!conn) return false
  const { draft, counter } = composers.get(id)
  if (conn.status.state !== 'connected') return alertOn(id, coded('request.notConnected'))
  if (conn.status.protocolLevel !== 5) return alertOn(id, coded('request.needsV5'))
  if (!Number.isFinite(timeoutMs) || timeoutMs < 100 || timeoutMs > 3_600_000)
    return alertOn(id, coded('request.timeoutRange'))
  let props = draft.properties
  // A request needs somewhere to reply to and a unique key to pair the reply with.
  if (props.responseTopic.trim() === '' && draft.topic !== '')
    props = { ...props, responseTopic: `${draft.topic}/response` }
  const requestDraft: PublishDraft = {
    ...draft,
    properties: {
      ...props,
      correlationData: props.correlationData === '' ? '{{uuid}}' : props.correlationData,
    },
  }
  const built = buildPublish(requestDraft, liveContext(counter), 5, protobufForTopic)
  if (!built.ok) return alertOn(id, built.error, built.field)
  const message = built.message
  const call = channel().call(id, 'request', { message, timeoutMs })
  const correlation = new TextDecoder().decode(message.properties?.correlationData)
  composers.patch(id, (c) => ({
    counter: c.counter + 1,
    alert: undefined,
    alertField: undefined,
    warnings: built.warnings,
    draft: props === draft.properties ? c.draft : { ...c.draft, properties: props },
    requests: [
      {
        id: call.id,
        topic: message.topic,
        responseTopic: message.properties?.responseTopic ?? '',
        correlation,
        sentAt: Date.now(),
        state: 'sending' as const,
        timeoutMs,
      },
      ...c.requests,
    ].slice(0, MAX_REQUESTS_SHOWN),
  }))
  addToHistory(draft)
  call.result
    .then((r) => {
      addOutcome(id, message.topic, r)
      const entry = composers.get(id).requests.find((q) => q.id === call.id)
      if (!entry) return
      if (!r.ok) patchRequest(id, call.id, { state: 'failed', error: r.reason })
      else if (entry.state === 'sending') patchRequest(id, call.id, { state: 'waiting' })
    })
    .catch(() => patchRequest(id, call.id, { state: 'failed', error: coded('session.closed') }))
  return true
}

/** Starts a repeat of connection `id`'s draft in the worker. */
export function startRepeat(id: string, intervalMs: number, count: number | null): boolean {
  const conn = connectionOf(id)
  if (!conn) return false
  const { draft, counter, repeat } = composers.get(id)
  if (repeat && !repeat.done) return alertOn(id, coded('repeat.running'))
  if (!Number.isInteger(intervalMs) || intervalMs < 1 || intervalMs > 86_400_000)
    return alertOn(id, coded('repeat.interval'))
  if (count !== null && (!Number.isInteger(count) || count < 1 || count > 100_000_000))
    return alertOn(id, coded('repeat.count'))
  if (conn.status.state !== 'connected') return alertOn(id, coded('repeat.notConnected'))
  // Build once here so a mistake shows at once; the worker builds every message again.
  const trial = buildPublish(
    draft,
    liveContext(counter),
    conn.status.protocolLevel ?? 5,
    protobufForTopic,
  )
  if (!trial.ok) return alertOn(id, trial.error, trial.field)
  // The worker has no bindings: a protobuf repeat takes the type bound to its topic now.
  const ref = draft.format === 'protobuf' ? protoRefFor(trial.message.topic) : undefined
  const update = (p: Omit<RepeatState, 'id' | 'total' | 'intervalMs' | 'stopping'>) =>
    composers.patch(id, (c) => {
      if (!c.repeat || c.repeat.id !== call.id) return {}
      const next: RepeatState = { ...c.repeat, ...p }
      // The next repeat (or single publish) continues the count.
      return { repeat: next, ...(p.done ? { counter: c.counter + p.published } : {}) }
    })
  const call = channel().call(
    id,
    'repeat',
    { draft: ref ? { ...draft, protobuf: ref } : draft, intervalMs, count, counterStart: counter },
    { onProgress: update },
  )
  composers.patch(id, {
    alert: undefined,
    alertField: undefined,
    warnings: trial.warnings,
    repeat: {
      id: call.id,
      total: count,
      intervalMs,
      published: 0,
      succeeded: 0,
      failed: 0,
      done: false,
      stopping: false,
    },
  })
  addToHistory(draft)
  call.result
    .then(update)
    .catch(() =>
      composers.patch(id, (c) =>
        c.repeat?.id === call.id ? { repeat: { ...c.repeat, done: true } } : {},
      ),
    )
  return true
}

export function stopRepeat(id: string): void {
  const repeat = composers.get(id).repeat
  if (!repeat || repeat.done) return
  channel().cancel(repeat.id)
  composers.patch(id, { repeat: { ...repeat, stopping: true } })
}

/** Ends connection `id` so the broker publishes its Will; optionally reconnects after the delay. */
export function testWill(id: string, reconnect: boolean): void {
  composers.patch(id, { willNote: coded('will.testing') })
  channel()
    .call(id, 'testWill', {})
    .result.then((r) => {
      if (!r.ok || !reconnect) {
        composers.patch(id, { willNote: r.reason })
        return
      }
      // Reconnecting before the Will delay has passed would cancel the Will (MQTT 5
      // §3.1.3.2.2), so wait for it, and a second more.
      const waitMs = r.willDelaySeconds * 1000 + 1000
      composers.patch(id, {
        willNote: coded('will.reconnectingIn', {
          reason: r.reason,
          seconds: Math.round(waitMs / 1000),
        }),
      })
      setTimeout(() => {
        if (connectionOf(id)?.status.state !== 'disconnected') return
        connect(id)
        composers.patch(id, { willNote: coded('will.reconnected', { reason: r.reason }) })
      }, waitMs)
    })
    .catch(() => composers.patch(id, { willNote: coded('session.closed') }))
}

// A connection's queue goes out, in order, when THAT connection is up.
onConnected((id) => {
  const queue = composers.get(id).queue
  if (queue.length === 0) return
  composers.patch(id, { queue: [] })
  for (const q of queue) send(id, q.message)
})

// Replies and timeouts of requests, to the composer of the connection that sent them.
onConnectionEvent((id, event) => {
  switch (event.type) {
    case 'requestReply':
      patchRequest(id, event.reqId, {
        state: 'replied',
        rttMs: event.rttMs,
        reply: decodeReply(event.payload, event.size),
        late: event.late,
      })
      break
    case 'requestTimeout':
      patchRequest(id, event.reqId, { state: 'timeout' })
      break
    case 'status':
    case 'responder': // store/responderStore.ts
      break
  }
})

// A connection that was up and is lost right after a publish: its composer says the broker
// closed it after that publish, and why, probably (statuses reach the app store, not events).
useAppStore.subscribe((s, prev) => {
  if (s.connections === prev.connections) return
  for (const [id, conn] of Object.entries(s.connections)) {
    const before = prev.connections[id]
    if (!before || conn.status === before.status || before.status.state !== 'connected') continue
    const { lastSent } = composers.get(id)
    const note = closedAfterPublish(lastSent, conn.status, Date.now())
    if (note) composers.patch(id, { closedNote: note, lastSent: undefined })
  }
})
