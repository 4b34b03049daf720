import { describe, expect, it } from 'vitest'
import { splitTopic } from './TopicText'

describe('splitTopic', () => {
  it('keeps the last two levels whole and puts the rest, with its slash, in the head', () => {
    expect(splitTopic('demo/building/floor1/room3/temperature')).toEqual({
      head: 'demo/building/floor1/',
      tail: 'room3/temperature',
    })
  })

  it('keeps a topic of one or two levels whole', () => {
    expect(splitTopic('temperature')).toEqual({ head: '', tail: 'temperature' })
    expect(splitTopic('room3/temperature')).toEqual({ head: '', tail: 'room3/temperature' })
  })

  it('keeps empty levels and a leading slash as they are', () => {
    expect(splitTopic('/a/b')).toEqual({ head: '/', tail: 'a/b' })
    expect(splitTopic('a//b')).toEqual({ head: 'a/', tail: '/b' })
    expect(splitTopic('a/b/')).toEqual({ head: 'a/', tail: 'b/' })
    expect(splitTopic('')).toEqual({ head: '', tail: '' })
  })
})
