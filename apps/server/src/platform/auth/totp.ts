/** TOTP second factor (RFC 6238) via otpauth. @module */
import * as OTPAuth from 'otpauth';

const ISSUER = 'Renkei';

export function createTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

export function totpUri(secret: string, username: string): string {
  return new OTPAuth.TOTP({ issuer: ISSUER, label: username, secret: OTPAuth.Secret.fromBase32(secret) }).toString();
}

const PERIOD_SECONDS = 30;

/** Accepts the current code and one step either side (clock drift). */
export function verifyTotp(secret: string, code: string): boolean {
  return totpStep(secret, code) !== undefined;
}

/**
 * The time step (RFC 6238 counter) a right code belongs to, or undefined when it is wrong: the
 * caller remembers the last step used so that a code cannot be replayed within its window.
 */
export function totpStep(secret: string, code: string, now = Date.now()): number | undefined {
  const totp = new OTPAuth.TOTP({ issuer: ISSUER, secret: OTPAuth.Secret.fromBase32(secret), period: PERIOD_SECONDS });
  const delta = totp.validate({ token: code, window: 1, timestamp: now });
  return delta === null ? undefined : Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
}

/** The code at a time, now by default (tests, and the CLI when enrolling). */
export function currentTotp(secret: string, timestamp = Date.now()): string {
  return new OTPAuth.TOTP({
    issuer: ISSUER,
    secret: OTPAuth.Secret.fromBase32(secret),
    period: PERIOD_SECONDS,
  }).generate({
    timestamp,
  });
}
