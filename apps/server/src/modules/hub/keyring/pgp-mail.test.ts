import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseReportMail } from '../intake/index.js';
import { looksLikePgpMail, openPgpMail, PgpMailError, type PgpKeyring } from './pgp-mail.js';

const PGP = path.resolve(import.meta.dirname, '../../../../test/fixtures/mail/pgp');
const fixture = (name: string) => readFileSync(path.join(PGP, name));
export const TEAM_PASSPHRASE = 'renkei test team passphrase';

describe('OpenPGP report mail', () => {
  let keyring: PgpKeyring;
  let reporterFingerprint: string;

  beforeAll(async () => {
    const team = await openpgp.decryptKey({
      privateKey: await openpgp.readPrivateKey({ armoredKey: fixture('team-key.asc').toString() }),
      passphrase: TEAM_PASSPHRASE,
    });
    const reporter = await openpgp.readKey({ armoredKey: fixture('reporter-public.asc').toString() });
    reporterFingerprint = reporter.getFingerprint().toUpperCase();
    keyring = { decryptionKeys: [team], verificationKeys: [reporter] };
  });

  it('decrypts PGP/MIME sent to the team key and verifies the signature inside', async () => {
    const raw = fixture('pgp-mime-encrypted-signed.eml');
    expect(looksLikePgpMail(raw)).toBe(true);
    const opened = await openPgpMail(raw, keyring);
    expect(opened?.outcome).toEqual({
      encrypted: true,
      signature: 'valid',
      signer: reporterFingerprint,
      signerUserId: '佐藤 花子 <sato@sample-corp.example.jp>',
    });
    const parsed = await parseReportMail(opened!.raw);
    expect(parsed.subject).toBe('暗号化された報告');
    expect(parsed.messageId).toBe('<pgp-enc-1@sample-corp.example.jp>');
    expect(parsed.from.address).toBe('sato@sample-corp.example.jp');
    expect(parsed.text).toContain('hxxps://pgp-bank-login-renkei-test[.]com/auth');
  });

  it('verifies a PGP/MIME signature over the exact signed part, and catches tampering', async () => {
    const signed = await openPgpMail(fixture('pgp-mime-signed.eml'), keyring);
    expect(signed?.outcome).toMatchObject({ encrypted: false, signature: 'valid', signer: reporterFingerprint });
    expect((await parseReportMail(signed!.raw)).text).toContain('since 08:00 JST');
    const tampered = await openPgpMail(fixture('pgp-mime-signed-tampered.eml'), keyring);
    expect(tampered?.outcome).toMatchObject({ encrypted: false, signature: 'invalid', signer: reporterFingerprint });
    expect((await parseReportMail(tampered!.raw)).text).toContain('since 09:00 JST');
  });

  it('reports a signature by a key outside the directory as unknown-key, with its key ID', async () => {
    const opened = await openPgpMail(fixture('pgp-inline-clearsigned-unknown.eml'), keyring);
    expect(opened?.outcome.signature).toBe('unknown-key');
    expect(opened?.outcome.signer).toMatch(/^[0-9A-F]{16}$/);
    const parsed = await parseReportMail(opened!.raw);
    expect(parsed.text).toBe('Scanning from 198.51.100.23 against port 502 (Modbus).');
  });

  it('decrypts inline PGP in place', async () => {
    const opened = await openPgpMail(fixture('pgp-inline-encrypted.eml'), keyring);
    expect(opened?.outcome).toEqual({ encrypted: true, signature: 'none', signer: null, signerUserId: null });
    const parsed = await parseReportMail(opened!.raw);
    expect(parsed.text).toContain('See below.');
    expect(parsed.text).toContain('hxxp://203.0.113[.]81/payload.exe');
    expect(parsed.text).not.toContain('BEGIN PGP MESSAGE');
  });

  it('refuses mail it cannot decrypt, naming why', async () => {
    await expect(openPgpMail(fixture('pgp-encrypted-to-other-key.eml'), keyring)).rejects.toBeInstanceOf(PgpMailError);
    await expect(
      openPgpMail(fixture('pgp-mime-encrypted-signed.eml'), { decryptionKeys: [], verificationKeys: [] }),
    ).rejects.toThrow(/no team key/);
  });

  it('leaves mail without OpenPGP alone', async () => {
    const plain = Buffer.from('From: a@example.org\r\nSubject: plain\r\n\r\nhello\r\n');
    expect(looksLikePgpMail(plain)).toBe(false);
    expect(await openPgpMail(plain, keyring)).toBeUndefined();
  });
});
