import { describe, expect, it } from 'vitest';
import { ConfigError, ContentError, DatabaseError, errorCode, TutorError } from './errors.ts';

describe('the coded error family', () => {
  it('pins each class to its code', () => {
    expect(new ConfigError(['x']).code).toBe('config_invalid');
    expect(new ContentError(['x']).code).toBe('content_invalid');
    expect(new DatabaseError('db_full', 'full').code).toBe('db_full');
    for (const e of [new ConfigError(['x']), new ContentError(['x']), new DatabaseError('db_io', 'x')])
      expect(e).toBeInstanceOf(TutorError);
  });

  it('gives the short code of any failure', () => {
    expect(errorCode({ data: { error: 'not_in_channel' } })).toBe('not_in_channel');
    expect(errorCode(Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }))).toBe('SQLITE_BUSY');
    expect(errorCode(new Error('plain'))).toBe('plain');
    expect(errorCode('text')).toBe('text');
  });
});
