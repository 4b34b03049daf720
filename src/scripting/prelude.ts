/**
 * JavaScript evaluated inside each script's sandbox before the script: the helpers a script may
 * use (console, utf8) and the marshalling the host calls through. It captures JSON, ArrayBuffer
 * and friends before user code runs, so a script that redefines them breaks only its own values,
 * and the host checks everything that comes out anyway.
 *
 * Values cross the boundary as one JSON string (one copy, parsed by the host's native JSON.parse)
 * plus ArrayBuffers for bytes, referenced from the JSON by a marker key. The common decode result
 * (no bytes, nothing logged) crosses as the bare string: one host call to read it.
 */
export const BYTES_MARKER = '\u0000bytes'

export interface PreludeLimits {
  logLines: number
  logLineChars: number
  resultMaxChars: number
}

export function preludeSource(limits: PreludeLimits): string {
  return `(() => {
'use strict';
const G = globalThis;
const stringify = JSON.stringify, parseJson = JSON.parse;
const isView = ArrayBuffer.isView, AB = ArrayBuffer, U8 = Uint8Array, Prom = Promise;
const freeze = Object.freeze, define = Object.defineProperty;
const MARK = ${JSON.stringify(BYTES_MARKER)};
const LINES = ${limits.logLines}, CHARS = ${limits.logLineChars}, MAX = ${limits.resultMaxChars};
let logs = [], dropped = 0;
const show = (v) => {
  if (typeof v === 'string') return v;
  try { const s = stringify(v, (k, x) => typeof x === 'bigint' ? String(x) : isView(x) ? '<' + x.byteLength + ' bytes>' : x); return s === undefined ? String(v) : s } catch (e) { return String(v) }
};
const log = (...args) => {
  if (logs.length >= LINES) { dropped++; return }
  let line = args.map(show).join(' ');
  if (line.length > CHARS) line = line.slice(0, CHARS) + '\\u2026';
  logs.push(line);
};
define(G, 'console', { value: freeze({ log, info: log, warn: log, error: log, debug: log }), enumerable: false });
const encode = (s) => {
  s = String(s);
  const out = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++ }
    }
    if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new U8(out);
};
const decode = (b) => {
  const bytes = b instanceof AB ? new U8(b) : isView(b) ? new U8(b.buffer, b.byteOffset, b.byteLength) : new U8(0);
  let s = '';
  for (let i = 0; i < bytes.length; ) {
    const a = bytes[i++];
    let c = 0xfffd, need = 0;
    if (a < 0x80) c = a;
    else if (a >= 0xc2 && a < 0xe0) { need = 1; c = a & 31 }
    else if (a >= 0xe0 && a < 0xf0) { need = 2; c = a & 15 }
    else if (a >= 0xf0 && a < 0xf5) { need = 3; c = a & 7 }
    let ok = true;
    for (let k = 0; k < need; k++) {
      const x = bytes[i];
      if (x === undefined || (x & 0xc0) !== 0x80) { ok = false; break }
      c = (c << 6) | (x & 63); i++;
    }
    if (!ok) c = 0xfffd;
    s += String.fromCodePoint(c);
  }
  return s;
};
define(G, 'utf8', { value: freeze({ encode, decode }), enumerable: false });
const kindOf = (v) => v === null ? 'null' : Array.isArray(v) ? 'array' : v instanceof Prom ? 'promise' : isView(v) || v instanceof AB ? 'bytes' : typeof v;
const marshal = (value) => {
  const buffers = [];
  const got = kindOf(value);
  const json = (got === 'function' || got === 'symbol' || got === 'promise') ? undefined : stringify(value, function (k, v) {
    if (typeof v === 'bigint') return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : String(v);
    if (v instanceof AB) { buffers.push(v.slice(0)); return { [MARK]: buffers.length - 1 } }
    if (isView(v)) { buffers.push(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength)); return { [MARK]: buffers.length - 1 } }
    if (typeof v === 'number' && !(v === v && v !== Infinity && v !== -Infinity)) return String(v);
    return v;
  });
  if (json !== undefined && json.length > MAX) { logs = []; dropped = 0; return { tooLarge: json.length } }
  if (json !== undefined && buffers.length === 0 && logs.length === 0) return json;
  const out = { json, buffers, logs, dropped, got };
  logs = []; dropped = 0;
  return out;
};
const flush = () => { const out = { logs, dropped }; logs = []; dropped = 0; return out };
let ns;
const fn = (name) => { const f = ns && ns[name]; if (typeof f !== 'function') throw new TypeError('\\u0000missing:' + name); return f };
const message = (metaJson, payload, corr) => {
  const meta = parseJson(metaJson);
  const bytes = new U8(payload);
  const properties = meta.properties || {};
  if (corr !== undefined) properties.correlationData = new U8(corr);
  let text, json, parsed = false;
  return {
    topic: meta.topic, payload: bytes, qos: meta.qos, retain: meta.retain, properties,
    get text() { if (text === undefined) text = decode(bytes); return text },
    get json() { if (!parsed) { parsed = true; try { json = parseJson(this.text) } catch (e) { json = undefined } } return json },
  };
};
define(G, '__mqttScope', { value: freeze({
  bind(namespace) { ns = namespace; const out = []; for (const k of ['decode', 'encode', 'respond']) if (typeof ns[k] === 'function') out.push(k); return out.join(',') },
  decode(ab, topic) { return marshal(fn('decode')(new U8(ab), topic)) },
  encode(inputJson, topic) { return marshal(fn('encode')(parseJson(inputJson), topic)) },
  respond(metaJson, payload, corr) { return marshal(fn('respond')(message(metaJson, payload, corr))) },
  flush,
}) });
})();
`
}
