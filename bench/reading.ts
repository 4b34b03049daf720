// The busy topic's payload: four moving numbers, as JSON (bench/json/0) or as protobuf
// (bench/pb/0, type bench.Reading of bench/bench.proto). Both carry the same values for the same
// sequence number, so the JSON and protobuf steps differ only in the encoding. Used by the
// publisher (its own process) and the seed of the app's saved schema (seed.ts).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import protobuf from 'protobufjs'

/** The .proto as the app gets it (saved schema set) and as the publisher encodes with it. */
export const PROTO_FILE = {
  name: 'bench.proto',
  text: readFileSync(
    path.join(path.dirname(fileURLToPath(import.meta.url)), 'bench.proto'),
    'utf8',
  ),
}
export const PROTO_TYPE = 'bench.Reading'
export const READING_FIELDS = ['t', 'h', 'p', 'c'] as const

export type Reading = Record<(typeof READING_FIELDS)[number], number>

/** Four fields that move, so each of the four chart series has a live line; 2 decimals. */
export function readingAt(seq: number): Reading {
  const f = (base: number, spread: number, period: number) =>
    Number((base + spread * Math.sin(seq / period)).toFixed(2))
  return { t: f(21, 3, 50), h: f(45, 10, 70), p: f(1013, 5, 90), c: f(600, 150, 110) }
}

/** The JSON busy payload, written as before (two decimals always shown): `{"t":21.00,…}`. */
export function readingJson(r: Reading): string {
  return `{${READING_FIELDS.map((k) => `"${k}":${r[k].toFixed(2)}`).join(',')}}`
}

/** An encoder of readings with protobufjs straight from bench.proto, as a device would have. */
export function readingEncoder(): (r: Reading) => Buffer {
  const type = protobuf.parse(PROTO_FILE.text, { keepCase: true }).root.lookupType(PROTO_TYPE)
  return (r) => Buffer.from(type.encode(type.fromObject(r)).finish())
}
