/**
 * MQTT reason codes in words a user can act on. CONNACK return codes of MQTT 3.1.1 (1-5) and
 * reason codes of MQTT 5 (>= 0x80) share one table because they do not overlap.
 */
const CONNACK: Record<number, string> = {
  1: 'Unsupported protocol version: the broker does not speak this MQTT version. Choose MQTT 3.1.1.',
  2: 'Client ID rejected: the broker does not accept this client id. Try another, or leave it empty for a generated one.',
  3: 'Server unavailable: the MQTT service is not available right now. Try again later.',
  4: 'Bad username or password: check the credentials.',
  5: 'Not authorized: the broker refused this client. Check the username and password (Mosquitto, among other brokers, answers a wrong password or a missing login this way), then the broker\u2019s access rules.',
  128: 'Unspecified error: the broker refused the connection without saying why.',
  129: 'Malformed packet: the broker could not parse the CONNECT packet.',
  130: 'Protocol error: the broker rejected the CONNECT packet.',
  131: 'Implementation specific error: the broker refused the connection (see its log).',
  132: 'Unsupported protocol version: the broker does not speak MQTT 5. Choose MQTT 3.1.1.',
  133: 'Client ID not valid: the broker does not accept this client id. Try another, or leave it empty.',
  134: 'Bad username or password: check the credentials.',
  135: 'Not authorized: the broker refused this client. Check the username and password (Mosquitto, among other brokers, answers a wrong password or a missing login this way), then the broker\u2019s access rules.',
  136: 'Server unavailable: the MQTT service is not available right now. Try again later.',
  137: 'Server busy: the broker is overloaded. Try again later.',
  138: 'Banned: the broker has banned this client.',
  140: 'Bad authentication method: the broker does not support the authentication method used.',
  149: 'Packet too large: the CONNECT packet exceeds what the broker accepts.',
  151: 'Quota exceeded: the broker\u2019s connection quota is used up.',
  153: 'Payload format invalid: the Will payload does not match its payload format indicator.',
  154: 'Retain not supported: the broker does not support a retained Will message.',
  155: 'QoS not supported: the broker does not support the Will message\u2019s QoS.',
  156: 'Use another server: the broker asks clients to connect elsewhere.',
  157: 'Server moved: the broker has moved permanently.',
  159: 'Connection rate exceeded: too many connection attempts. Wait a moment and try again.',
}

const DISCONNECT: Record<number, string> = {
  0: 'The broker closed the connection normally.',
  4: 'The broker closed the connection and published this client\u2019s Will.',
  128: 'The broker disconnected this client (unspecified error).',
  129: 'The broker disconnected this client: malformed packet.',
  130: 'The broker disconnected this client: protocol error.',
  131: 'The broker disconnected this client (implementation specific error).',
  135: 'The broker disconnected this client: not authorized.',
  137: 'The broker disconnected this client: server busy.',
  139: 'The broker is shutting down.',
  141: 'Keep-alive timeout: the broker heard nothing from this client within 1.5 \u00d7 keep alive.',
  142: 'Session taken over: another client connected with the same client id. Two clients sharing one id keep disconnecting each other; give each its own id.',
  143: 'The broker disconnected this client: topic filter invalid.',
  144: 'The broker disconnected this client: topic name invalid.',
  147: 'The broker disconnected this client: receive maximum exceeded.',
  148: 'The broker disconnected this client: topic alias invalid.',
  149: 'The broker disconnected this client: packet too large.',
  150: 'The broker disconnected this client: message rate too high.',
  151: 'The broker disconnected this client: quota exceeded.',
  152: 'The broker disconnected this client by administrative action.',
  153: 'The broker disconnected this client: payload format invalid.',
  154: 'The broker disconnected this client: retain not supported.',
  155: 'The broker disconnected this client: QoS not supported.',
  156: 'The broker asks this client to use another server.',
  157: 'The broker has moved.',
  158: 'The broker disconnected this client: shared subscriptions not supported.',
  159: 'The broker disconnected this client: connection rate exceeded.',
  160: 'The broker disconnected this client: maximum connect time reached.',
  161: 'The broker disconnected this client: subscription identifiers not supported.',
  162: 'The broker disconnected this client: wildcard subscriptions not supported.',
}

const SUBACK: Record<number, string> = {
  128: 'Refused by the broker (unspecified error, or not allowed by its access rules)',
  131: 'Refused by the broker (implementation specific error)',
  135: 'Not authorized: the broker\u2019s access rules forbid this filter',
  143: 'Topic filter invalid for this broker',
  145: 'Packet identifier in use',
  151: 'Quota exceeded',
  158: 'Shared subscriptions not supported by this broker',
  161: 'Subscription identifiers not supported by this broker',
  162: 'Wildcard subscriptions not supported by this broker',
}

/** Why a CONNACK refused the connection. */
export function connackReason(code: number): string {
  return CONNACK[code] ?? `The broker refused the connection (reason code ${code}).`
}

/** Why the broker sent an MQTT 5 DISCONNECT. */
export function disconnectReason(code: number): string {
  return DISCONNECT[code] ?? `The broker disconnected this client (reason code ${code}).`
}

/** Why a SUBACK refused one filter. */
export function subackReason(code: number): string {
  return SUBACK[code] ?? `Refused by the broker (reason code ${code})`
}

/** True when a CONNACK code means "this broker does not speak the MQTT version asked for". */
export function isProtocolVersionRefusal(code: number): boolean {
  return code === 1 || code === 132
}

/**
 * What a WebSocket failure before CONNACK most likely means. The browser reports every transport
 * failure (refused, not a WebSocket endpoint, untrusted certificate, ws against a wss port) as a
 * bare close with no detail, so the text lists the causes and what to check for each.
 */
export function transportFailureReason(url: string): string {
  let host = url
  let secure = false
  let path = '/'
  try {
    const u = new URL(url)
    host = u.host
    secure = u.protocol === 'wss:'
    path = u.pathname || '/'
  } catch {
    // keep the raw text
  }
  const paths = `Usual paths: /mqtt for EMQX and HiveMQ, / for Mosquitto, /ws for RabbitMQ (tried ${path}).`
  const causes = secure
    ? `or the port speaks plain ws:// rather than wss://, or the browser does not trust the broker\u2019s certificate (self-signed, expired or for another host name): open https://${host} in a tab once to inspect or accept it, then connect again.`
    : 'or the port expects wss:// (TLS) rather than ws://.'
  return `Could not reach an MQTT WebSocket endpoint at ${url}: the server is unreachable or refused the connection, the port or path is not an MQTT WebSocket listener, ${causes} ${paths}`
}
