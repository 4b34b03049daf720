/**
 * Listeners by key: `emit(key)` calls only that key's listeners, so a frame that changed the log
 * does not wake the tree. Each key also has a version number for `useSyncExternalStore`.
 */
export class KeyedEmitter<K extends string> {
  #listeners = new Map<K, Set<() => void>>()
  #versions = new Map<K, number>()

  /** Adds a listener for `key`; returns its removal. */
  subscribe(key: K, listener: () => void): () => void {
    let set = this.#listeners.get(key)
    if (!set) {
      set = new Set()
      this.#listeners.set(key, set)
    }
    set.add(listener)
    return () => set.delete(listener)
  }

  /** A number that changes whenever `key` is emitted. */
  version(key: K): number {
    return this.#versions.get(key) ?? 0
  }

  /** Bumps the version of `key` and calls its listeners. */
  emit(key: K): void {
    this.#versions.set(key, this.version(key) + 1)
    const set = this.#listeners.get(key)
    if (set) for (const listener of [...set]) listener()
  }
}
