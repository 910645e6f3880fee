/**
 * Delivery status notifications (bounces, RFC 3464): the `message/delivery-status` part of a
 * `multipart/report` names, per recipient, what happened (Action: failed / delayed / delivered /
 * relayed / expanded), the status code (5.1.1) and the remote server's words; the returned
 * message or its headers name the Message-ID of ours that bounced. Pure.
 * @module
 */

export interface BouncedRecipient {
  recipient: string;
  action: string;
  /** RFC 3463 enhanced status code, `5.1.1`. */
  status: string | null;
  diagnostic: string | null;
}

export interface DeliveryReport {
  /** The reporting MTA (`dns; mx.example.net`), if named. */
  reportingMta: string | null;
  recipients: BouncedRecipient[];
  /** The Message-ID of the message that bounced, when the report returns it or its headers. */
  originalMessageId: string | null;
}

/** RFC 822-style field blocks (unfolded), separated by blank lines. */
function fieldBlocks(text: string): Map<string, string>[] {
  const blocks: Map<string, string>[] = [];
  let current = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trim() === '') {
      if (current.size > 0) blocks.push(current);
      current = new Map();
      last = undefined;
      continue;
    }
    if (/^[ \t]/.test(line) && last) {
      current.set(last, `${current.get(last)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    current.set(last, line.slice(colon + 1).trim());
  }
  if (current.size > 0) blocks.push(current);
  return blocks;
}

/** `rfc822; user@example.net` → `user@example.net` (address types other than rfc822 kept as they are). */
function address(value: string | undefined): string | null {
  if (!value) return null;
  const [type, rest] = value.includes(';')
    ? [value.slice(0, value.indexOf(';')), value.slice(value.indexOf(';') + 1)]
    : ['', value];
  const text = rest.trim().replace(/^<|>$/g, '');
  return type.trim().toLowerCase() === 'rfc822' || type === '' ? text.toLowerCase() : text;
}

/**
 * Reads the `message/delivery-status` body: the per-message block first, then one block per
 * recipient. `originalHeaders` is the returned message's header section (text/rfc822-headers or
 * the message/rfc822 part), for its Message-ID.
 */
export function parseDeliveryStatus(body: string, originalHeaders: string | null): DeliveryReport | undefined {
  const blocks = fieldBlocks(body);
  const recipients: BouncedRecipient[] = [];
  let reportingMta: string | null = null;
  for (const block of blocks) {
    if (block.has('reporting-mta')) reportingMta = block.get('reporting-mta') ?? null;
    const recipient = address(block.get('final-recipient') ?? block.get('original-recipient'));
    const action = block.get('action')?.toLowerCase();
    if (!recipient || !action) continue;
    recipients.push({
      recipient,
      action,
      status: /\d\.\d{1,3}\.\d{1,3}/.exec(block.get('status') ?? '')?.[0] ?? null,
      diagnostic:
        block
          .get('diagnostic-code')
          ?.replace(/^smtp;\s*/i, '')
          .slice(0, 1000) ?? null,
    });
  }
  if (recipients.length === 0) return undefined;
  const originalMessageId = originalHeaders
    ? (/^message-id:\s*(<[^>\s]+>)/im.exec(originalHeaders.replace(/\r\n[ \t]+/g, ' '))?.[1] ?? null)
    : null;
  return { reportingMta, recipients, originalMessageId };
}

/**
 * The `message/delivery-status` body of a top-level `multipart/report` (mailparser folds it into
 * the text, so it is cut from the raw message by its boundary). Only the top level is read: that
 * is where RFC 3462 puts it.
 */
export function deliveryStatusPart(raw: Buffer, contentType: string): string | null {
  if (!/^multipart\/report\b/i.test(contentType) || !/report-type\s*=\s*"?(global-)?delivery-status/i.test(contentType))
    return null;
  const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return null;
  const text = raw.toString('latin1');
  for (const part of text.split(`--${marker}`).slice(1)) {
    const split = /\r?\n\r?\n/.exec(part);
    if (!split) continue;
    const headers = part.slice(0, split.index).replace(/\r?\n[ \t]+/g, ' ');
    if (!/^content-type:\s*message\/(global-)?delivery-status/im.test(headers)) continue;
    const body = part.slice(split.index + split[0].length);
    const bytes = /^content-transfer-encoding:\s*base64/im.test(headers)
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
      : Buffer.from(body, 'latin1');
    return bytes.toString('utf8');
  }
  return null;
}
