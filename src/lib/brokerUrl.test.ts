import { describe, expect, it } from 'vitest'
import { generateClientId, validateBrokerUrl } from './brokerUrl'

describe('validateBrokerUrl', () => {
  it.each(['mqtt', 'mqtts', 'tcp', 'ssl', 'tls', 'MQTT'])(
    'says browsers cannot open %s:// and suggests ws://',
    (scheme) => {
      const reason = validateBrokerUrl(`${scheme}://broker:1883`)
      expect(reason).toContain(
        `Browsers cannot open ${scheme.toLowerCase()}:// connections; they speak MQTT only over WebSocket.`,
      )
      expect(reason).toContain('ws://host:port')
    },
  )

  it('suggests ws:// for an http:// URL, keeping the rest of the URL', () => {
    expect(validateBrokerUrl('http://broker:8083/mqtt')).toBe(
      'Use ws:// instead of http:// \u2014 MQTT in a browser runs over a WebSocket, e.g. ws://broker:8083/mqtt.',
    )
  })

  it('suggests wss:// for an https:// URL', () => {
    expect(validateBrokerUrl('https://broker.example:8084/mqtt')).toContain(
      'Use wss:// instead of https://',
    )
    expect(validateBrokerUrl('https://broker.example:8084/mqtt')).toContain(
      'e.g. wss://broker.example:8084/mqtt.',
    )
  })

  it('asks for a URL when the field is empty or blank', () => {
    expect(validateBrokerUrl('')).toMatch(/^Enter the broker’s WebSocket URL/)
    expect(validateBrokerUrl('   ')).toMatch(/^Enter the broker’s WebSocket URL/)
  })

  it.each(['hello', 'broker:9001', '127.0.0.1:9001', 'ftp://x'])(
    'says %s is not a WebSocket URL',
    (raw) => {
      expect(validateBrokerUrl(raw)).toBe(
        `"${raw}" is not a WebSocket URL. Use ws://host:port or wss://host:port/path, for example ws://127.0.0.1:9001.`,
      )
    },
  )

  it('says a ws:// URL that cannot be parsed is not a valid URL', () => {
    expect(validateBrokerUrl('ws://')).toBe(
      '"ws://" is not a valid URL. Use ws://host:port or wss://host:port/path.',
    )
    expect(validateBrokerUrl('ws://host:99999')).toMatch(/is not a valid URL/)
  })

  it('refuses ws:// from an https page as mixed content', () => {
    expect(validateBrokerUrl('ws://broker.example:9001', 'https:')).toMatch(
      /^This page was loaded over https, so the browser blocks unencrypted ws:\/\/ connections \(mixed content\)/,
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
