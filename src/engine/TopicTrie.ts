/**
 * The topic index of one connection: a trie of topic levels with integer node ids, so counters
 * can live in typed arrays and frames can name topics by number. Node 0 is the root (no level).
 * A full-topic map makes the per-message lookup one hash probe instead of a walk.
 */
export class TopicTrie {
  #children: (Map<string, number> | undefined)[] = [undefined]
  #parent: Int32Array = new Int32Array(1024).fill(-1)
  #names: string[] = ['']
  #byTopic = new Map<string, number>()
  #inserted: number[] = []
  readonly #cap: number

  /** @param cap the most nodes (besides the root) this trie will hold; see TOPICS_HARD_CAP. */
  constructor(cap: number) {
    this.#cap = cap
  }

  /** Number of nodes, not counting the root. */
  get size(): number {
    return this.#names.length - 1
  }

  /** The node id of `topic`, creating the missing levels; -1 when the cap would be exceeded. */
  idOf(topic: string): number {
    const known = this.#byTopic.get(topic)
    if (known !== undefined) return known
    const levels = topic.split('/')
    let node = 0
    let depth = 0
    for (const level of levels) {
      const next = this.#children[node]?.get(level)
      if (next === undefined) break
      node = next
      depth++
    }
    if (this.size + levels.length - depth > this.#cap) return -1
    for (const level of levels.slice(depth)) {
      let kids = this.#children[node]
      if (kids === undefined) {
        kids = new Map()
        this.#children[node] = kids
      }
      const next = this.#add(node, level)
      kids.set(level, next)
      node = next
    }
    this.#byTopic.set(topic, node)
    return node
  }

  #add(parent: number, name: string): number {
    const id = this.#names.length
    this.#names.push(name)
    this.#children.push(undefined)
    if (id >= this.#parent.length) {
      const grown = new Int32Array(this.#parent.length * 2).fill(-1)
      grown.set(this.#parent)
      this.#parent = grown
    }
    this.#parent[id] = parent
    this.#inserted.push(id)
    return id
  }

  /** The node id of `topic` if it exists (messages or subtopics), without creating anything. */
  find(topic: string): number | undefined {
    const known = this.#byTopic.get(topic)
    if (known !== undefined) return known
    let node = 0
    for (const level of topic.split('/')) {
      const next = this.#children[node]?.get(level)
      if (next === undefined) return undefined
      node = next
    }
    return node
  }

  /** Parent id of a node (0 for top-level nodes, -1 for the root). */
  parentOf(id: number): number {
    return this.#parent[id] ?? -1
  }

  /** The level name of a node. */
  nameOf(id: number): string {
    return this.#names[id] ?? ''
  }

  /** The full topic of a node, rebuilt from its ancestors. */
  topicOf(id: number): string {
    const parts: string[] = []
    for (let n = id; n > 0; n = this.parentOf(n)) parts.push(this.nameOf(n))
    return parts.reverse().join('/')
  }

  /** Nodes created since the last call, in creation order (parents before children). */
  drainInserted(): number[] {
    const out = this.#inserted
    this.#inserted = []
    return out
  }
}
