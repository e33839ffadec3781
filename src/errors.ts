/** Named errors the Slack edge turns into friendly messages in one place (see slack/respond-error.ts). */
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

export class DatabaseError extends TutorError {}

export class NotAdminError extends TutorError {
  constructor() {
    super('not_admin', 'Only quiz admins can do that.');
  }
}

export class UsageError extends TutorError {
  constructor(message: string) {
    super('usage', message);
  }
}

/** The short code of any failure (a Slack API error, a SQLite code, a Node error), for logs and messages. */
export function errorCode(err: unknown): string {
  const e = err as { data?: { error?: string }; code?: string; message?: string };
  return e?.data?.error ?? e?.code ?? e?.message ?? String(err);
}
