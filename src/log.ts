import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';

export type Level = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
// Slack token shapes: bot, user, app-level, refresh and config tokens.
const TOKEN_PATTERN = /\b(xox[abposer]|xapp|xoxe\.xox[bp])-[A-Za-z0-9-]+/g;

export type Fields = Record<string, unknown>;

export interface Log {
  debug(event: string, fields?: Fields): void;
  info(event: string, fields?: Fields): void;
  warn(event: string, fields?: Fields): void;
  error(event: string, fields?: Fields): void;
}

export interface LoggerOptions {
  level: Level;
  secrets?: string[];
  write?: (line: string) => void;
}

function errorFields(err: unknown): Fields {
  if (err instanceof Error) {
    const slack = err as Error & { code?: string; data?: { error?: string } };
    return { error: slack.data?.error ?? slack.message, code: slack.code, name: err.name };
  }
  return { error: String(err) };
}

/**
 * One JSON object per line with an event name and ids. Every line passes through redaction,
 * so a token that slips into an error message still never reaches the log.
 */
export function createLogger(options: LoggerOptions): Log & { bolt: BoltLogger; setLevel(level: Level): void } {
  let min = RANK[options.level];
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));

  const redact = (text: string) => {
    let out = text.replace(TOKEN_PATTERN, '[redacted]');
    for (const s of secrets) out = out.split(s).join('[redacted]');
    return out;
  };

  const emit = (level: Level, event: string, fields: Fields = {}) => {
    if (RANK[level] < min) return;
    const flat: Fields = {};
    for (const [k, v] of Object.entries(fields)) {
      if (k === 'err') Object.assign(flat, errorFields(v));
      else flat[k] = v;
    }
    let line: string;
    try {
      line = JSON.stringify({ time: new Date().toISOString(), level, event, ...flat });
    } catch {
      line = JSON.stringify({ time: new Date().toISOString(), level, event, note: 'fields not serialisable' });
    }
    write(redact(line));
  };

  const fromBolt =
    (level: Level) =>
    (...msg: unknown[]) =>
      emit(level, 'bolt', {
        message: msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : safeJson(m))).join(' '),
      });

  const bolt: BoltLogger = {
    debug: fromBolt('debug'),
    info: fromBolt('info'),
    warn: fromBolt('warn'),
    error: fromBolt('error'),
    setLevel: () => {},
    getLevel: () => (min <= 10 ? LogLevel.DEBUG : min <= 20 ? LogLevel.INFO : min <= 30 ? LogLevel.WARN : LogLevel.ERROR),
    setName: () => {},
  };

  return {
    debug: (e, f) => emit('debug', e, f),
    info: (e, f) => emit('info', e, f),
    warn: (e, f) => emit('warn', e, f),
    error: (e, f) => emit('error', e, f),
    bolt,
    setLevel(level) {
      min = RANK[level];
    },
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export const silentLog: Log = { debug() {}, info() {}, warn() {}, error() {} };
