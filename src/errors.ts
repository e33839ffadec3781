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
