import { describe, expect, it } from 'vitest';
import { extractObservables, extractSourcedObservables, isEvidence, type Observable } from './extract.js';
import { registeredDomain } from './normalize.js';
import { defang, refang } from './refang.js';

const values = (observables: Observable[], type: Observable['type']) =>
  observables.filter((o) => o.type === type).map((o) => o.value);

describe('refang', () => {
  it.each([
    ['hxxp://example[.]com/a', 'http://example.com/a'],
    ['hXXps[:]//evil(.)example(.)jp', 'https://evil.example.jp'],
    ['203[.]0[.]113[.]5', '203.0.113.5'],
    ['info[@]example[dot]com', 'info@example.com'],
    ['ｈｔｔｐ：／／ｅｘａｍｐｌｅ．ｃｏｍ', 'http://example.com'],
    ['example[ドット]jp', 'example.jp'],
  ])('%s → %s', (defanged, expected) => {
    expect(refang(defanged)).toBe(expected);
  });

  it('defangs for display', () => {
    expect(defang('https://evil.example.jp/a')).toBe('hxxps://evil[.]example[.]jp/a');
  });
});

describe('extractObservables', () => {
  it('extracts every kind from a Japanese report with defanged indicators', () => {
    const text = `お世話になっております。以下のフィッシングサイトを確認しました。
URL: hxxps://secure-login[.]example-bank[.]co[.]jp/signin?id=123
IP アドレス：203[.]0[.]113[.]5 、送信元 2001:db8::1
連絡先 phish-report[@]example.com
検体 SHA256: 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08、MD5 d41d8cd98f00b204e9800998ecf8427e
関連する脆弱性は CVE-2024-3400 です。AS64500 から配信。`;
    const found = extractObservables(text);
    expect(values(found, 'url')).toEqual(['https://secure-login.example-bank.co.jp/signin?id=123']);
    expect(values(found, 'domain')).toEqual(['secure-login.example-bank.co.jp']);
    expect(values(found, 'ipv4')).toEqual(['203.0.113.5']);
    expect(values(found, 'ipv6')).toEqual(['2001:db8::1']);
    expect(values(found, 'email')).toEqual(['phish-report@example.com']);
    expect(values(found, 'sha256')).toEqual(['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08']);
    expect(values(found, 'md5')).toEqual(['d41d8cd98f00b204e9800998ecf8427e']);
    expect(values(found, 'cve')).toEqual(['CVE-2024-3400']);
    expect(values(found, 'asn')).toEqual(['AS64500']);
  });

  it('finds indicators written right against Japanese text, with no space', () => {
    expect(
      extractObservables(
        '攻撃元は198.51.100.23です。ハッシュはd41d8cd98f00b204e9800998ecf8427e、CVE-2024-3400を悪用。不審なドメインevil-site.jpへ誘導、連絡先abuse@evil-site.jp。',
      ),
    ).toEqual([
      { type: 'domain', value: 'evil-site.jp' },
      { type: 'ipv4', value: '198.51.100.23' },
      { type: 'email', value: 'abuse@evil-site.jp' },
      { type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
      { type: 'cve', value: 'CVE-2024-3400' },
    ]);
  });

  it('undoes spaced defanging before it looks at the text piece by piece', () => {
    expect(
      extractObservables('contact abuse [at] evil-site [.] jp or evil-site [dot] jp; hxxp://bad [.] example [.] com/x'),
    ).toEqual([
      { type: 'url', value: 'http://bad.example.com/x' },
      { type: 'domain', value: 'bad.example.com' },
      { type: 'domain', value: 'evil-site.jp' },
      { type: 'email', value: 'abuse@evil-site.jp' },
    ]);
  });

  it('finds indicators without digits in English prose, at the end of a sentence too', () => {
    const found = extractObservables(
      'We saw a phishing site at https://login.bank-example.com/secure. Please block bank-example.com. Contact abuse@hosting.example.net. Also fe80::abcd was seen.',
    );
    expect(values(found, 'url')).toEqual(['https://login.bank-example.com/secure']);
    expect(values(found, 'domain').sort()).toEqual(['bank-example.com', 'login.bank-example.com']);
    expect(values(found, 'email')).toEqual(['abuse@hosting.example.net']);
    expect(values(found, 'ipv6')).toEqual(['fe80::abcd']);
  });

  it('looks for each kind only where it can be, and still finds every form of it', () => {
    const sha1 = 'a9993e364706816aba3e25717850c26c9cd0d89d';
    const sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const found = extractObservables(
      `HTTP://EVIL.EXAMPLE.COM/A and http://[2001:db8::7]/x and http://192.0.2.9:8080/y; ::1 and ::ffff:198.51.100.7 at 10:23:45. ` +
        `Full form 2001:0DB8:0000:0000:0000:0000:0000:00AB, with IPv4 64:ff9b:1:2:3:4:192.0.2.33. ` +
        `SHA-1 ${sha1}，SHA-256：${sha256} CVE-2023-12345 via ASN64501 and AS64502.`,
    );
    expect(values(found, 'url')).toEqual([
      'http://192.0.2.9:8080/y',
      'http://[2001:db8::7]/x',
      'http://evil.example.com/A',
    ]);
    expect(values(found, 'domain')).toEqual(['evil.example.com']);
    expect(values(found, 'ipv4')).toEqual(['192.0.2.33', '192.0.2.9', '198.51.100.7']);
    expect(values(found, 'ipv6')).toEqual(['2001:db8::7', '2001:db8::ab', '64:ff9b:1:2:3:4:c000:221', '::1']);
    expect(values(found, 'sha1')).toEqual([sha1]);
    expect(values(found, 'sha256')).toEqual([sha256]);
    expect(values(found, 'cve')).toEqual(['CVE-2023-12345']);
    expect(values(found, 'asn')).toEqual(['AS64501', 'AS64502']);
  });

  it('ends URLs at Japanese punctuation and brackets', () => {
    const found = extractObservables('詳細は「https://example.jp/info」を参照。また https://example.org/a。');
    expect(values(found, 'url')).toEqual(['https://example.jp/info', 'https://example.org/a']);
  });

  it('finds URLs with internationalised host names and stores them in punycode', () => {
    const found = extractObservables('偽サイト http://銀行-ログイン.jp/login にご注意');
    expect(values(found, 'url')).toEqual(['http://xn----jeu9a9q6az292in6oa.jp/login']);
    expect(values(found, 'domain')).toEqual(['xn----jeu9a9q6az292in6oa.jp']);
  });

  it('lower-cases hosts and keeps paths, queries and fragments as sent (a fragment is evidence)', () => {
    expect(values(extractObservables('HTTPS://WWW.Example.COM/Path/A?q=B#frag'), 'url')).toEqual([
      'https://www.example.com/Path/A?q=B#frag',
    ]);
    // Two shortener tokens in fragments are two URLs; a victim's address in a fragment is kept.
    expect(
      values(
        extractObservables(
          'https://tinyurl.com/#abc123 https://tinyurl.com/#xyz789 https://p.example.com/#victim@example.org',
        ),
        'url',
      ),
    ).toEqual([
      'https://p.example.com/#victim@example.org',
      'https://tinyurl.com/#abc123',
      'https://tinyurl.com/#xyz789',
    ]);
  });

  it('keeps brackets inside URLs, drops only unbalanced closing ones and &amp; written out', () => {
    const text =
      'Image http://img.example.com/biz/01%20(1).png and [http://x.example.net/a[1]] ' +
      '(see http://y.example.org/p) and http://z.example.com/r?a=1&amp;b=2 end.';
    expect(values(extractObservables(text), 'url')).toEqual([
      'http://img.example.com/biz/01%20(1).png',
      'http://x.example.net/a[1]',
      'http://y.example.org/p',
      'http://z.example.com/r?a=1&b=2',
    ]);
  });

  it('ends a URL at an invisible separator, so the next word is not glued on', () => {
    expect(values(extractObservables('http://evil.example.com/login\u200bClick here'), 'url')).toEqual([
      'http://evil.example.com/login',
    ]);
  });

  it('keeps URLs whose host has no public suffix, and numeric or hex hosts as addresses', () => {
    const found = extractObservables(
      'http://intranet-ip/cl/abc http://svc-123.a.run.app/x http://3232235777/a http://0xC0A80102/b',
    );
    expect(values(found, 'url')).toEqual([
      'http://192.168.1.1/a',
      'http://192.168.1.2/b',
      'http://intranet-ip/cl/abc',
      'http://svc-123.a.run.app/x',
    ]);
    expect(values(found, 'ipv4')).toEqual(['192.168.1.1', '192.168.1.2']);
  });

  it('takes hashes from text, not from inside URLs (a CDN cache key is not a file)', () => {
    const found = extractObservables(
      'https://cdn.example.com/app.js?v=d41d8cd98f00b204e9800998ecf8427e sample MD5: 0cc175b9c0f1b6a831c399e269772661',
    );
    expect(values(found, 'md5')).toEqual(['0cc175b9c0f1b6a831c399e269772661']);
  });

  it('keeps every source of an observable and how it was written', () => {
    const found = extractSourcedObservables([
      { text: 'HTTP://Evil.Example.COM/a', source: 'link' },
      { text: 'visit http://evil.example.com/a now', source: 'text' },
      { text: 'https://fonts.googleapis.com/css?family=Roboto', source: 'stylesheet' },
    ]);
    const evil = found.find((o) => o.type === 'url' && o.value === 'http://evil.example.com/a');
    expect(evil).toMatchObject({ sources: ['link', 'text'], seen: 'HTTP://Evil.Example.COM/a' });
    const font = found.find((o) => o.type === 'url' && o.value.startsWith('https://fonts'));
    expect(font?.sources).toEqual(['stylesheet']);
    expect(isEvidence(evil!.sources)).toBe(true);
    expect(isEvidence(font!.sources)).toBe(false);
    expect(isEvidence(['link', 'reporter'])).toBe(false);
  });

  it('does not take file names for domains', () => {
    expect(values(extractObservables('添付の report.pdf と invoice.docx と image.png を確認'), 'domain')).toEqual([]);
  });

  it('returns nothing from text without indicators, and deduplicates', () => {
    expect(extractObservables('本日は晴天なり。')).toEqual([]);
    expect(extractObservables('1.2.3.4 and 1.2.3.4 and 1[.]2[.]3[.]4')).toEqual([{ type: 'ipv4', value: '1.2.3.4' }]);
  });
});

describe('helpers', () => {
  it('finds the registered domain with the public suffix list', () => {
    expect(registeredDomain('a.b.example.co.jp')).toBe('example.co.jp');
    expect(registeredDomain('WWW.EXAMPLE.COM.')).toBe('example.com');
    expect(registeredDomain('victim-bank-login.github.io')).toBe('victim-bank-login.github.io');
  });
});
