import { describe, expect, it } from 'vitest';
import { suggestTriage } from './triage-rules.js';

describe('triage rules on real-mail wording', () => {
  it('does not take "not", "pot" or hex for control-system or C2 evidence', () => {
    for (const text of [
      'Your account is not verified. Do not ignore this notice.',
      'We could not deliver the pot you ordered.',
      'Tracking id 3c2f9a0b7e1d and ref C2F4-99, please confirm your payment.',
      'アカウントが確認できませんでした。こちらからログインしてください。',
    ]) {
      const suggestion = suggestTriage(text);
      expect({ text, isIcs: suggestion.isIcs, rsit: suggestion.rsitType }).toEqual({ text, isIcs: false, rsit: null });
    }
  });

  it('recognises ICS evidence and C2 as words', () => {
    expect(suggestTriage('SCADA の HMI に不正アクセスがありました').isIcs).toBe(true);
    expect(suggestTriage('Modbus/TCP traffic from an unknown host to our PLC').isIcs).toBe(true);
    expect(suggestTriage('OTネットワークで異常な通信を検知').isIcs).toBe(true);
    expect(suggestTriage('Our IT/OT boundary firewall logged it').isIcs).toBe(true);
    expect(suggestTriage('The malware beacons to a C2 server').rsitType).toBe('malware-distribution');
    expect(suggestTriage('制御システムがランサムウェアに感染').priority).toBe('high');
  });

  it('suggests phishing from the lure when the mail never says "phishing"', () => {
    for (const text of [
      'Your account has been suspended. Verify your account within 24 hours.',
      'Your mailbox will expire today; sign in to keep your messages.',
      'We noticed unusual sign-in activity on your account.',
      'お客様のアカウントが一時停止されました。本人確認をお願いします。',
      'パスワードの有効期限が切れます。',
    ])
      expect({ text, rsit: suggestTriage(text).rsitType }).toEqual({ text, rsit: 'phishing' });
    // Ordinary account mail stays unclassified.
    expect(suggestTriage('Your order has shipped and will arrive on Monday.').rsitType).toBeNull();
  });
});
