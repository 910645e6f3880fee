/**
 * Opaque-signed S/MIME (RFC 8551 §3.5.3, `application/pkcs7-mime; smime-type=signed-data`): the
 * signed MIME entity is inside the CMS SignedData, so a parser that does not open it sees only
 * an `smime.p7m` file and no text. Its content is taken out (@peculiar/asn1-cms) and read as the
 * message's body. The signature is not checked: the message is stored as received, and the
 * content is the evidence either way.
 * @module
 */
import { ContentInfo, id_signedData, SignedData } from '@peculiar/asn1-cms';
import { AsnConvert } from '@peculiar/asn1-schema';
import { fromBER, OctetString } from 'asn1js';

/** The MIME entity an opaque-signed S/MIME blob carries, or null when the blob is not one. */
export function signedEntity(der: Buffer): Buffer | null {
  try {
    const info = AsnConvert.parse(der, ContentInfo);
    if (info.contentType !== id_signedData) return null;
    const content = AsnConvert.parse(info.content, SignedData).encapContentInfo.eContent;
    if (content?.single) return Buffer.from(content.single.buffer);
    if (!content?.any) return null;
    // A constructed (BER, chunked) OCTET STRING, as many clients write it: its pieces joined.
    const { result } = fromBER(content.any);
    return result instanceof OctetString ? Buffer.from(result.getValue()) : null;
  } catch {
    return null;
  }
}
