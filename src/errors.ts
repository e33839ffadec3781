/**
 * The error policy, in one place:
 * - Expected outcomes (a duplicate answer, a closed post, a stale button, no match) are values:
 *   discriminated unions returned by the domain and the services, rendered by the Slack edge.
 * - Exceptions are for infrastructure only (configuration, content, storage, Slack and the
 *   network), and the app's own are this one coded family: each has a stable `code`.
 * - `errorCode` turns any failure into its short code for logs and messages; a log line never
 *   carries a payload or a token (log.ts redacts them too). What people read is in slack/messages.ts.
 */
export class TutorError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ConfigError extends TutorError {
  constructor(readonly problems: string[]) {
    super('config_invalid', `Configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export class ContentError extends TutorError {
  constructor(readonly problems: string[]) {
    super('content_invalid', `Question content is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The database cannot be opened, read or written (its code says which: db_unwritable, db_full, db_io, db_open_failed, …). */
export class DatabaseError extends TutorError {}

/**
 * Slack refused a call with 429 and Retry-After: nothing happened, and the same call may be made
 * again after `retryAfterMs`. The quiz waits it out per workspace instead of failing the post.
 */
export class SlackRateLimitedError extends TutorError {
  constructor(readonly retryAfterMs: number) {
    super('ratelimited', `Slack asked to wait ${Math.ceil(retryAfterMs / 1000)} s (429, Retry-After)`);
  }
}

/** The short code of any failure (a Slack API error, a SQLite code, a Node error), for logs and messages. */
export function errorCode(err: unknown): string {
  const e = err as { data?: { error?: string }; code?: string; message?: string };
  return e?.data?.error ?? e?.code ?? e?.message ?? String(err);
}
