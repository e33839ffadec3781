import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openToken, parseEncryptionKey, sealToken, TokenDecryptionError } from './token-crypto.ts';

const key = randomBytes(32);
const token = 'xoxb-1111-2222-secretvalue';

/** Flips one bit of the byte at `index` of a base64 text. */
function flipBit(base64: string, index: number): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[index] = (bytes[index] ?? 0) ^ 1;
  return bytes.toString('base64');
}

describe('sealToken / openToken', () => {
  it('round-trips a token for the same row', () => {
    const sealed = sealToken(key, token, 'E1:T1');
    expect(openToken(key, sealed, 'E1:T1')).toBe(token);
  });

  it('never stores the token in clear and uses a fresh IV each time', () => {
    const a = sealToken(key, token, 'T1');
    const b = sealToken(key, token, 'T1');
    expect(a).not.toContain('secretvalue');
    expect(Buffer.from(a, 'utf8').toString('base64')).not.toContain(Buffer.from(token).toString('base64'));
    expect(a.split(':')[1]).not.toBe(b.split(':')[1]);
    expect(a).not.toBe(b);
  });

  it.each([
    ['ciphertext', 3],
    ['authentication tag', 2],
    ['IV', 1],
  ])('refuses a value whose %s was changed', (_what, part) => {
    const parts = sealToken(key, token, 'T1').split(':');
    parts[part] = flipBit(parts[part] ?? '', 0);
    expect(() => openToken(key, parts.join(':'), 'T1')).toThrow(TokenDecryptionError);
  });

  it('refuses the wrong key', () => {
    const sealed = sealToken(key, token, 'T1');
    expect(() => openToken(randomBytes(32), sealed, 'T1')).toThrow(TokenDecryptionError);
  });

  it('refuses a value moved to another row', () => {
    const sealed = sealToken(key, token, ':T1');
    expect(() => openToken(key, sealed, ':T2')).toThrow(TokenDecryptionError);
  });

  it('refuses something that is not a sealed value', () => {
    expect(() => openToken(key, token, 'T1')).toThrow(TokenDecryptionError);
    expect(() => openToken(key, 'v1:AAAA:BBBB:CCCC', 'T1')).toThrow(TokenDecryptionError);
  });

  it('says nothing about the token or key in its error', () => {
    const sealed = sealToken(key, token, 'T1');
    try {
      openToken(randomBytes(32), sealed, 'T1');
    } catch (err) {
      expect(String((err as Error).message)).not.toContain(token);
      expect(String((err as Error).message)).not.toContain(key.toString('base64'));
    }
  });
});

describe('parseEncryptionKey', () => {
  it('reads 64 hexadecimal characters and base64 of 32 bytes', () => {
    const raw = randomBytes(32);
    expect(parseEncryptionKey(raw.toString('hex'))).toEqual({ key: raw });
    expect(parseEncryptionKey(raw.toString('base64'))).toEqual({ key: raw });
    expect(parseEncryptionKey(raw.toString('base64url'))).toEqual({ key: raw });
  });

  it.each([
    ['too short', randomBytes(16).toString('base64')],
    ['63 hex characters', randomBytes(32).toString('hex').slice(1)],
    ['a passphrase', 'correct horse battery staple'],
  ])('refuses %s and says which forms work', (_what, value) => {
    const parsed = parseEncryptionKey(value);
    expect(parsed).toHaveProperty('problem');
    const { problem } = parsed as { problem: string };
    expect(problem).toMatch(/base64/);
    expect(problem).toMatch(/64 hexadecimal/);
    expect(problem).not.toContain(value);
  });
});
