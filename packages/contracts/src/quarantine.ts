/**
 * Why inbound mail was quarantined, as a code a person reads in their language. The stored
 * reason keeps the technical detail (for logs and the English-reading developer); the code is
 * derived from it, so that old and new entries translate alike.
 * @module
 */
export const QUARANTINE_REASONS = [
  'no_content',
  'not_mail',
  'unparseable',
  'too_large',
  'read_limit',
  'pgp',
  'raw_missing',
  'other',
] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

const PATTERNS: [RegExp, QuarantineReason][] = [
  [/^the message has no content/u, 'no_content'],
  [/^no headers and no body/u, 'not_mail'],
  [/^cannot parse the message/u, 'unparseable'],
  [/^larger than \d+ bytes/u, 'too_large'],
  [/^reading the message /u, 'read_limit'],
  [/PGP/u, 'pgp'],
  [/^raw message missing/u, 'raw_missing'],
];

export function quarantineReasonCode(reason: string | null): QuarantineReason {
  if (!reason) return 'other';
  return PATTERNS.find(([pattern]) => pattern.test(reason))?.[1] ?? 'other';
}
