/**
 * Over 400 lines on purpose: one list of every bound, each with its unit and why, read as a whole.
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

/** Bytes of the selected topic's latest payload sent to the details view (it shows DETAIL_SHOWN_BYTES of them as text). */
export const PAYLOAD_KEPT_BYTES = 1_048_576

/**
 * Bytes of a payload the details view shows as text, hex or base64; beyond this it says "showing
 * N of M" and "Download payload" has the whole of it. 64 KiB is about 1 500 lines of text or
 * 4 000 lines of hex: more than anyone reads on screen, and laid out in tens of milliseconds,
 * where the 1 MiB the worker sends took seconds as 3 million characters of hex (an e2e run with
 * a 5 MB binary payload on a busy machine waited over 10 s for the details to appear).
 */
export const DETAIL_SHOWN_BYTES = 65_536

/**
 * Largest payload the worker keeps whole as a topic's last value, so that "Download payload" gets
 * it even when it arrived before the topic was selected. 16 MiB is above the 5 MB a large
 * telemetry blob or firmware chunk usually is; beyond it the worker keeps PAYLOAD_KEPT_BYTES and
 * the details view says the payload was larger than this.
 */
export const LARGE_PAYLOAD_MAX_BYTES = 16 * 1_048_576

/**
 * Bytes of last values larger than PAYLOAD_KEPT_BYTES the worker keeps whole, over all topics.
 * When a new large payload does not fit, the oldest large last values (never the selected
 * topic's) are cut to PAYLOAD_KEPT_BYTES, and their details view says the budget cut them.
 */
export const LARGE_PAYLOADS_BUDGET_BYTES = 64 * 1_048_576

// Topic history (worker: src/engine/TopicHistory.ts)

/** Last messages kept per topic for the details view's "History" (the latest included). */
export const HISTORY_PER_TOPIC = 100
/** Payload bytes kept per topic in its history; older messages go first. */
export const HISTORY_TOPIC_BYTES = 256 * 1024
/**
 * Bytes of one message's payload kept in the history (larger ones keep these first bytes and
 * their real size, which the history shows). The full last payload stays downloadable.
 */
export const HISTORY_ENTRY_BYTES = 64 * 1024
/**
 * History entries over all topics: 100 000 busy topics share these, the oldest evicted first
 * (about 40 bytes of typed arrays per slot, 4 MB when full).
 */
export const HISTORY_MAX_ENTRIES = 100_000
/** Payload bytes of the history over all topics, the oldest evicted first. */
export const HISTORY_MAX_BYTES = 64 * 1_048_576
/**
 * Largest payload "Republish" puts into the publish composer: it is a textarea, and a binary
 * payload goes in as hex (three characters a byte); larger ones are refused with a message.
 */
export const REPUBLISH_MAX_BYTES = 256 * 1024

/**
 * Edge nodes and devices whose last Sparkplug B NBIRTH/DBIRTH the worker remembers, to resolve
 * the metric aliases of their NDATA/DDATA. The payloads are the topics' own kept copies (no extra
 * bytes while the BIRTH topic exists); beyond this the least recently born is forgotten and its
 * DATA shows aliases without names.
 */
export const SPARKPLUG_BIRTHS_KEPT = 10_000

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
 * soon as there is a change and a credit; this paces the idle tick that decays rates to zero
 * when no messages arrive (1000 / CHART_MAX_HZ).
 */
export const IDLE_TICK_MS = 50

/** Points kept per charted series (a ring): an hour at ~14 Hz, or 50 s at 1 000 samples/s. */
export const SERIES_RING_CAPACITY = 50_000

/**
 * Points a new value series takes at once from its topic's history (the details view's, which
 * keeps HISTORY_PER_TOPIC messages): a series added after messages arrived shows them instead of
 * starting empty. Bounds the parse work of adding a series (MAX_SERIES at once: 6 400 parses).
 */
export const CHART_BACKFILL_POINTS = 100

/**
 * Points sent to a chart per horizontal pixel: the min and the max of each pixel's bucket, so
 * spikes survive and SVG cost stays bounded by the chart's width, not by the data rate.
 */
export const CHART_POINTS_PER_PX = 2

/** Widest chart the worker downsamples for, in px (a chart never receives more than 2 × this). */
export const CHART_MAX_WIDTH_PX = 4_000

/**
 * Most chart updates per second, for a chart whose window moves a pixel in 50 ms or less (a short
 * window on a wide chart): redrawing faster would draw the same pixels.
 */
export const CHART_MAX_HZ = 20

/**
 * Chart updates per second with new points when the window moves slower than a pixel per 50 ms
 * (a minute on 600 px moves a pixel per 100 ms): the line, the newest value and the legend move
 * four times a second (a minute on 600 px in 2.5-px steps), on the same frames as the tree, the
 * log and the counters. Each frame costs the main thread about 5 ms on the bench's 2-core machine
 * whatever it changes (layout, layerize, paint: a traced 100 msgs/s frame took 5–6 ms, 1.1 of it
 * layerizing the page), so the page's frame rate sets most of its cost at everyday rates. At
 * 10 Hz with the counters the page drew twice as many frames: 100 msgs/s in the full view took
 * 9.3–10.0 % of a core, at 5 Hz 6.0 %; from 5 to 4 Hz (this, the counters, the rows and the
 * frames together) 100 msgs/s went from 5.1 to 4.3 % (runs 4.5–5.7 and 4.0–5.0) and 1 k msgs/s
 * from 5.2 to 4.6 % (`npm run bench`, app page, the two builds alternating, three rounds of two
 * runs each). What a person loses: a line that moves in 2.5-px steps instead of 2-px ones.
 */
export const CHART_CALM_HZ = 4

/**
 * Hysteresis of a chart's automatic y axes, a factor (no unit): series share an axis when their
 * magnitudes are within 10× (AXIS_RANGE_FACTOR), and a series leaves its axis only once its
 * group's magnitudes are more than 10 × this apart (20×). Without it a value hovering around a
 * boundary (a sensor between 95 and 105 next to one at 10) moved the line from axis to axis, and
 * the chart's height with it, as the readings crossed.
 */
export const AXIS_REGROUP_FACTOR = 2

// Render cadence: how often each panel may repaint (docs/architecture.md, "Which panel renders
// when, and why").
// Frames keep every figure exact; these only decide how often a person is shown them.

/**
 * Shortest time between two frames the worker sends, in ms (4 a second). Each frame costs the
 * main thread a message and one pass over the data whatever it carries, and the fastest panels
 * (counters, charts) repaint at 4 Hz (below), so more frames are pure cost. Shorter only while a
 * chart on screen moves a pixel in less (chartRedrawMs). A new selection or a connection's first
 * frame does not wait.
 */
export const FRAME_MIN_INTERVAL_MS = 250

/**
 * The header counters are written straight to the DOM at most this often, in ms (4 Hz, with the
 * charts and the rows): a count that moves four times a second still rolls, and a figure that
 * changes faster is not read faster. Each write is a layout of the page's header and a frame of
 * its own unless it falls with the others: equal to the frame interval, so a frame's counter
 * write falls in the frame it arrived in (at 10 Hz the counters and charts doubled the page's
 * frames, CHART_CALM_HZ has the cost).
 */
export const COUNTERS_EVERY_MS = 250

/**
 * The topic tree, the message log and the tabs' counts repaint their rows at most this often, in
 * ms (4 Hz): text that changes 1 000 times a second cannot be read faster, and a log that
 * brings its new rows four times a second still looks live. At 10 Hz they were a quarter of the
 * main thread's time at 100 msgs/s (layout, paint and React for rows nobody reads that fast: at
 * 4 Hz, 14.2 % → 11.6 % of a core measured with only this changed). They repaint only when a row
 * on screen (or the list's length) changed. A multiple of COUNTERS_EVERY_MS (equal to it), so
 * they repaint in a frame the counters draw anyway (with the counters at 100 ms, 250 ms put
 * every other repaint between two counter frames: two more frames a second, 12.7 layouts/s
 * instead of 10 in the bench's traced pass). Why 4 Hz and not 5: CHART_CALM_HZ.
 */
export const TEXT_ROWS_EVERY_MS = 250

/**
 * The message log repaints at most this often, in ms, while it is flooded: while its new rows
 * turn its screen over more than LOG_FLOOD_SCREENS_PER_S times a second, no row stays on screen
 * long enough to be read at any repaint rate, so the log shows the newest screenful once a second
 * (a still screen a person can glance at) and says so; Pause holds every row for reading. At
 * 100 msgs/s in the bench's full view (about 11 rows on screen) this took the main thread from
 * 11.0 % to 9.3–9.7 % of a core, and 1 k msgs/s from 11.5–12.2 % to 9.5–10.3 % (`npm run bench`
 * on one fresh clone, the builds before and after alternating twice, medians of three runs). A
 * multiple of TEXT_ROWS_EVERY_MS and on the ages' second (AGE_TICK_MS), so it adds no frame.
 */
export const LOG_FLOOD_EVERY_MS = 1_000

/**
 * Screenfuls of new log rows a second above which the log is flooded (LOG_FLOOD_EVERY_MS); it
 * stops being flooded below half of this, so a rate near the line does not flip it every second.
 */
export const LOG_FLOOD_SCREENS_PER_S = 1

/**
 * The ages on screen ("now", "< 1 min ago", "2 min ago") are checked this often, in ms, with no
 * render: text written into the rows shown, at the page's whole second, only when an age steps
 * (ageParts: at 1 s, at 1 min, then each minute). No age counts seconds, so an idle page lays out
 * nothing between the steps.
 */
export const AGE_TICK_MS = 1_000

/**
 * The details of the selected topic repaint at most this often, in ms (1.3 Hz, every third frame
 * of the rows): a whole decoded payload, its JSON tree and history, which nobody reads at even
 * 4 changes a second; the tree's
 * row and the charts show a busy value's movement. The worker sends the selected topic's detail
 * at the same pace (a new selection at once). A multiple of TEXT_ROWS_EVERY_MS, so the details
 * repaint in a frame the rows repaint in anyway.
 */
export const DETAIL_EVERY_MS = 750

/**
 * A one-off outcome note ("Exported N rows…", "Recorded N messages…") stays on screen this long,
 * in ms (or until the next action in its toolbar): long enough to read twice, and then it no
 * longer says something about an old action as if it were current.
 */
export const NOTE_SHOWN_MS = 8_000

/**
 * Work per slice when the tree filter scans all topics, sorts the levels it opens and flattens its
 * rows, in ms: a slice then yields to the browser, so typing in the filter with 100 000 topics
 * never blocks the page for a long task (> 50 ms). One level's sort is one piece of work.
 */
export const FILTER_SLICE_MS = 8

/**
 * The "this tab is at its limit" signal: the broker's own drop counter rose while this tab
 * received at least this many msgs/s, steady (see TAB_LIMIT_FLAT), in two reports in a row.
 * Below it a rising broker drop count is another client's problem, not this tab's ceiling.
 */
export const TAB_LIMIT_MIN_RATE = 1_000
/** "Steady": the received rate of two broker reports differs by at most this fraction. */
export const TAB_LIMIT_FLAT = 0.2
/** The signal goes away when the broker reported no new drop for this long, in ms. */
export const TAB_LIMIT_HOLD_MS = 15_000
/**
 * How often the app asks again for the broker's drop count, in ms (src/mqtt/brokerDrops.ts): the
 * count's own updates queue behind the traffic it counts and are dropped with it in an overload,
 * so a fresh SUBSCRIBE brings the retained latest value. Only brokers that publish it are asked.
 */
export const BROKER_DROPS_REFRESH_MS = 5_000

/** Most series that can be charted at once per connection (each holds a SERIES_RING_CAPACITY ring). */
export const MAX_SERIES = 64

/**
 * Characters of one JSON string value the details' JSON tree shows; the rest is counted ("… 1.2 M
 * more characters"). A base64 blob inside a JSON message can be a megabyte in one value, and one
 * text node of a million characters takes seconds to lay out.
 */
export const JSON_LEAF_SHOWN_CHARS = 2_000

/** Numeric leaves listed for one JSON payload in the details view. */
export const JSON_LEAVES_LISTED = 200

// Publishing (worker: src/mqtt/outbox.ts, requests.ts, repeats.ts)

/** Requests waiting for a reply at once; more are refused. */
export const MAX_PENDING_REQUESTS = 1_000
/** Timed-out requests remembered so that a late reply is still paired and marked late. */
export const MAX_LATE_REQUESTS = 256
/** Bytes of a reply's payload sent to the UI. */
export const REPLY_PREVIEW_BYTES = 4_096
/**
 * QoS 1/2 messages of a repeat awaiting their acknowledgement; a tick that finds this many waits
 * for the next one instead of piling more onto a slow broker.
 */
export const REPEAT_MAX_IN_FLIGHT = 1_000
/** A repeat's progress goes to the UI at most this often (plus once at the end), in ms. */
export const REPEAT_PROGRESS_MS = 100
/** The shortest repeat interval, in ms. */
export const REPEAT_MIN_INTERVAL_MS = 1

// Publishing (UI: src/store/publishStore.ts)

/** Publish history entries kept (and persisted); the oldest goes first. */
export const MAX_HISTORY = 50
/**
 * Characters of payload a history entry keeps. Larger payloads are not stored (localStorage holds
 * ~5 MB for the whole origin); the entry says so and keeps everything else.
 */
export const HISTORY_PAYLOAD_MAX_CHARS = 16_384
/** Saved templates; saving one more is refused with a message. */
export const MAX_TEMPLATES = 200
/** Publish results shown (newest first). */
export const MAX_RESULTS = 20
/** Requests shown (newest first); the worker bounds the ones waiting. */
export const MAX_REQUESTS_SHOWN = 20
/** Publishes queued while disconnected; more are refused. */
export const MAX_QUEUE = 100
/**
 * A connection lost this soon after a publish is said, in the composer, to have been closed by
 * the broker after that publish (with the likely reason), in ms. A broker that refuses a QoS 0
 * publish (a `$` topic, too many topic levels, too large) closes the connection at once: seen at
 * a few ms on loopback; 2 s leaves room for a remote broker without blaming an unrelated drop.
 */
export const PUBLISH_DROP_WINDOW_MS = 2_000
/**
 * Characters of payload the composer edits in a live textarea. Above it the payload shows as its
 * size and a preview: a 5 MB controlled textarea took 8.4 s to fill and 2.7 s per keystroke.
 * Equal to REPUBLISH_MAX_BYTES, so "Open in composer" still opens an editable payload.
 */
export const COMPOSER_TEXT_MAX_CHARS = 256 * 1024
/** Bytes of a large or loaded payload shown as its preview in the composer. */
export const COMPOSER_PREVIEW_BYTES = 1_024
/**
 * Largest file the composer loads as a payload, in bytes. The file is held in the page and
 * copied once to the worker per publish; brokers' own limits are lower (Mosquitto's default
 * message_size_limit is 256 MB, many clouds 128 KB to 1 MB), so a larger one is refused at once.
 */
export const PUBLISH_FILE_MAX_BYTES = 64 * 1_048_576
/**
 * Single publishes the worker remembers to mark their echo ("sent by you") when a subscription of
 * the same connection delivers them back; the oldest is forgotten first.
 */
export const OWN_ECHO_MAX = 32
/** How long a publish waits for its echo before it is forgotten, in ms. */
export const OWN_ECHO_WINDOW_MS = 10_000
/**
 * Payload bytes the waiting publishes may hold (references to the worker's copy of each message);
 * beyond it the oldest is forgotten, the newest always waits.
 */
export const OWN_ECHO_MAX_BYTES = 16 * 1_048_576

// Message log: filter and "Record" (UI: src/features/messages/, worker: src/mqtt/recorder.ts)

/**
 * Characters of NDJSON the worker gathers while recording before it sends them to the UI as one
 * chunk. Together with RECORD_FLUSH_MS this bounds what a recording holds in the worker: one
 * chunk (or one message, when a single payload is larger).
 */
export const RECORD_CHUNK_CHARS = 256 * 1024
/** Longest a recorded message waits in the worker before its chunk is sent, in ms. */
export const RECORD_FLUSH_MS = 250
/**
 * Bytes a recording may reach when the browser has no file picker (File System Access API) and
 * the file is gathered in memory until it is downloaded on stop. Beyond this the recording stops
 * and is saved, and the status says why.
 */
export const RECORD_DOWNLOAD_MAX_BYTES = 512 * 1_048_576

// Retained messages (worker: src/mqtt/retainedScan.ts, retainedClear.ts)

/**
 * Longest a retained scan runs, in ms. The broker sends every retained message right after
 * SUBACK, so a scan normally ends on RETAINED_SCAN_QUIET_MS; this stops a broker that keeps
 * sending (a filter that also matches a busy live topic cannot keep it open, but a huge store can).
 */
export const RETAINED_SCAN_MAX_MS = 60_000
/** A scan ends when no retained message arrived for this long after SUBACK, in ms. */
export const RETAINED_SCAN_QUIET_MS = 1_000
/**
 * Payload bytes one scan collects. The scan is the backup that "Undo" republishes, so it keeps
 * whole payloads; beyond this it stops and says the list is incomplete.
 */
export const RETAINED_SCAN_MAX_BYTES = 64 * 1_048_576
/** Retained topics one scan collects (each costs an object and a map entry besides its bytes). */
export const RETAINED_SCAN_MAX_TOPICS = 100_000
/** QoS 1/2 publishes of a clear or an undo awaiting their acknowledgement at once. */
export const RETAINED_MAX_IN_FLIGHT = 100
/**
 * A clear or undo whose broker acknowledged nothing for this long stops and reports the rest as
 * failed, instead of hanging on a broker that went silent, in ms.
 */
export const RETAINED_ACK_TIMEOUT_MS = 30_000
/** Progress of a scan, clear or undo goes to the UI at most this often, in ms. */
export const RETAINED_PROGRESS_MS = 100
/**
 * "Clear all N retained" asks to confirm when N is above this. Its Undo lives in the page's memory
 * (until the page is left or reloaded), so a bulk clear of more than a handful asks first.
 */
export const RETAINED_CONFIRM_ABOVE = 10
/**
 * Panel layouts kept per broker URL / profile in localStorage; the least recently changed ones
 * go first beyond this, so typing many URLs never grows the storage without bound.
 */
export const MAX_SAVED_LAYOUTS = 50

// Broker check (worker: src/brokercheck/). Two sets of deadlines: a loopback broker answers in
// milliseconds, so its deadlines stay short and a whole check ends in well under 30 s; a remote
// one gets room for the network. A deadline bounds a wait for something that should come (a
// CONNACK, a SUBACK, a delivery); absence is never judged by time alone but by a later "fence"
// message on the same path.

/** A whole broker check, in ms; checks not started by then are skipped and say so. */
export const BROKER_CHECK_MAX_MS = 180_000
/** One check, in ms: it fails with "timed out" beyond this (its own deadlines normally end it first). */
export const BROKER_CHECK_ONE_MAX_MS = 60_000
/** Checks that run at once in the concurrent phase (semantics, MQTT 5 features, small limits). */
export const BROKER_CHECK_CONCURRENCY = 4
/**
 * MQTT clients of one broker check open at once (4 concurrent checks use at most 3 each, plus
 * cleanup); opening more fails that check instead of crowding the broker.
 */
export const BROKER_CHECK_MAX_CLIENTS = 16
/** Connects timed for the WebSocket-open and CONNACK percentiles (one after another). */
export const BROKER_CHECK_CONNECTS = 5
/** Messages sent per QoS by the delivery checks, back to back. */
export const BROKER_CHECK_DELIVERY_MESSAGES = 20
/**
 * QoS 1/2 publishes of one check client awaiting their acknowledgement at once; never more than
 * the broker's MQTT 5 receive maximum (HiveMQ announces 10), which MQTT.js does not enforce.
 */
export const BROKER_CHECK_MAX_IN_FLIGHT = 20
/** Messages sent to a shared subscription of two clients. */
export const BROKER_CHECK_SHARED_MESSAGES = 20
/** Deliveries one check client keeps for inspection (throughput clients only count); more are counted. */
export const BROKER_CHECK_MESSAGES_KEPT = 2_000
/** Evidence lines kept per check (packets sent and received, compact); more are counted. */
export const BROKER_CHECK_EVIDENCE_LINES = 60
/**
 * Waiting for a CONNACK, in ms (loopback / remote). Generous: an answer ends the wait at once, and
 * only a missing answer waits this long (a loaded machine may take seconds on loopback).
 */
export const BROKER_CHECK_CONNECT_MS_LOOPBACK = 5_000
export const BROKER_CHECK_CONNECT_MS_REMOTE = 10_000
/** Waiting for an acknowledgement or an expected delivery, in ms (loopback / remote); as above. */
export const BROKER_CHECK_REPLY_MS_LOOPBACK = 5_000
export const BROKER_CHECK_REPLY_MS_REMOTE = 8_000
/** Waiting for the retained `$SYS/broker/version`, in ms (loopback / remote). */
export const BROKER_CHECK_SYS_MS_LOOPBACK = 1_000
export const BROKER_CHECK_SYS_MS_REMOTE = 3_000
/** Will delay asked for on MQTT 5, in s; an arrival sooner than 80 % of it counts as not delayed. */
export const BROKER_CHECK_WILL_DELAY_S = 1
/**
 * Session expiry of the persistent sessions the check creates, in s: cleanup ends them at once,
 * and if cleanup cannot (the network went away) the broker drops them after this.
 */
export const BROKER_CHECK_SESSION_EXPIRY_S = 60
/** Message expiry of the expiry check's retained message, in s, and how long it then waits, in ms. */
export const BROKER_CHECK_MESSAGE_EXPIRY_S = 1
export const BROKER_CHECK_MESSAGE_EXPIRY_WAIT_MS = 2_200
/**
 * Payload sizes tried over this WebSocket, smallest first, in bytes; the ladder stops at the
 * first size that does not arrive. 16 MiB is the app's largest kept payload.
 */
export const BROKER_CHECK_PAYLOAD_LADDER = [
  1_024, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216,
] as const
/** Top of the payload ladder when traffic-heavy checks are off (public brokers by default). */
export const BROKER_CHECK_PAYLOAD_MODEST_BYTES = 65_536
/**
 * Deadline of one payload step, from its publish to its arrival: a base plus the size at a minimum
 * rate (loopback / remote), in ms and bytes per second. Slower than that is a stall for a user.
 * On loopback 16 MiB gets 11 s (Aedes needed ~7 s on a machine loaded 15x); Debian mosquitto
 * 2.0.11's WebSocket, at ~40 KB/s here, gets 64 KiB through and stops at 256 KiB.
 */
export const BROKER_CHECK_PAYLOAD_BASE_MS_LOOPBACK = 3_000
export const BROKER_CHECK_PAYLOAD_BASE_MS_REMOTE = 5_000
export const BROKER_CHECK_PAYLOAD_RATE_LOOPBACK = 2 * 1_048_576
export const BROKER_CHECK_PAYLOAD_RATE_REMOTE = 1_048_576
/** Topic lengths tried, in bytes of the whole topic (65 535 is MQTT's maximum). */
export const BROKER_CHECK_TOPIC_LENGTHS = [128, 1_024, 8_192, 65_535] as const
/** Topic levels tried (the whole topic, prefix included); Aedes stops at 100, Mosquitto at 200. */
export const BROKER_CHECK_TOPIC_LEVELS = [16, 64, 128, 256, 1_024] as const
/** Client id lengths tried, in characters (23 is what MQTT 3.1.1 guarantees; 65 535 its maximum). */
export const BROKER_CHECK_CLIENT_ID_LENGTHS = [23, 64, 256, 1_024, 65_535] as const
/** Payload bytes one check publishes in all (traffic-heavy allowed / not). */
export const BROKER_CHECK_TRAFFIC_BYTES_HEAVY = 64 * 1_048_576
export const BROKER_CHECK_TRAFFIC_BYTES_LIGHT = 4 * 1_048_576
/** Throughput check (opt-in): how long it sends, in ms. */
export const BROKER_CHECK_THROUGHPUT_MS = 3_000
/** Throughput check: the most it offers, in msgs/s (the browser tab's ceiling is ~25 k). */
export const BROKER_CHECK_THROUGHPUT_MAX_RATE = 20_000
/** Throughput check: messages sent but not yet back before it waits (keeps broker queues short). */
export const BROKER_CHECK_THROUGHPUT_WINDOW = 1_000
/** Targets one "copy a link" of a broker check carries (the side-by-side view compares as many). */
export const BROKER_CHECK_LINK_TARGETS = 8
/** Removing the retained messages and sessions a check created, in ms (also after a cancel). */
export const BROKER_CHECK_CLEANUP_MS = 10_000
/**
 * Past broker checks kept in the browser (`mqtt-scope.brokerChecks`), newest first; the oldest
 * goes when one more is added. Evidence is not kept for them (it is only for the run on screen),
 * so each costs a few KB of localStorage.
 */
export const BROKER_CHECK_HISTORY = 20

// Your own payloads: .proto schemas (src/codecs/protobufSchema.ts) and scripts (src/scripting/)

/**
 * Characters of one .proto file the app accepts (pasted or picked). A hand-written schema is a
 * few KiB; 1 MiB admits generated ones and stops a wrong file (a log, a binary) from being parsed
 * and persisted.
 */
export const PROTO_FILE_MAX_CHARS = 1_048_576
/** .proto files in one schema set (a set is the files one binding's imports can reach). */
export const PROTO_FILES_PER_SET = 64
/**
 * Compiled schema sets kept (least recently used first out). Compiling costs milliseconds and
 * generated code per type; a cache hit costs a hash of the texts. Bindings share a set by content.
 */
export const PROTO_COMPILED_SETS = 16
/**
 * Schema sets kept in the browser (`mqtt-scope.schemas`). Each holds its .proto texts in
 * localStorage, whose few MiB are shared with everything else; adding one more is refused.
 */
export const PROTO_SAVED_SETS = 16

/**
 * Longest one script call (decode, encode, respond) may run, in ms. QuickJS's interrupt handler
 * stops it there with `script.timeout`; a decoder for a 1 k msgs/s topic needs microseconds, so
 * 50 ms is far above honest work and still short enough that a runaway cannot stall the worker.
 */
export const SCRIPT_CALL_DEADLINE_MS = 50
/** Longest a script's top level (its module body, run once when it is loaded) may run, in ms. */
export const SCRIPT_LOAD_DEADLINE_MS = 1_000
/**
 * Script time per SCRIPT_BUDGET_WINDOW_MS: a script that used this much in the current window is
 * not called again until the next one (those messages are counted as skipped, with a coded note),
 * so a script that is merely slow on a busy topic cannot take the worker's whole core.
 */
export const SCRIPT_BUDGET_MS_PER_WINDOW = 250
/** The window SCRIPT_BUDGET_MS_PER_WINDOW is counted over, in ms. */
export const SCRIPT_BUDGET_WINDOW_MS = 1_000
/**
 * WebAssembly memory of one script's engine (a QuickJS instance of its own), in bytes. The
 * memory is created with this maximum, so an allocation beyond it fails inside the script as
 * "out of memory" whatever the engine counts. QuickJS's build needs 16 MiB to start, so a script
 * has about 32 MiB for its own data.
 */
export const SCRIPT_MEMORY_BYTES = 48 * 1_048_576
/**
 * QuickJS stack of one script, in bytes: deep recursion stops with `script.stackOverflow` before
 * it can exhaust the host thread's own stack. Measured in a Chromium 156 dedicated worker: 192 KiB
 * still stops cleanly (about 1 000 nested calls), 256 KiB overflows the worker's stack first (the
 * engine is then restarted, `script.crashed`); Node's main thread took 256 KiB but not 512 KiB.
 * 128 KiB (about 680 nested calls) keeps a margin for the depth the host itself calls from.
 */
export const SCRIPT_STACK_BYTES = 128 * 1024
/** Characters of one script's source. */
export const SCRIPT_SOURCE_MAX_CHARS = 256 * 1024
/** Scripts loaded at once (each holds its own engine and at least 16 MiB of reserved memory). */
export const SCRIPTS_LOADED_MAX = 16
/** Characters of one call's result (its JSON form); larger results are refused with a code. */
export const SCRIPT_RESULT_MAX_CHARS = 1_048_576
/** console.log lines kept per call, and characters per line; the rest is counted, not kept. */
export const SCRIPT_LOG_LINES = 20
export const SCRIPT_LOG_LINE_CHARS = 500

/**
 * Publishes a responder may send per second (a token bucket refilled at this rate), and the burst
 * it may send at once. A responder that answers its own filter would otherwise loop at wire speed.
 * Publishes over the budget are dropped and counted in the responder's log.
 */
export const RESPONDER_PUBLISHES_PER_S = 10
export const RESPONDER_BURST = 20
/** Publishes one respond() call may return; more is a wrong shape. */
export const RESPONDER_PUBLISHES_PER_CALL = 16
/** Entries of a responder's log (what it sent, dropped or failed); the oldest go first. */
export const RESPONDER_LOG_ENTRIES = 200
/** Payload bytes of a sent message kept in the responder's log for display. */
export const RESPONDER_LOG_PREVIEW_BYTES = 256
/**
 * Highest rate and burst a user may give a responder. A responder is a test tool (mock a device,
 * auto-reply); above 1 000 publishes/s it would be a load generator, which the composer's repeat
 * is for, and each publish costs a script call in the worker's ingest path.
 */
export const RESPONDER_MAX_PER_S = 1_000
export const RESPONDER_MAX_BURST = 1_000
/**
 * A responder's report (counts, state, new log entries) goes to the page at most this often, in
 * ms: the log changes at wire speed when messages are dropped, a person reads it at a few Hz.
 */
export const RESPONDER_REPORT_MS = 250
/**
 * Scripts kept in the browser (`mqtt-scope.scripts`). Each holds its source (≤
 * SCRIPT_SOURCE_MAX_CHARS) in localStorage, whose few MiB are shared with everything else.
 */
export const SCRIPTS_SAVED_MAX = 32

/**
 * Values of decode scripts that the page keeps for the tree and log rows (keyed by connection,
 * script and source hash, topic and payload bytes). Only rows on screen ask, about 80 at once; the
 * least recently used value goes first, so scrolling back asks the worker again.
 */
export const SCRIPT_PREVIEW_CACHE_ENTRIES = 1_000

/**
 * Payloads in one `scriptDecodeMany` call. A connection has one such call in flight at a time,
 * so a slow script delays the next batch instead of queueing work in the worker.
 */
export const SCRIPT_PREVIEW_BATCH = 64

/** Characters of a row's one-line value (JSON of the script's value), cut with "…" beyond. */
export const SCRIPT_PREVIEW_CHARS = 256
