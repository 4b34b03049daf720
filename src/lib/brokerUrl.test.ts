import { describe, expect, it } from 'vitest'
import { generateClientId, validateBrokerUrl } from './brokerUrl'
import { coded } from './coded'

describe('validateBrokerUrl', () => {
  it.each(['mqtt', 'mqtts', 'tcp', 'ssl', 'tls', 'MQTT'])(
    'says browsers cannot open %s:// and suggests ws://',
    (scheme) => {
      expect(validateBrokerUrl(`${scheme}://broker:1883`)).toEqual(
        coded('url.tcpScheme', { scheme: scheme.toLowerCase() }),
      )
    },
  )

  it('suggests ws:// for an http:// URL, keeping the rest of the URL', () => {
    expect(validateBrokerUrl('http://broker:8083/mqtt')).toEqual(
      coded('url.httpScheme', { scheme: 'http', ws: 'ws', url: 'ws://broker:8083/mqtt' }),
    )
  })

  it('suggests wss:// for an https:// URL', () => {
    expect(validateBrokerUrl('https://broker.example:8084/mqtt')).toEqual(
      coded('url.httpScheme', {
        scheme: 'https',
        ws: 'wss',
        url: 'wss://broker.example:8084/mqtt',
      }),
    )
  })

  it('asks for a URL when the field is empty or blank', () => {
    expect(validateBrokerUrl('')).toEqual(coded('url.empty'))
    expect(validateBrokerUrl('   ')).toEqual(coded('url.empty'))
  })

  it.each(['hello', 'broker:9001', '127.0.0.1:9001', 'ftp://x'])(
    'says %s is not a WebSocket URL',
    (raw) => {
      expect(validateBrokerUrl(raw)).toEqual(coded('url.notWebSocket', { url: raw }))
    },
  )

  it('says a ws:// URL that cannot be parsed is not a valid URL', () => {
    expect(validateBrokerUrl('ws://')).toEqual(coded('url.invalid', { url: 'ws://' }))
    expect(validateBrokerUrl('ws://host:99999')).toEqual(
      coded('url.invalid', { url: 'ws://host:99999' }),
    )
  })

  it('refuses ws:// from an https page as mixed content', () => {
    expect(validateBrokerUrl('ws://broker.example:9001', 'https:')).toEqual(
      coded('url.mixedContent'),
    )
  })

  it('accepts ws:// to a loopback broker from an https page, as browsers allow it', () => {
    expect(validateBrokerUrl('ws://127.0.0.1:9001', 'https:')).toBeUndefined()
    expect(validateBrokerUrl('ws://localhost:9001', 'https:')).toBeUndefined()
  })

  it('accepts wss:// from an https page', () => {
    expect(validateBrokerUrl('wss://broker.emqx.io:8084/mqtt', 'https:')).toBeUndefined()
  })

  it.each([
    'ws://127.0.0.1:9001',
    'ws://localhost',
    'wss://broker.emqx.io:8084/mqtt',
    ' ws://[::1]:9001/ws ',
  ])('accepts %s from an http page', (url) => {
    expect(validateBrokerUrl(url, 'http:')).toBeUndefined()
  })
})

describe('generateClientId', () => {
  it('makes ids of mqtt-scope- and 8 hex digits', () => {
    for (let i = 0; i < 50; i++) expect(generateClientId()).toMatch(/^mqtt-scope-[0-9a-f]{8}$/)
  })

  it('makes a different id each time', () => {
    const ids = new Set(Array.from({ length: 100 }, generateClientId))
    expect(ids.size).toBe(100)
  })
})
