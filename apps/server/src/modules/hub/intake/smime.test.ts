import {
  ContentInfo,
  EncapsulatedContent,
  EncapsulatedContentInfo,
  id_data,
  id_signedData,
  SignedData,
} from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { OctetString as BerOctetString } from 'asn1js';
import { describe, expect, it } from 'vitest';
import { readReportMail } from './mail-reading.js';
import { signedEntity } from './smime.js';

/** The MIME entity a phisher's mail carries, signed (the signature itself does not matter here). */
const ENTITY = Buffer.from(
  'Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n' +
    '<p>口座を<a href="https://login.smime-phish.example.com/verify">確認</a>してください</p>\r\n',
);

/** CMS SignedData around `content`: as one OCTET STRING (DER) or in pieces (BER, constructed). */
function signedData(content: Buffer, chunked = false): Buffer {
  const eContent = chunked
    ? new EncapsulatedContent({
        any: new BerOctetString({
          isConstructed: true,
          value: [
            new BerOctetString({ valueHex: Uint8Array.from(content.subarray(0, 40)) }),
            new BerOctetString({ valueHex: Uint8Array.from(content.subarray(40)) }),
          ],
        }).toBER(),
      })
    : new EncapsulatedContent({ single: new OctetString(Uint8Array.from(content)) });
  const signed = new SignedData({
    version: 1,
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: id_data, eContent }),
  });
  return Buffer.from(
    AsnConvert.serialize(new ContentInfo({ contentType: id_signedData, content: AsnConvert.serialize(signed) })),
  );
}

function opaqueSigned(der: Buffer): Buffer {
  return Buffer.from(
    [
      'From: "Bank" <info@smime-phish.example.com>',
      'Subject: =?UTF-8?B?' + Buffer.from('口座確認').toString('base64') + '?=',
      'Message-ID: <signed-1@smime-phish.example.com>',
      'MIME-Version: 1.0',
      'Content-Type: application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"',
      'Content-Disposition: attachment; filename="smime.p7m"',
      'Content-Transfer-Encoding: base64',
      '',
      der.toString('base64').replace(/.{76}/g, '$&\r\n'),
      '',
    ].join('\r\n'),
  );
}

describe('opaque-signed S/MIME', () => {
  it('takes the signed entity out of SignedData, whole or in BER pieces; anything else is not one', () => {
    expect(signedEntity(signedData(ENTITY))).toEqual(ENTITY);
    expect(signedEntity(signedData(ENTITY, true))).toEqual(ENTITY);
    expect(signedEntity(Buffer.from('not DER'))).toBeNull();
  });

  it('reads the signed entity as the body: its text and its links, under the message’s own headers', async () => {
    for (const chunked of [false, true]) {
      const read = await readReportMail(opaqueSigned(signedData(ENTITY, chunked)));
      if (read.kind !== 'parsed') throw new Error(`quarantined: ${read.reason}`);
      expect(read.parsed.subject).toBe('口座確認');
      expect(read.parsed.messageId).toBe('<signed-1@smime-phish.example.com>');
      expect(read.parsed.text).toBe('口座を確認してください');
      expect(
        read.extracted.withDomains.filter((o) => o.type === 'url').map((o) => `${o.value} [${o.sources.join(',')}]`),
      ).toEqual(['https://login.smime-phish.example.com/verify [link]']);
    }
  });

  it('leaves a PKCS #7 blob that is not signed data as an attachment', async () => {
    const read = await readReportMail(opaqueSigned(Buffer.from('0\u0003\u0002\u0001\u0000', 'latin1')));
    if (read.kind !== 'parsed') throw new Error(`quarantined: ${read.reason}`);
    expect(read.parsed.attachments.map((a) => a.filename)).toEqual(['smime.p7m']);
  });
});
