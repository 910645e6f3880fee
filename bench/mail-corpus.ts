/**
 * A deterministic corpus of realistic report mail for benchmarks: Japanese and English bodies
 * of about 20 KB (median), indicators in plain and defanged form, one in ten with an attachment
 * and one in ten forwarding the original message as message/rfc822.
 */
const JA = [
  'お世話になっております。弊社にて以下のフィッシングサイトを確認しましたので報告いたします。',
  '当該サイトは実在する銀行のログイン画面を模倣しており、利用者の認証情報を窃取する目的と考えられます。',
  'ホスティング事業者への停止依頼についてご調整をお願いできますでしょうか。',
  '弊社のウェブサーバに対して継続的なスキャンを観測しています。送信元のアドレスは以下のとおりです。',
  '制御システムのネットワークにおいて不審な通信を検知しました。詳細は添付のログをご確認ください。',
];
const EN = [
  'We would like to report a phishing site impersonating a Japanese financial institution.',
  'The site collects credentials and one-time passwords and forwards them to a remote server.',
  'Please coordinate with the hosting provider and the registrar to take the site down.',
  'Our sensors observed repeated scanning of TCP/445 from the addresses listed below.',
  'Please treat this information as TLP:AMBER and share it only with the parties who need it.',
];

/** xorshift32: the same corpus on every run. */
export function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]!;
}

function indicators(next: () => number, index: number): string {
  const host = `site${Math.floor(next() * 5000)}.phish-${index % 700}-renkei-bench.com`;
  const ip = `203.0.${Math.floor(next() * 255)}.${Math.floor(next() * 255)}`;
  const defang = next() < 0.5;
  return [
    defang ? `hxxps://${host.replace(/\./g, '[.]')}/login?id=${index}` : `https://${host}/login?id=${index}`,
    defang ? ip.replace(/\./g, '[.]') : ip,
    Array.from({ length: 64 }, () => '0123456789abcdef'[Math.floor(next() * 16)]).join(''),
  ].join('\n');
}

function base64Lines(buffer: Buffer): string {
  return buffer.toString('base64').replace(/.{76}/g, '$&\r\n');
}

const JA_PLACES = [
  '本店営業部',
  '大阪支店',
  '監視センター',
  '浄水場',
  '変電所',
  '物流拠点',
  '札幌事業所',
  '福岡データセンター',
];
const JA_SYSTEMS = ['認証サーバ', 'ウェブサイト', 'メールゲートウェイ', 'VPN装置', '制御用端末', '顧客管理システム'];
const EN_VERBS = ['blocked', 'logged', 'observed', 'reported', 'forwarded', 'quarantined'];

/**
 * A line of varied text: the sentence plus details that differ from line to line (times,
 * places, counts), as in real reports and pasted logs — but no more indicators than the
 * repetitive corpus, so that the two differ in their words only. Japanese lines, which have no
 * spaces, then come out as distinct words, as Japanese prose does.
 */
function variedLine(next: () => number, isJapanese: boolean): string {
  const n = (max: number) => Math.floor(next() * max);
  const time = `${String(n(24)).padStart(2, '0')}:${String(n(60)).padStart(2, '0')}:${String(n(60)).padStart(2, '0')}`;
  if (isJapanese)
    return `${pick(next, JA)}（11月${1 + n(28)}日${time}頃、${pick(next, JA_PLACES)}の${pick(next, JA_SYSTEMS)}で${1 + n(500)}件）`;
  return `${pick(next, EN)} ${time} ${pick(next, EN_VERBS)} ${1 + n(500)} requests to port ${n(65536)} of host ${n(10_000)} in rack ${n(100)}.`;
}

/**
 * `vocabulary`: `repetitive` (the default, comparable with earlier figures) draws every line from
 * five sentences; `varied` adds details that differ from line to line (BENCH_VOCABULARY=varied).
 */
export type Vocabulary = 'repetitive' | 'varied';

export function makeMessage(index: number, seed = 42, vocabulary: Vocabulary = 'repetitive'): Buffer {
  const next = random(seed + index * 7919);
  const isJapanese = next() < 0.6;
  const lines = isJapanese ? JA : EN;
  const targetBytes = 8_000 + Math.floor(next() * 24_000); // median ≈ 20 KB
  let body = '';
  // Counted line by line: measuring the whole body after each line made generation quadratic.
  for (let bytes = 0; bytes < targetBytes;) {
    const line = `${vocabulary === 'varied' ? variedLine(next, isJapanese) : pick(next, lines)}\r\n`;
    body += line;
    bytes += Buffer.byteLength(line);
  }
  body += `\r\n${indicators(next, index)}\r\n`;
  const subject = isJapanese ? `フィッシングサイトの報告 ${index}` : `Phishing report ${index}`;
  const headers = [
    `From: reporter${index % 300}@sender-${index % 50}.example.jp`,
    'To: report@renkei.example',
    `Subject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=`,
    `Message-ID: <bench-${seed}-${index}@renkei.example>`,
    `Date: ${new Date(Date.UTC(2026, 10, 1) + index * 60_000).toUTCString()}`,
    'MIME-Version: 1.0',
  ];
  const textPart = `Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(Buffer.from(body))}`;
  const kind = index % 10;
  if (kind !== 3 && kind !== 7) return Buffer.from(`${headers.join('\r\n')}\r\n${textPart}`);
  const attachment =
    kind === 3
      ? `Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="evidence-${index}.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(Buffer.from(Array.from({ length: 30_000 }, () => Math.floor(next() * 256))))}`
      : `Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename="original.eml"\r\n\r\nReceived: from x (x [198.51.100.${index % 250}])\r\nFrom: "Bank" <notice@bank-${index % 90}-renkei-bench.com>\r\nSubject: Verify your account\r\nMessage-ID: <orig-${index}@renkei-bench.com>\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nPlease verify: https://verify-${index % 400}.bank-renkei-bench.com/a\r\n`;
  return Buffer.from(
    `${headers.join('\r\n')}\r\nContent-Type: multipart/mixed; boundary="bench"\r\n\r\n--bench\r\n${textPart}\r\n--bench\r\n${attachment}\r\n--bench--\r\n`,
  );
}
