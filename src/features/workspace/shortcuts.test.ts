import { describe, expect, it } from 'vitest'
import { isTypingTarget, shortcutFor, type KeyContext, type KeyPress } from './shortcuts'

const key = (k: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
})
const idle: KeyContext = { typing: false, inLog: false }
const typing: KeyContext = { typing: true, inLog: false }
const inLog: KeyContext = { typing: false, inLog: true }

describe('shortcutFor', () => {
  it('maps the single keys when the focus is not in a text field', () => {
    expect(shortcutFor(key('?'), idle)).toEqual({ kind: 'help' })
    expect(shortcutFor(key('/'), idle)).toEqual({ kind: 'filterTopics' })
    expect(shortcutFor(key('a'), idle)).toBeUndefined()
  })

  it('leaves typed characters alone: "?", "/" and Ctrl+digit type text in a field', () => {
    expect(shortcutFor(key('?'), typing)).toBeUndefined()
    expect(shortcutFor(key('/'), typing)).toBeUndefined()
    expect(shortcutFor(key('1', { ctrlKey: true }), typing)).toBeUndefined()
    expect(shortcutFor(key(' '), { typing: true, inLog: true })).toBeUndefined()
  })

  it('opens the palette with Ctrl+K or ⌘K, also while typing', () => {
    expect(shortcutFor(key('k', { ctrlKey: true }), typing)).toEqual({ kind: 'palette' })
    expect(shortcutFor(key('K', { metaKey: true }), idle)).toEqual({ kind: 'palette' })
    expect(shortcutFor(key('k'), idle)).toBeUndefined()
  })

  it('switches connections with Ctrl+1..9 (index from 0), not Ctrl+0', () => {
    expect(shortcutFor(key('1', { ctrlKey: true }), idle)).toEqual({ kind: 'connection', index: 0 })
    expect(shortcutFor(key('9', { metaKey: true }), idle)).toEqual({ kind: 'connection', index: 8 })
    expect(shortcutFor(key('0', { ctrlKey: true }), idle)).toBeUndefined()
    expect(shortcutFor(key('1'), idle)).toBeUndefined()
  })

  it('pauses the log with Space only when the log has focus', () => {
    expect(shortcutFor(key(' '), inLog)).toEqual({ kind: 'toggleLogPause' })
    expect(shortcutFor(key(' '), idle)).toBeUndefined()
  })

  it('never takes Alt combinations (AltGr types characters) nor a held key', () => {
    expect(shortcutFor(key('k', { ctrlKey: true, altKey: true }), idle)).toBeUndefined()
    expect(shortcutFor(key('/', { altKey: true }), idle)).toBeUndefined()
    expect(shortcutFor(key('?', { repeat: true }), idle)).toBeUndefined()
  })
})

describe('isTypingTarget', () => {
  it('tells text fields from buttons and checkboxes', () => {
    const make = (html: string) => {
      document.body.innerHTML = html
      return document.body.firstElementChild
    }
    expect(isTypingTarget(make('<input type="text">'))).toBe(true)
    expect(isTypingTarget(make('<input type="search">'))).toBe(true)
    expect(isTypingTarget(make('<textarea></textarea>'))).toBe(true)
    expect(isTypingTarget(make('<select></select>'))).toBe(true)
    expect(isTypingTarget(make('<input type="checkbox">'))).toBe(false)
    expect(isTypingTarget(make('<button>x</button>'))).toBe(false)
    expect(isTypingTarget(make('<div tabindex="0"></div>'))).toBe(false)
    expect(isTypingTarget(null)).toBe(false)
  })
})
