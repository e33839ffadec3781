/** Every timing the running app keeps, in one place, each with the reason for its value. */

/** How often the scheduler looks for due posts, retries and reveals: fire times are whole minutes. */
export const TICK_MS = 15_000;

/** How long a process holds the right to post a pending question before another may try. */
export const POST_LEASE_MS = 5 * 60_000;

/** A failed post is retried after 30 s, doubling per attempt, at most this long apart. */
export const POST_RETRY_FIRST_MS = 30_000;
export const POST_RETRY_MAX_MS = 60 * 60_000;

/** The live answer count on a question is updated at most this often (chat.update is rate limited). */
export const COUNT_UPDATE_MS = 3000;

/** Editors write a file in several steps: reload the content once the folder has been quiet this long. */
export const CONTENT_RELOAD_QUIET_MS = 300;

/** Socket Mode reconnects after 1 s, doubling, at most a minute apart. */
export const SOCKET_RETRY_FIRST_MS = 1000;
export const SOCKET_RETRY_MAX_MS = 60_000;

/** On SIGTERM, in-flight requests and replies get this long to finish before connections are cut. */
export const DRAIN_DEADLINE_MS = 1500;

/** How long a process holds the right to post a week's recap (render and upload) before another may try. */
export const RECAP_LEASE_MS = 5 * 60_000;

/** A failed recap is retried after a minute, doubling per attempt, at most this long apart (it is due all Monday). */
export const RECAP_RETRY_FIRST_MS = 60_000;
export const RECAP_RETRY_MAX_MS = 30 * 60_000;
/**
 * A practice reminder claimed by a process that then died is taken over after this long: far
 * beyond the Web API timeout and its retries, so a live send is never doubled.
 */
export const NUDGE_LEASE_MS = 5 * 60_000;

/** Reminders handled per scheduler pass: the rest wait for the next pass, so the quiz's work is not held up. */
export const NUDGE_BATCH = 50;
/** Expired request signatures leave the replay guard this often (their window is 5 minutes). */
export const REPLAY_SWEEP_MS = 60_000;

/**
 * A scheduled minute's questions go out through a fair fan-out: workspaces take turns, each with at
 * most this many posts in flight (Slack limits chat.postMessage per channel and per workspace)...
 */
export const FAN_OUT_PER_WORKSPACE = 2;
/** ...and at most this many in flight in all, so a thousand due channels do not open a thousand sockets. */
export const FAN_OUT_MAX_IN_FLIGHT = 16;
/**
 * A post rate-limited by Slack keeps its lease while the fan-out waits for Retry-After, as long as
 * the last attempt (a Web API call with its own retries) still ends well inside the lease.
 */
export const POST_ATTEMPT_MAX_MS = 60_000;
