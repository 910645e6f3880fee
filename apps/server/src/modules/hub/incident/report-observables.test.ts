import { describe, expect, it } from 'vitest';
import { splitSignature } from './report-observables.js';

describe('the signature block of a report', () => {
  it('is what follows the last "-- " line after the message', () => {
    expect(splitSignature('Please take this down.\n-- \nTaro Abuse Desk\nhttps://forwarder.example/\n')).toEqual({
      main: 'Please take this down.\n',
      signature: '-- \nTaro Abuse Desk\nhttps://forwarder.example/\n',
    });
  });

  it('is nothing when no message comes before the delimiter: a scam that opens with "--" is all message', () => {
    const scam =
      '--\n I am Manuel Franco, you have a donation of $2,800,000.00.\nContact manuelfranco@example.com\nhttps://youtu.example/x\n';
    expect(splitSignature(scam)).toEqual({ main: scam, signature: '' });
    expect(splitSignature(`\n \n${scam}`).signature).toBe('');
  });

  it('is nothing when what follows is too long to be a signature', () => {
    const body = `Hello\n-- \n${Array.from({ length: 25 }, (_, i) => `line ${i}`).join('\n')}`;
    expect(splitSignature(body)).toEqual({ main: body, signature: '' });
  });
});
