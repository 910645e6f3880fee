import { describe, expect, it } from 'vitest';
import { parseDeliveryStatus } from './delivery-status.js';

describe('delivery status notifications (RFC 3464)', () => {
  it('reads each recipient of a Postfix bounce and the Message-ID of the message returned', () => {
    const status = [
      'Reporting-MTA: dns; mx.relay.test',
      'X-Postfix-Queue-ID: 4F0A31234',
      'Arrival-Date: Sat,  5 Dec 2026 07:00:00 +0000 (UTC)',
      '',
      'Final-Recipient: rfc822; Abuse@Gone-Hosting.test',
      'Original-Recipient: rfc822;abuse@gone-hosting.test',
      'Action: failed',
      'Status: 5.1.1',
      'Remote-MTA: dns; mx.gone-hosting.test',
      'Diagnostic-Code: smtp; 550 5.1.1 <abuse@gone-hosting.test>: Recipient address',
      '    rejected: User unknown in virtual mailbox table',
      '',
      'Final-Recipient: rfc822; noc@slow.test',
      'Action: delayed',
      'Status: 4.4.1',
      '',
    ].join('\r\n');
    const headers = 'From: csirt@renkei.test\r\nMessage-ID:\r\n <abc-123@renkei.test>\r\nSubject: x\r\n';
    expect(parseDeliveryStatus(status, headers)).toEqual({
      reportingMta: 'dns; mx.relay.test',
      originalMessageId: '<abc-123@renkei.test>',
      recipients: [
        {
          recipient: 'abuse@gone-hosting.test',
          action: 'failed',
          status: '5.1.1',
          diagnostic:
            '550 5.1.1 <abuse@gone-hosting.test>: Recipient address rejected: User unknown in virtual mailbox table',
        },
        { recipient: 'noc@slow.test', action: 'delayed', status: '4.4.1', diagnostic: null },
      ],
    });
  });

  it('is not a report without a recipient block, and has no Message-ID without the returned headers', () => {
    expect(parseDeliveryStatus('Reporting-MTA: dns; a.test\n', null)).toBeUndefined();
    expect(
      parseDeliveryStatus('Final-Recipient: rfc822; a@b.test\nAction: failed\nStatus: 5.0.0\n', null)
        ?.originalMessageId,
    ).toBeNull();
  });
});
