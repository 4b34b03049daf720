import type { ConnMethod, ProgressOf, ReplyOf } from '../wire/channel'

/** The worker's handle on one call from the UI: its progress, its one reply, its cancellation. */
export interface CallContext<M extends ConnMethod> {
  readonly id: number
  /** Sends a progress value (long-running calls); ignored after the reply. */
  progress(value: ProgressOf<M>, transfer?: Transferable[]): void
  /** Sends the reply; only the first counts. */
  reply(value: ReplyOf<M>, transfer?: Transferable[]): void
  /** What to do when the UI cancels the call; the call must still reply. */
  onCancel(stop: () => void): void
}
