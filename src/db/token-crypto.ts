/**
 * Bot tokens at rest: AES-256-GCM with the key from TOKEN_ENCRYPTION_KEY, a fresh random 12-byte
 * IV for every value, and the 16-byte authentication tag stored beside the ciphertext, so a
 * changed byte, a wrong key or a value moved to another row is refused instead of decrypted.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The sealed form's version, so a later change of scheme can still read older rows. */
const PREFIX = 'v1';

export class TokenDecryptionError extends Error {
  readonly code = 'token_decryption_failed';
  constructor() {
    // Never says more: which byte or which key would help an attacker, not an operator.
    super(
      'A stored token could not be decrypted: TOKEN_ENCRYPTION_KEY is not the key it was stored with, or the row was changed.',
    );
  }
}

/**
 * The 32-byte key from its text form: 64 hexadecimal characters, or base64 (standard or URL-safe)
 * of 32 bytes. Returns a sentence saying what is wrong (never echoing the value) otherwise.
 */
export function parseEncryptionKey(text: string): { key: Buffer } | { problem: string } {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return { key: Buffer.from(value, 'hex') };
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === KEY_BYTES) return { key: bytes };
  }
  return {
    problem:
      'must be 32 random bytes written as base64 (44 characters) or as 64 hexadecimal characters; make one with `openssl rand -base64 32`',
  };
}

/**
 * Encrypts `plaintext`; `context` (the row's key) is bound in as additional authenticated data,
 * so the sealed value only opens for the same row.
 */
export function sealToken(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [PREFIX, iv.toString('base64'), tag.toString('base64'), body.toString('base64')].join(':');
}

/** Decrypts what sealToken made with the same key and context; throws TokenDecryptionError otherwise. */
export function openToken(key: Buffer, sealed: string, context: string): string {
  const parts = sealed.split(':');
  if (parts.length !== 4 || parts[0] !== PREFIX) throw new TokenDecryptionError();
  const [, ivText = '', tagText = '', bodyText = ''] = parts;
  const iv = Buffer.from(ivText, 'base64');
  const tag = Buffer.from(tagText, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new TokenDecryptionError();
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new TokenDecryptionError();
  }
}
