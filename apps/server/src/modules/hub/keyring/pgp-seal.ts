/**
 * OpenPGP for outbound mail (openpgp.js), without I/O: the inverse of `openPgpMail`. Takes a
 * message as nodemailer composed it and returns it signed (RFC 3156 §5, multipart/signed) or
 * signed and encrypted (§6.2, multipart/encrypted with the signature inside), keeping every
 * outer header (From, Subject, Message-ID, References, …) as it was. The Subject stays readable
 * when encrypted: replies are threaded by its tracking tag.
 *
 * Written here for the reason `pgp-mail.ts` gives: no maintained npm package does PGP/MIME on
 * top of openpgp.js (nodemailer-openpgp encrypts only, on an old openpgp).
 * @module
 */
import { randomBytes } from 'node:crypto';
import * as openpgp from 'openpgp';
import { headerFields, outerHeadersWithoutContent, splitEntity } from './pgp-mail.js';

export interface SealKeys {
  /** The team's unlocked private key: every message is signed with it. */
  signingKey: openpgp.PrivateKey;
  /** The recipients' public keys: when given, the message is also encrypted to them. */
  encryptionKeys?: readonly openpgp.Key[];
}

export type SealProtection = 'signed' | 'signed+encrypted';

function newBoundary(): string {
  return `renkei-pgp-${randomBytes(12).toString('hex')}`;
}

function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** The signed body part: the composed message's own Content-* headers and body, in canonical CRLF. */
function contentEntity(raw: Buffer): { outer: string; content: string } {
  const entity = splitEntity(raw);
  const contentHeaders = headerFields(entity.headers).filter((field) => /^content-/i.test(field));
  return {
    outer: outerHeadersWithoutContent(entity.headers),
    content: crlf(`${contentHeaders.join('\r\n')}\r\n\r\n${entity.body.toString('latin1')}`),
  };
}

/** `pgp-sha256` and the like, from the hash the signature was made with (RFC 3156 §5 micalg). */
async function micalgOf(armoredSignature: string): Promise<string> {
  const signature = await openpgp.readSignature({ armoredSignature });
  const packet = signature.packets[0];
  const name = Object.entries(openpgp.enums.hash).find(([, id]) => id === packet?.hashAlgorithm)?.[0];
  return `pgp-${name ?? 'sha256'}`;
}

/**
 * The composed message signed, or signed and encrypted when encryption keys are given. The
 * content must be 7-bit (quoted-printable or base64): a relay may not change a signed part.
 */
export async function sealPgpMail(raw: Buffer, keys: SealKeys): Promise<{ raw: Buffer; protection: SealProtection }> {
  const { outer, content } = contentEntity(raw);
  const boundary = newBoundary();
  // openpgp's overloads for armored output resolve through its stream types, which typed lint
  // cannot see; the armored result is a string.
  const signature = (await openpgp.sign({
    message: await openpgp.createMessage({ binary: new Uint8Array(Buffer.from(content, 'latin1')) }),
    signingKeys: keys.signingKey,
    detached: true,
    format: 'armored',
  })) as string;
  const signed =
    `Content-Type: multipart/signed; boundary="${boundary}";\r\n` +
    ` protocol="application/pgp-signature"; micalg=${await micalgOf(signature)}\r\n\r\n` +
    `This is an OpenPGP/MIME signed message (RFC 3156).\r\n` +
    `--${boundary}\r\n${content}\r\n--${boundary}\r\n` +
    `Content-Type: application/pgp-signature; name="signature.asc"\r\n` +
    `Content-Description: OpenPGP digital signature\r\n` +
    `Content-Disposition: attachment; filename="signature.asc"\r\n\r\n` +
    `${crlf(signature)}\r\n--${boundary}--\r\n`;
  if (!keys.encryptionKeys?.length) return { raw: Buffer.from(outer + signed, 'latin1'), protection: 'signed' };

  const encrypted = (await openpgp.encrypt({
    message: await openpgp.createMessage({ binary: new Uint8Array(Buffer.from(signed, 'latin1')) }),
    encryptionKeys: [...keys.encryptionKeys],
    format: 'armored',
  })) as string;
  const outerBoundary = newBoundary();
  const body =
    `Content-Type: multipart/encrypted; boundary="${outerBoundary}";\r\n` +
    ` protocol="application/pgp-encrypted"\r\n\r\n` +
    `This is an OpenPGP/MIME encrypted message (RFC 3156).\r\n` +
    `--${outerBoundary}\r\nContent-Type: application/pgp-encrypted\r\n` +
    `Content-Description: PGP/MIME version identification\r\n\r\nVersion: 1\r\n\r\n` +
    `--${outerBoundary}\r\nContent-Type: application/octet-stream; name="encrypted.asc"\r\n` +
    `Content-Description: OpenPGP encrypted message\r\n` +
    `Content-Disposition: inline; filename="encrypted.asc"\r\n\r\n` +
    `${crlf(encrypted)}\r\n--${outerBoundary}--\r\n`;
  return { raw: Buffer.from(outer + body, 'latin1'), protection: 'signed+encrypted' };
}
