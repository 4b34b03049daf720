import { topicMatches } from '../../engine/topicFilter'
import type { TopicIndex } from '../../store/TopicIndex'

const utf8 = new TextDecoder()

/** How many topics are tested between two looks at the clock. */
const CHECK_EVERY = 512

/**
 * The tree filter's matches over a topic index, computed in slices. `advance(deadline)` tests
 * topics until the deadline and can be called again to go on, so filtering 100 000 topics never
 * blocks the page for a long task; topics created later are tested as they come (only the new
 * ones). A filter with `+` or `#` is an MQTT topic filter; otherwise a case-insensitive substring
 * of the topic or (with `values`) of the last value preview.
 */
export class TreeFilter {
  readonly text: string
  readonly index: TopicIndex
  readonly values: boolean
  readonly #wildcard: boolean
  readonly #needle: string
  readonly #previewText: (id: number) => string
  #match = new Uint8Array(0)
  #forced = new Uint8Array(0)
  /** The nodes forced open, in the order they were found (prepareChildren walks them). */
  #forcedList: number[] = []
  /** How many of #forcedList have their children sorted. */
  #prepared = 0
  /** The next node id to test. */
  #next = 1
  matches = 0
  /** Bumped whenever a match was added: a view re-flattens only then. */
  version = 0

  constructor(
    index: TopicIndex,
    text: string,
    values = false,
    previewText?: (id: number) => string,
  ) {
    this.index = index
    this.text = text.trim()
    this.#wildcard = /[+#]/.test(this.text)
    this.#needle = this.text.toLowerCase()
    this.values = values && !this.#wildcard
    this.#previewText =
      previewText ??
      ((id: number) => {
        const bytes = index.previews[id]
        return bytes ? utf8.decode(bytes) : ''
      })
  }

  /** True when every topic the index holds now has been tested. */
  get done(): boolean {
    return this.#next > this.index.size
  }

  /** Tests topics until `deadline` (a `now()` value) or the end; returns `done`. */
  advance(deadline = Infinity, now: () => number = () => performance.now()): boolean {
    const index = this.index
    const size = index.size
    if (this.#match.length <= size) {
      const grown = (old: Uint8Array) => {
        const next = new Uint8Array(Math.max(1024, (size + 1) * 2))
        next.set(old)
        return next
      }
      this.#match = grown(this.#match)
      this.#forced = grown(this.#forced)
    }
    let id = this.#next
    while (id <= size) {
      const stop = Math.min(size, id + CHECK_EVERY - 1)
      for (; id <= stop; id++) {
        if (!this.#test(id)) continue
        this.#match[id] = 1
        this.matches++
        this.version++
        for (let p = index.parentOf(id); p > 0 && this.#forced[p] === 0; p = index.parentOf(p)) {
          this.#forced[p] = 1
          this.#forcedList.push(p)
        }
      }
      if (id <= size && now() >= deadline) break
    }
    this.#next = id
    return this.done
  }

  /** Topics tested so far (ids 1…tested). */
  get tested(): number {
    return this.#next - 1
  }

  /**
   * Sorts the children of the nodes this filter forces open (TopicIndex sorts a level's new
   * children lazily, when first asked), one level at a time until `deadline`; returns true when
   * all are sorted. Run between the scan and the render, so the render's flatten finds them
   * sorted: with 100 000 topics under one level, that sort and the flatten were one long task.
   */
  prepareChildren(deadline = Infinity, now: () => number = () => performance.now()): boolean {
    const list = this.#forcedList
    if (this.#prepared === 0) this.index.childrenOf(0)
    while (this.#prepared < list.length) {
      this.index.childrenOf(list[this.#prepared++]!)
      if (this.#prepared < list.length && now() >= deadline) return false
    }
    return true
  }

  /**
   * True when this filter shows exactly the topics `earlier` showed when it had tested as many:
   * both plain substring filters of topic names over the same index, this one's text contains
   * the earlier's (so it matches a subset of its topics) and both found as many. The view then
   * keeps its rows instead of flattening 100 000 again at each key of "bench/t/".
   */
  narrowsTo(earlier: { filter: TreeFilter; tested: number; matches: number }): boolean {
    const other = earlier.filter
    return (
      other.index === this.index &&
      !this.values &&
      !other.values &&
      !this.#wildcard &&
      !other.#wildcard &&
      this.tested === earlier.tested &&
      this.matches === earlier.matches &&
      this.#needle.includes(other.#needle)
    )
  }

  #test(id: number): boolean {
    const topic = this.index.topicOf(id)
    if (this.#wildcard) return topicMatches(this.text, topic)
    if (topic.toLowerCase().includes(this.#needle)) return true
    return (
      this.values &&
      (this.index.counts[id] ?? 0) > 0 &&
      this.#previewText(id).toLowerCase().includes(this.#needle)
    )
  }

  /** A node is shown: it matches, or a match lies below it. */
  shows(id: number): boolean {
    return this.#match[id] === 1 || this.#forced[id] === 1
  }

  /** A match lies below the node, so it is shown open. */
  forcesOpen(id: number): boolean {
    return this.#forced[id] === 1
  }
}
