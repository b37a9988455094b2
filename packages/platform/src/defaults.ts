/**
 * The platform's defaults, defined once: the CLI, the composition root and the
 * docs all read them from here.
 */

/** `lp-faas dev` listens here unless told otherwise; `lp-faas invoke` looks here. */
export const DEFAULT_PORT = 7420;
/** The variable `lp-faas` commands read the platform's port from. */
export const PORT_ENV = "LP_FAAS_PORT";
/** The account the local platform plays (CSDS answers for any account id). */
export const DEFAULT_ACCOUNT_ID = "12345678";
/** LivePerson Functions' execution timeout per invocation. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** LivePerson Functions' memory limit per function instance (`lp-faas dev --memory`): its resident set, MB. */
export const DEFAULT_MEMORY_MB = 256;
/** Outbound requests per second per function instance (the cloud proxy's limit; beyond it, 429); 0 = off. */
export const DEFAULT_RATE_LIMIT_PER_SECOND = 20;
/** Instances started ahead (Node and the toolbelt loaded) for a function to take on its first invocation. */
export const DEFAULT_SPARE_INSTANCES = 1;
/**
 * V2 functions (one invocation per instance): the most instances one function runs at once
 * (`lp-faas dev --max-instances`); beyond it an invocation is refused with 429, as the cloud's cap answers.
 * LivePerson publishes no number; 5 keeps a laptop responsive (each instance is a Node process, ~60 MB).
 */
export const DEFAULT_MAX_INSTANCES = 5;
/** V2 functions pass the project's egress allowlist by default (`lp-faas dev --v2-allowlist on|off`). */
export const DEFAULT_V2_ALLOWLIST = true;
/** A warm V2 instance idle this long is stopped (the cloud stops idle instances after minutes). */
export const DEFAULT_V2_IDLE_MS = 5 * 60_000;
/** An instance not booted within this time is killed and its invocations fail. */
export const DEFAULT_WORKER_START_TIMEOUT_MS = 15_000;
/** How often expired context sessions are deleted (they are invisible from the moment they expire). */
export const DEFAULT_CONTEXT_PURGE_INTERVAL_MS = 60_000;
/** Expired context sessions deleted per purge tick (keeps the event loop free). */
export const CONTEXT_PURGE_BATCH = 10_000;
/**
 * How long the server remembers which account a context API key belongs to: a key
 * revoked by `lp-faas context keys revoke` (another process) stops working within that.
 */
export const CONTEXT_API_KEY_CACHE_MS = 500;
/** The largest request body a route accepts unless it sets its own (the real platform documents none). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Idle keep-alive connections are closed after this (above the 60 s of common clients' pools). */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** The deepest nesting of arrays and objects a JSON request body may have (deeper is a 400 before parsing). */
export const MAX_JSON_DEPTH = 64;
/** After answering a request whose body was not read (e.g. a 413), the connection is closed at the latest this long after the answer. */
export const UNREAD_BODY_CLOSE_MS = 1_000;
/** The invocation log keeps the newest this many invocations (oldest dropped first). */
export const DEFAULT_MAX_INVOCATIONS = 1_000;
/** …and at most this many bytes of records in all. */
export const DEFAULT_MAX_INVOCATION_LOG_BYTES = 50 * 1024 * 1024;
/** One record's logs are cut to this many bytes of JSON before storing, whatever the runtime gave. */
export const MAX_INVOCATION_RECORD_LOG_BYTES = 256 * 1024;
/** A page of `GET /_platform/invocations` holds at most this many bytes of records (at least one record). */
export const MAX_INVOCATION_PAGE_BYTES = 8 * 1024 * 1024;
/** `GET /_platform/invocations/stream`: a comment this often keeps the connection (and proxies) alive. */
export const INVOCATION_STREAM_HEARTBEAT_MS = 15_000;
/** …the `retry` it tells clients to wait before reconnecting. */
export const INVOCATION_STREAM_RETRY_MS = 3_000;
/** …and the bytes one client may leave unread before it is disconnected (at least one event always fits). */
export const INVOCATION_STREAM_MAX_BUFFERED_BYTES = 1024 * 1024;
