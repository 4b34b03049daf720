/**
 * Every accumulator in the app is bounded by a constant in this file, with its unit and why.
 * docs/architecture.md keeps a table of these values; change both together.
 * When a limit is hit the oldest entries are evicted and the number evicted is counted and shown.
 */

/** Rows kept in the message log on the main thread. The log is for recent traffic; export covers the rest. */
export const LOG_RING_ROWS = 10_000

/**
 * Log rows the worker holds between two frames. If the UI does not take a frame for this many
 * messages (a stalled or hidden tab), older pending rows are dropped and counted as
 * "Messages dropped". Tree counts and last values stay exact regardless.
 */
export const LOG_PENDING_ROWS = 10_000

/** Bytes of each payload carried to the UI for a log row or a tree preview (decoded on demand there). */
export const PREVIEW_BYTES = 256

/** Bytes of the selected topic's latest payload sent to the details view; beyond this it says "showing N of M". */
export const PAYLOAD_KEPT_BYTES = 1_048_576

/** Topic count at which the user is warned that the broker has a topic explosion. */
export const TOPICS_WARN = 100_000

/**
 * Hard cap on distinct topics (trie nodes) per connection, so a topic explosion cannot take the tab
 * down. Beyond it, messages on new topics are still counted in the totals but get no tree node;
 * the number of such messages is shown.
 */
export const TOPICS_HARD_CAP = 1_000_000

/** Window over which "Message rate" is averaged, in ms, and the bucket width that slides it. */
export const RATE_WINDOW_MS = 1_000
export const RATE_BUCKET_MS = 100

/** How often per-topic rates (msgs/s) are recomputed, in ms. A topic's rate is its count over this period. */
export const TOPIC_RATE_PERIOD_MS = 1_000

/**
 * Longest the worker waits before it re-checks for work while it holds a credit. Frames go out as
 * soon as there is a change and a credit; this only paces the idle tick that decays rates to zero.
 */
export const IDLE_TICK_MS = 250
