import fs from 'node:fs';
import { loadConfig, secretsOf } from './config.ts';
import { TutorError } from './errors.ts';
import { createLogger } from './log.ts';
import { startRuntime } from './runtime.ts';

// Exit codes: 1 configuration or content, 2 storage (disk, permissions, corrupt file), 3 other.
const EXIT = { config_invalid: 1, content_invalid: 1 } as Record<string, number>;

async function main(): Promise<void> {
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const log = createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  let runtime: Awaited<ReturnType<typeof startRuntime>>;
  try {
    runtime = await startRuntime({ config, log, watchContent: true });
  } catch (err) {
    if (err instanceof TutorError) {
      console.error(err.message);
      process.exit(EXIT[err.code] ?? (err.code.startsWith('db_') ? 2 : 3));
    }
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      console.error(`Port ${config.port} is already in use. Set PORT to a free port.`);
      process.exit(3);
    }
    log.error('app.start_failed', { err });
    process.exit(3);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('app.stopping', { signal });
    runtime.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error('app.stop_failed', { err });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (err) => log.error('app.unhandled_rejection', { err }));
}

void main();
