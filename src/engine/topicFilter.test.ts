import { describe, expect, it } from 'vitest'
import { topicMatches, validateTopicFilter, validateTopicName } from './topicFilter'

describe('validateTopicFilter', () => {
  it.each(['#', 'a/#', '+/b', 'a/+/c', '$share/g/a/#', '/', 'a//b', '+', '+/+/#', '$SYS/#'])(
    'accepts %s',
    (filter) => {
      expect(validateTopicFilter(filter)).toBeUndefined()
    },
  )

  it('asks for a filter when the field is empty', () => {
    expect(validateTopicFilter('')).toBe('Enter a topic filter, for example sensors/# or #.')
  })

  it.each(['a/#/b', 'a#', '#a', 'a/b#', '#/'])(
    'says "#" must be the last whole level in %s',
    (filter) => {
      expect(validateTopicFilter(filter)).toBe(
        `"#" must be a whole level and the last one (like sensors/#), so "${filter}" is not a valid filter.`,
      )
    },
  )

  it.each(['a+', '+a', 'a/b+/c'])('says "+" must be a whole level in %s', (filter) => {
    expect(validateTopicFilter(filter)).toBe(
      `"+" must be a whole level (like sensors/+/temperature), so "${filter}" is not a valid filter.`,
    )
  })

  it.each(['$share//x', '$share/g', '$share', '$share/g/'])(
    'asks for a group and a filter in %s',
    (filter) => {
      expect(validateTopicFilter(filter)).toBe(
        'A shared subscription needs a group and a filter: $share/<group>/<filter>.',
      )
    },
  )

  it('refuses wildcards in a shared subscription group', () => {
    expect(validateTopicFilter('$share/g+/a')).toBe(
      'A shared subscription group may not contain + or #.',
    )
  })

  it('checks the filter after the shared subscription prefix', () => {
    expect(validateTopicFilter('$share/g/a/#/b')).toMatch(/^"#" must be a whole level/)
  })

  it('refuses the NUL character', () => {
    expect(validateTopicFilter('a/\u0000')).toBe(
      'A topic filter may not contain the NUL character.',
    )
  })

  it('measures the length limit in UTF-8 bytes, not characters', () => {
    // 'é' is two bytes: 32 768 of them are 65 536 bytes, one more than allowed.
    expect(validateTopicFilter('é'.repeat(32_767))).toBeUndefined()
    expect(validateTopicFilter('é'.repeat(32_768))).toBe(
      'A topic filter may be at most 65,535 bytes of UTF-8.',
    )
  })
})

describe('validateTopicName', () => {
  it('accepts plain topics, including empty levels and $ topics', () => {
    for (const topic of ['a', 'a/b/c', '/a', 'a//b', '$SYS/broker/uptime', 'héllo/wörld'])
      expect(validateTopicName(topic)).toBeUndefined()
  })

  it('asks for a topic when the field is empty', () => {
    expect(validateTopicName('')).toBe('Enter a topic to publish to.')
  })

  it.each(['a/+', 'a/#', '#', 'a+b'])('refuses the wildcard in %s', (topic) => {
    expect(validateTopicName(topic)).toBe('A publish topic may not contain the wildcards + or #.')
  })

  it('refuses the NUL character', () => {
    expect(validateTopicName('a\u0000b')).toBe('A topic may not contain the NUL character.')
  })

  it('refuses a topic longer than 65,535 bytes of UTF-8', () => {
    expect(validateTopicName('a'.repeat(65_535))).toBeUndefined()
    expect(validateTopicName('a'.repeat(65_536))).toBe(
      'A topic may be at most 65,535 bytes of UTF-8.',
    )
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
