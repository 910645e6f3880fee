/**
 * OpenPGP in report mail (openpgp.js), without I/O: PGP/MIME (RFC 3156) encrypted and signed
 * messages, and inline PGP in single-part text mail. `openPgpMail` returns the message as the
 * sender wrote it — decrypted, with signature layers removed — plus what was verified, so the
 * ordinary parser files it. The stored raw message stays as it arrived.
 *
 * Written here rather than taken from a library: no maintained npm package does PGP/MIME
 * unwrapping on top of openpgp.js; the MIME work is limited to splitting one multipart level.
 * @module
 */
import libmime from 'libmime';
import * as openpgp from 'openpgp';

/** The per-signature results openpgp.js returns (its type is not exported by name). */
type VerifyResult = Awaited<ReturnType<typeof openpgp.verify>>;

export type PgpSignatureState = 'none' | 'valid' | 'invalid' | 'unknown-key';

export interface PgpOutcome {
  encrypted: boolean;
  signature: PgpSignatureState;
  /** Fingerprint of the signing key (or its key ID when the key is not in the directory). */
  signer: string | null;
  signerUserId: string | null;
}

export interface PgpKeyring {
  /** The team's private keys, already unlocked. */
  decryptionKeys: openpgp.PrivateKey[];
  /** The key directory. */
  verificationKeys: openpgp.Key[];
}

/** The message cannot be opened (no team key, encrypted to someone else, damaged). */
export class PgpMailError extends Error {}

const MAX_LAYERS = 4;

export interface Entity {
  /** Header block including its final line break, as in the message. */
  headers: string;
  body: Buffer;
  contentType: { value: string; params: Record<string, string> };
  transferEncoding: string;
}

export function splitEntity(raw: Buffer): Entity {
  const text = raw.toString('latin1');
  const match = /\r?\n\r?\n/.exec(text);
  const headerEnd = match ? match.index + match[0].length : raw.length;
  const headers = text.slice(0, headerEnd);
  const unfolded = headers.replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(unfolded)?.[1]?.trim();
  const contentType = libmime.parseHeaderValue(header('content-type') ?? 'text/plain');
  return {
    headers,
    body: raw.subarray(headerEnd),
    contentType: { value: contentType.value.toLowerCase(), params: contentType.params },
    transferEncoding: (header('content-transfer-encoding') ?? '7bit').toLowerCase(),
  };
}

/** The body parts of a multipart entity, byte-exact (RFC 2046: the CRLF before a delimiter belongs to it). */
function multipartParts(body: Buffer, boundary: string): Buffer[] {
  const text = body.toString('latin1');
  const delimiter = new RegExp(
    `(?:^|\\r?\\n)--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(--)?[ \\t]*(?:\\r?\\n|$)`,
    'g',
  );
  const parts: Buffer[] = [];
  let start: number | undefined;
  for (const match of text.matchAll(delimiter)) {
    if (start !== undefined) parts.push(body.subarray(start, match.index));
    if (match[1]) return parts;
    start = match.index + match[0].length;
  }
  return parts;
}

/** A header block's fields, each with its folded continuation lines. */
export function headerFields(headers: string): string[] {
  return headers
    .replace(/\r?\n\r?\n$/, '')
    .split(/\r?\n(?![ \t])/)
    .filter(Boolean);
}

/** Drops the outer Content-* headers: the opened inner entity brings its own. */
export function outerHeadersWithoutContent(headers: string): string {
  return (
    headerFields(headers)
      .filter((field) => !/^content-/i.test(field))
      .join('\r\n') + '\r\n'
  );
}

function toCrlf(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
}

async function judgeSignatures(
  signatures: VerifyResult['signatures'],
  keyring: PgpKeyring,
): Promise<Omit<PgpOutcome, 'encrypted'>> {
  const first = signatures[0];
  if (!first) return { signature: 'none', signer: null, signerUserId: null };
  const key = keyring.verificationKeys.find((candidate) => candidate.getKeys(first.keyID).length > 0);
  if (!key) {
    await first.verified.catch(() => undefined);
    return { signature: 'unknown-key', signer: first.keyID.toHex().toUpperCase(), signerUserId: null };
  }
  const signer = key.getFingerprint().toUpperCase();
  const signerUserId = key.getUserIDs()[0] ?? null;
  try {
    await first.verified;
    return { signature: 'valid', signer, signerUserId };
  } catch {
    return { signature: 'invalid', signer, signerUserId };
  }
}

async function decryptArmored(armored: string, keyring: PgpKeyring) {
  if (keyring.decryptionKeys.length === 0)
    throw new PgpMailError('the message is PGP-encrypted but no team key is configured');
  let message;
  try {
    message = await openpgp.readMessage({ armoredMessage: armored });
  } catch (error) {
    throw new PgpMailError(`the PGP message is damaged: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return await openpgp.decrypt({
      message,
      decryptionKeys: keyring.decryptionKeys,
      verificationKeys: keyring.verificationKeys,
      format: 'binary',
    });
  } catch (error) {
    throw new PgpMailError(
      `cannot decrypt with the team key: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

const ARMORED_MESSAGE = /-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/;
const CLEARSIGNED =
  /-----BEGIN PGP SIGNED MESSAGE-----[\s\S]*?-----BEGIN PGP SIGNATURE-----[\s\S]*?-----END PGP SIGNATURE-----/;

/** Cheap test on the raw bytes: does this message carry OpenPGP at all? */
export function looksLikePgpMail(raw: Buffer): boolean {
  return (
    raw.includes('-----BEGIN PGP ') ||
    /multipart\/(encrypted|signed)/i.test(raw.subarray(0, 64 * 1024).toString('latin1'))
  );
}

/**
 * Opens one OpenPGP layer after another. Returns undefined when the message carries no OpenPGP.
 * Throws `PgpMailError` when it is encrypted and cannot be decrypted.
 */
export async function openPgpMail(
  raw: Buffer,
  keyring: PgpKeyring,
): Promise<{ raw: Buffer; outcome: PgpOutcome } | undefined> {
  let current = raw;
  let outcome: PgpOutcome | undefined;
  for (let layer = 0; layer < MAX_LAYERS; layer += 1) {
    const opened = await openLayer(current, keyring);
    if (!opened) break;
    current = opened.raw;
    // An inner signature says more about the author than an outer encryption layer's absence of one.
    outcome = {
      encrypted: (outcome?.encrypted ?? false) || opened.encrypted,
      ...(opened.signature.signature !== 'none' || !outcome
        ? opened.signature
        : { signature: outcome.signature, signer: outcome.signer, signerUserId: outcome.signerUserId }),
    };
  }
  return outcome ? { raw: current, outcome } : undefined;
}

async function openLayer(
  raw: Buffer,
  keyring: PgpKeyring,
): Promise<{ raw: Buffer; encrypted: boolean; signature: Omit<PgpOutcome, 'encrypted'> } | undefined> {
  const entity = splitEntity(raw);
  const { value, params } = entity.contentType;
  const protocol = (params['protocol'] ?? '').toLowerCase();
  const boundary = params['boundary'];

  if (value === 'multipart/encrypted' && protocol === 'application/pgp-encrypted' && boundary) {
    const armored = multipartParts(entity.body, boundary)
      .map((part) => part.toString('latin1'))
      .find((part) => ARMORED_MESSAGE.test(part));
    if (!armored) throw new PgpMailError('PGP/MIME message without an encrypted part');
    const decrypted = await decryptArmored(ARMORED_MESSAGE.exec(armored)![0], keyring);
    const inner = Buffer.from(decrypted.data);
    return {
      raw: Buffer.concat([Buffer.from(outerHeadersWithoutContent(entity.headers), 'latin1'), inner]),
      encrypted: true,
      signature: await judgeSignatures(decrypted.signatures, keyring),
    };
  }

  if (value === 'multipart/signed' && protocol === 'application/pgp-signature' && boundary) {
    const [signed, signaturePart] = multipartParts(entity.body, boundary);
    if (!signed || !signaturePart) return undefined;
    const armoredSignature = /-----BEGIN PGP SIGNATURE-----[\s\S]*?-----END PGP SIGNATURE-----/.exec(
      signaturePart.toString('latin1'),
    )?.[0];
    let signature: Omit<PgpOutcome, 'encrypted'> = { signature: 'invalid', signer: null, signerUserId: null };
    if (armoredSignature) {
      try {
        const result = await openpgp.verify({
          message: await openpgp.createMessage({ binary: toCrlf(signed) }),
          signature: await openpgp.readSignature({ armoredSignature }),
          verificationKeys: keyring.verificationKeys,
          format: 'binary',
        });
        signature = await judgeSignatures(result.signatures, keyring);
      } catch {
        // An unreadable signature packet is an invalid signature, not a lost message.
      }
    }
    return {
      raw: Buffer.concat([Buffer.from(outerHeadersWithoutContent(entity.headers), 'latin1'), signed]),
      encrypted: false,
      signature,
    };
  }

  // Inline PGP: a single text part with armored blocks in its (7- or 8-bit) body.
  if (value === 'text/plain' && ['7bit', '8bit'].includes(entity.transferEncoding)) {
    const charset = params['charset'] ?? 'utf-8';
    const body = decodeText(entity.body, charset);
    const block = ARMORED_MESSAGE.exec(body);
    if (block) {
      const decrypted = await decryptArmored(block[0], keyring);
      const plain = Buffer.from(decrypted.data).toString('utf8');
      return {
        raw: inlineResult(
          entity,
          body.replace(block[0], () => plain),
        ),
        encrypted: true,
        signature: await judgeSignatures(decrypted.signatures, keyring),
      };
    }
    const clearsigned = CLEARSIGNED.exec(body);
    if (clearsigned) {
      let signature: Omit<PgpOutcome, 'encrypted'> = { signature: 'invalid', signer: null, signerUserId: null };
      let text = clearsigned[0];
      try {
        const message = await openpgp.readCleartextMessage({ cleartextMessage: clearsigned[0] });
        text = message.getText();
        const result = await openpgp.verify({ message, verificationKeys: keyring.verificationKeys });
        signature = await judgeSignatures(result.signatures, keyring);
      } catch {
        // Damaged armour: keep the text as it is, marked invalid.
      }
      return {
        raw: inlineResult(
          entity,
          body.replace(clearsigned[0], () => text),
        ),
        encrypted: false,
        signature,
      };
    }
  }
  return undefined;
}

function decodeText(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    // An unknown charset label: read as UTF-8 rather than lose the message.
    return bytes.toString('utf8');
  }
}

function inlineResult(entity: Entity, text: string): Buffer {
  const headers =
    outerHeadersWithoutContent(entity.headers) +
    'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n';
  return Buffer.concat([Buffer.from(headers, 'latin1'), Buffer.from(text, 'utf8')]);
}
