import { describe, expect, it } from 'vitest'
import { coded } from '../lib/coded'
import { topicMatches, validateTopicFilter } from './topicFilter'

describe('validateTopicFilter', () => {
  it.each(['#', 'a/#', '+/b', 'a/+/c', '$share/g/a/#', '/', 'a//b', '+', '+/+/#', '$SYS/#'])(
    'accepts %s',
    (filter) => {
      expect(validateTopicFilter(filter)).toBeUndefined()
    },
  )

  it('asks for a filter when the field is empty', () => {
    expect(validateTopicFilter('')).toEqual(coded('filter.empty'))
  })

  it.each(['a/#/b', 'a#', '#a', 'a/b#', '#/'])(
    'says "#" must be the last whole level in %s',
    (filter) => {
      expect(validateTopicFilter(filter)).toEqual(coded('filter.hashLevel', { filter }))
    },
  )

  it.each(['a+', '+a', 'a/b+/c'])('says "+" must be a whole level in %s', (filter) => {
    expect(validateTopicFilter(filter)).toEqual(coded('filter.plusLevel', { filter }))
  })

  it.each(['$share//x', '$share/g', '$share', '$share/g/'])(
    'asks for a group and a filter in %s',
    (filter) => {
      expect(validateTopicFilter(filter)).toEqual(coded('filter.shareShape'))
    },
  )

  it('refuses wildcards in a shared subscription group', () => {
    expect(validateTopicFilter('$share/g+/a')).toEqual(coded('filter.shareGroup'))
  })

  it('checks the filter after the shared subscription prefix, naming the whole filter', () => {
    expect(validateTopicFilter('$share/g/a/#/b')).toEqual(
      coded('filter.hashLevel', { filter: '$share/g/a/#/b' }),
    )
  })

  it('refuses the NUL character', () => {
    expect(validateTopicFilter('a/\u0000')).toEqual(coded('filter.nul'))
  })

  it('measures the length limit in UTF-8 bytes, not characters', () => {
    // 'é' is two bytes: 32 768 of them are 65 536 bytes, one more than allowed.
    expect(validateTopicFilter('é'.repeat(32_767))).toBeUndefined()
    expect(validateTopicFilter('é'.repeat(32_768))).toEqual(coded('filter.tooLong'))
  })
})

describe('topicMatches', () => {
  it.each([
    ['sport/tennis/player1/#', 'sport/tennis/player1'],
    ['sport/tennis/player1/#', 'sport/tennis/player1/ranking'],
    ['sport/tennis/player1/#', 'sport/tennis/player1/score/wimbledon'],
    ['sport/#', 'sport'],
    ['#', 'sport/tennis'],
    ['#', '/'],
    ['sport/tennis/+', 'sport/tennis/player1'],
    ['sport/+', 'sport/'],
    ['+/+', '/finance'],
    ['/+', '/finance'],
    ['+', 'sport'],
    ['a/b', 'a/b'],
    ['a//b', 'a//b'],
    ['$SYS/#', '$SYS/broker/uptime'],
    ['$SYS/+/uptime', '$SYS/broker/uptime'],
    ['$share/group/sport/#', 'sport/tennis'],
    ['$share/group/+/tennis', 'sport/tennis'],
  ])('%s matches %s', (filter, topic) => {
    expect(topicMatches(filter, topic)).toBe(true)
  })

  it.each([
    ['sport/tennis/+', 'sport/tennis/player1/ranking'],
    ['sport/+', 'sport'],
    ['+', '/finance'],
    ['+', '$SYS/x'],
    ['#', '$SYS/x'],
    ['+/monitor/Clients', '$SYS/monitor/Clients'],
    ['$share/group/#', '$SYS/x'],
    ['a/b', 'a/b/c'],
    ['a/b/c', 'a/b'],
    ['a/b', 'A/b'],
    ['sport/#', 'sports'],
  ])('%s does not match %s', (filter, topic) => {
    expect(topicMatches(filter, topic)).toBe(false)
  })
})
