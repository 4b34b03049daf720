/**
 * Checks a broker URL before connecting and says what to do when it cannot work from a browser.
 * Browsers speak MQTT only over WebSocket, and an https page may not open ws:// (mixed content).
 */
export function validateBrokerUrl(raw: string, pageProtocol = 'http:'): string | undefined {
  const url = raw.trim()
  if (url === '')
    return 'Enter the broker\u2019s WebSocket URL, for example ws://127.0.0.1:9001 or wss://broker.emqx.io:8084/mqtt.'
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase()
  if (scheme && ['mqtt', 'mqtts', 'tcp', 'ssl', 'tls'].includes(scheme)) {
    return `Browsers cannot open ${scheme}:// connections; they speak MQTT only over WebSocket. Use the broker\u2019s WebSocket listener instead: ws://host:port (for example ws://127.0.0.1:9001) or wss://host:port/mqtt.`
  }
  if (scheme === 'http' || scheme === 'https') {
    const ws = scheme === 'https' ? 'wss' : 'ws'
    return `Use ${ws}:// instead of ${scheme}:// \u2014 MQTT in a browser runs over a WebSocket, e.g. ${url.replace(/^https?/i, ws)}.`
  }
  if (scheme !== 'ws' && scheme !== 'wss') {
    return `"${url}" is not a WebSocket URL. Use ws://host:port or wss://host:port/path, for example ws://127.0.0.1:9001.`
  }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return `"${url}" is not a valid URL. Use ws://host:port or wss://host:port/path.`
  }
  if (!parsed.hostname) return 'The URL needs a host name, for example ws://127.0.0.1:9001.'
  // Browsers treat loopback as potentially trustworthy and allow ws://localhost from https.
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname)
  if (scheme === 'ws' && pageProtocol === 'https:' && !loopback) {
    return 'This page was loaded over https, so the browser blocks unencrypted ws:// connections (mixed content). Use the broker\u2019s wss:// listener, or open mqtt-scope over http.'
  }
  return undefined
}

/** A fresh client id: `mqtt-scope-` and 8 random hex digits. */
export function generateClientId(): string {
  const bytes = new Uint8Array(4)
  crypto.getRandomValues(bytes)
  return `mqtt-scope-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}
