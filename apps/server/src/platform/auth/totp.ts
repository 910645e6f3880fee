/** TOTP second factor (RFC 6238) via otpauth. @module */
import * as OTPAuth from 'otpauth';

const ISSUER = 'Renkei';

export function createTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

export function totpUri(secret: string, username: string): string {
  return new OTPAuth.TOTP({ issuer: ISSUER, label: username, secret: OTPAuth.Secret.fromBase32(secret) }).toString();
}

/** Accepts the current code and one step either side (clock drift). */
export function verifyTotp(secret: string, code: string): boolean {
  const totp = new OTPAuth.TOTP({ issuer: ISSUER, secret: OTPAuth.Secret.fromBase32(secret) });
  return totp.validate({ token: code, window: 1 }) !== null;
}

/** The current code (tests, and the CLI when enrolling). */
export function currentTotp(secret: string): string {
  return new OTPAuth.TOTP({ issuer: ISSUER, secret: OTPAuth.Secret.fromBase32(secret) }).generate();
}
