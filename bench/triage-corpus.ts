/**
 * A small labelled set of report texts written for the project (Japanese and English), one group
 * per national category, for bench/triage.ts when no folder of real mail is given. Each text is
 * what a report says, not what the rules look for: several are written to trip naive patterns
 * (a phishing mail that says "not", a hex string with "c2", a scan report with "pot").
 */
import type { NationalCategory } from '@renkei/contracts';

export const TRIAGE_CORPUS: Record<NationalCategory, string[]> = {
  phishing_site: [
    'Your account is not verified. Log in at https://secure-paypal.example-login.com/ to avoid suspension.',
    '【重要】お客様のアカウントが一時停止されました。こちらから本人確認をお願いします https://amaz0n-jp.example.com/',
    'フィッシングサイトを発見しました。銀行を装った偽サイトです。',
    'We found a phishing page imitating our webmail, hosted on a compromised WordPress: hxxps://mail-login[.]example[.]net/owa',
    'Invoice 3c2f9a7b attached. Please pay the outstanding amount by Friday or your service will not continue.',
  ],
  website_defacement: [
    '弊社ウェブサイトのトップページが改ざんされ、「Hacked by」という文言が表示されています。',
    'Our municipal web site was defaced overnight; the home page shows a political message.',
  ],
  malware_site: [
    'このURLからマルウェアがダウンロードされます。Emotet の配布サイトと思われます。',
    'The domain hosts a trojan dropper and acts as a C2 for infected hosts (beaconing every 60 s).',
    'Ransomware note found on file servers; the sample contacts a command-and-control server.',
  ],
  scan: [
    '203.0.113.7 から当社の全グローバル IP に対してポートスキャンを受けています。',
    'Brute-force SSH login attempts from 198.51.100.23, about 4,000 per hour, honeypot logs attached.',
    'Scanning of port 445 across our /24 observed since 02:00 UTC.',
  ],
  dos: [
    '昨夜 22 時から DDoS 攻撃を受け、ウェブサービスが 3 時間停止しました。',
    'Our DNS servers are under a DDoS (UDP reflection, 40 Gbps).',
  ],
  ics: [
    '浄水場の監視制御システム（SCADA）の HMI に不審なログインがありました。',
    'Modbus/TCP writes from an unknown host changed PLC set-points at a water utility.',
    'Our OT network at the plant received traffic to port 502 from the IT side.',
  ],
  targeted_attack: [
    '標的型攻撃メールと思われる、実在の取引先を装った添付ファイル付きメールを受信しました。',
    'Spear-phishing aimed at our finance staff, referencing an internal project by name (APT suspected).',
  ],
  other: [
    '問い合わせです。貴センターの連絡先 PGP 鍵を教えてください。',
    'Please update our point of contact: the new address is soc@example.org.',
  ],
};
