import { memo } from 'react'

/** Levels kept whole at the end of a cut topic: the part that tells siblings apart. */
export const TOPIC_TAIL_LEVELS = 2

/** Splits a topic into what may be cut (its start) and the last levels, which stay in view. */
export function splitTopic(topic: string): { head: string; tail: string } {
  let at = topic.length
  for (let i = 0; i < TOPIC_TAIL_LEVELS; i++) {
    const slash = at > 0 ? topic.lastIndexOf('/', at - 1) : -1
    if (slash < 0) return { head: '', tail: topic }
    at = slash
  }
  return { head: topic.slice(0, at + 1), tail: topic.slice(at + 1) }
}

/**
 * A topic in a narrow column, cut in the middle instead of at its end: the start shrinks to an
 * ellipsis first and the last levels stay visible ("demo/bu…/room3/temperature"), since topics
 * under one parent differ at their end. The text is the whole topic (copying it copies it all);
 * the caller puts the whole topic in a title. Needs a width from its container (CSS `.topic-text`).
 */
export const TopicText = memo(function TopicText({
  topic,
  className,
}: {
  topic: string
  className?: string
}) {
  const { head, tail } = splitTopic(topic)
  return (
    <span className={className ? `topic-text ${className}` : 'topic-text'}>
      {head && <span className="topic-head">{head}</span>}
      <span className="topic-tail">{tail}</span>
    </span>
  )
})
