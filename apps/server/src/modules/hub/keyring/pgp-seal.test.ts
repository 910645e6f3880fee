import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgpMail } from './pgp-mail.js';
import { sealPgpMail } from './pgp-seal.js';

const PGP = path.resolve(import.meta.dirname, '../../../../test/fixtures/mail/pgp');
const TEAM_PASSPHRASE = 'renkei test team passphrase';
const BODY =
  'ホスティング事業者 御中\n\n貴社ネットワーク上のフィッシングサイトの停止をお願いします。\nhxxps://login-renkei-test[.]example/  \n末尾の空白も署名の内。\n';

function composed(): Promise<Buffer> {
  return new MailComposer({
    from: 'Renkei CSIRT <csirt@renkei.example>',
    to: 'abuse@hosting-renkei-test.example',
    subject: '[RK-2026-000007] フィッシングサイトの停止依頼',
    messageId: '<seal-1@renkei.example>',
    headers: { 'X-Renkei-TLP': 'TLP:AMBER' },
    text: BODY,
    textEncoding: 'quoted-printable',
  })
    .compile()
    .build();
}

/** The parts of a multipart body as gpg would be given them (the CRLF before a delimiter is the delimiter's). */
function parts(raw: Buffer): string[] {
  const text = raw.toString('latin1');
  const boundary = /boundary="([^"]+)"/.exec(text)![1]!;
  return text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => part.replace(/^\r\n/, '').replace(/\r\n$/, ''));
}

describe('OpenPGP on outbound mail', () => {
  let team: openpgp.PrivateKey;
  let hoster: { privateKey: openpgp.PrivateKey; publicKey: openpgp.PublicKey; armoredPrivate: string };
  let gnupgHome: string;
  const gpg = (args: string[], input?: string) =>
    execFileSync('gpg', ['--homedir', gnupgHome, '--batch', '--status-fd', '1', ...args], {
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
    }).toString('utf8');

  beforeAll(async () => {
    team = await openpgp.decryptKey({
      privateKey: await openpgp.readPrivateKey({ armoredKey: readFileSync(path.join(PGP, 'team-key.asc'), 'utf8') }),
      passphrase: TEAM_PASSPHRASE,
    });
    const generated = await openpgp.generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: 'Hosting abuse', email: 'abuse@hosting-renkei-test.example' }],
      format: 'object',
    });
    hoster = { ...generated, armoredPrivate: generated.privateKey.armor() };
    // GnuPG as the receiving side: an independent OpenPGP implementation.
    gnupgHome = mkdtempSync(path.join(tmpdir(), 'renkei-gpg-'));
    gpg(['--import'], team.toPublic().armor());
    gpg(['--import'], hoster.armoredPrivate);
  });
  afterAll(() => rmSync(gnupgHome, { recursive: true, force: true }));

  it('signs as RFC 3156 multipart/signed, verified by GnuPG and by our own reader, headers unchanged', async () => {
    const { raw, protection } = await sealPgpMail(await composed(), { signingKey: team });
    expect(protection).toBe('signed');
    const text = raw.toString('latin1');
    expect(text).toMatch(
      /Content-Type: multipart\/signed;[\s\S]*protocol="application\/pgp-signature"; micalg=pgp-sha\d+/,
    );
    expect(text).toContain('Message-ID: <seal-1@renkei.example>');
    expect(text).toMatch(/^X-Renkei-TLP: TLP:AMBER\r$/im);

    const [signedPart, signaturePart] = parts(raw);
    const signature = /-----BEGIN PGP SIGNATURE-----[\s\S]*-----END PGP SIGNATURE-----/.exec(signaturePart!)![0];
    const dir = mkdtempSync(path.join(tmpdir(), 'renkei-sig-'));
    try {
      writeFileSync(path.join(dir, 'signed'), signedPart!, 'latin1');
      writeFileSync(path.join(dir, 'signature.asc'), signature);
      const status = gpg(['--verify', path.join(dir, 'signature.asc'), path.join(dir, 'signed')]);
      expect(status).toContain(`[GNUPG:] VALIDSIG ${team.getFingerprint().toUpperCase()}`);
      // One byte changed in the signed part: GnuPG refuses it.
      writeFileSync(path.join(dir, 'signed'), signedPart!.replace('Content-Type', 'Content-type'), 'latin1');
      expect(() => gpg(['--verify', path.join(dir, 'signature.asc'), path.join(dir, 'signed')])).toThrow(
        /BAD signature/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const opened = await openPgpMail(raw, { decryptionKeys: [], verificationKeys: [team.toPublic()] });
    expect(opened?.outcome).toMatchObject({ encrypted: false, signature: 'valid' });
    const mail = await simpleParser(opened!.raw);
    expect(mail.subject).toBe('[RK-2026-000007] フィッシングサイトの停止依頼');
    expect(mail.text).toBe(BODY);
  });

  it('signs and encrypts to the recipient: GnuPG decrypts it with their key and finds our signature inside', async () => {
    const { raw, protection } = await sealPgpMail(await composed(), {
      signingKey: team,
      encryptionKeys: [hoster.publicKey],
    });
    expect(protection).toBe('signed+encrypted');
    const text = raw.toString('latin1');
    expect(text).toMatch(/Content-Type: multipart\/encrypted;[\s\S]*protocol="application\/pgp-encrypted"/);
    expect(text).not.toContain('停止をお願いします');
    expect(text).not.toContain('login-renkei-test');
    expect(text).toContain('Message-ID: <seal-1@renkei.example>');

    const [version, encryptedPart] = parts(raw);
    expect(version).toContain('Version: 1');
    const armored = /-----BEGIN PGP MESSAGE-----[\s\S]*-----END PGP MESSAGE-----/.exec(encryptedPart!)![0];
    const decrypted = execFileSync('gpg', ['--homedir', gnupgHome, '--batch', '--decrypt'], {
      input: armored,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // Inside: the multipart/signed entity (RFC 3156 §6.1), whose signature GnuPG checks next.
    expect(decrypted.toString('latin1')).toMatch(/^Content-Type: multipart\/signed;/);

    const opened = await openPgpMail(raw, {
      decryptionKeys: [hoster.privateKey],
      verificationKeys: [team.toPublic()],
    });
    expect(opened?.outcome).toMatchObject({ encrypted: true, signature: 'valid' });
    expect((await simpleParser(opened!.raw)).text).toBe(BODY);
  });
});
