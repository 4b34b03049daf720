import { coded, type Coded } from './coded'

/**
 * Checks a broker URL before connecting and says, as a code (area `url`, worded by the view),
 * what to do when it cannot work from a browser. Browsers speak MQTT only over WebSocket, and an
 * https page may not open ws:// (mixed content).
 */
export function validateBrokerUrl(raw: string, pageProtocol = 'http:'): Coded | undefined {
  const url = raw.trim()
  if (url === '') return coded('url.empty')
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase()
  if (scheme && ['mqtt', 'mqtts', 'tcp', 'ssl', 'tls'].includes(scheme))
    return coded('url.tcpScheme', { scheme })
  if (scheme === 'http' || scheme === 'https') {
    const ws = scheme === 'https' ? 'wss' : 'ws'
    return coded('url.httpScheme', { scheme, ws, url: url.replace(/^https?/i, ws) })
  }
  if (scheme !== 'ws' && scheme !== 'wss') return coded('url.notWebSocket', { url })
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return coded('url.invalid', { url })
  }
  if (!parsed.hostname) return coded('url.noHost')
  // Browsers treat loopback as potentially trustworthy and allow ws://localhost from https.
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname)
  if (scheme === 'ws' && pageProtocol === 'https:' && !loopback) return coded('url.mixedContent')
  return undefined
}

/** A fresh client id: `mqtt-scope-` and 8 random hex digits. */
export function generateClientId(): string {
  const bytes = new Uint8Array(4)
  crypto.getRandomValues(bytes)
  return `mqtt-scope-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}
