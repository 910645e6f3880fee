import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  IpRangeIndexBuilder,
  addAsnLines,
  addCountryLines,
  formatIpv6,
  linesOf,
  parseCidr,
  parseIpv4,
  parseIpv6,
  type AutonomousSystem,
} from './index.js';

describe('addresses', () => {
  it('parses IPv4 as Node does, refusing leading zeros', () => {
    for (const text of [
      '0.0.0.0',
      '255.255.255.255',
      '192.0.2.1',
      '10.0.0.256',
      '1.2.3',
      '1.2.3.4.5',
      '01.2.3.4',
      '1..2.3',
      ' 1.2.3.4',
      '1.2.3.4/',
    ]) {
      expect(parseIpv4(text) !== undefined, text).toBe(isIP(text) === 4);
    }
    expect(parseIpv4('192.0.2.1')).toBe(0xc0000201);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
  });

  it('parses IPv6 as Node does and prints RFC 5952 text', () => {
    const cases = [
      '::',
      '::1',
      '2001:db8::',
      '2001:db8::1:0:0:1',
      '::ffff:192.0.2.1',
      '2001:DB8:0:0:0:0:0:1',
      '1:2:3:4:5:6:7:8',
      'fe80::1%eth0',
      ':::',
      '1:2:3:4:5:6:7:8:9',
      '12345::',
      '1::2::3',
      'g::1',
      '1:2:3:4:5:6:7::',
    ];
    for (const text of cases) expect(parseIpv6(text) !== undefined, text).toBe(isIP(text) === 6);
    expect(formatIpv6(parseIpv6('2001:DB8:0:0:0:0:0:1')!)).toBe('2001:db8::1');
    expect(formatIpv6(parseIpv6('2001:db8:0:0:1:0:0:1')!)).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6(parseIpv6('::')!)).toBe('::');
    expect(parseIpv6('::ffff:192.0.2.1')).toEqual([0, 0, 0xffff, 0xc0000201]);
  });

  it('parses CIDR blocks to their first and last address', () => {
    expect(parseCidr('192.0.2.77/24')).toEqual({ family: 4, start: 0xc0000200, end: 0xc00002ff, length: 24 });
    expect(parseCidr('2001:db8::/32')).toMatchObject({
      family: 6,
      start: [0x20010db8, 0, 0, 0],
      end: [0x20010db8, 0xffffffff, 0xffffffff, 0xffffffff],
    });
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('nonsense')).toBeUndefined();
  });
});

describe('range index', () => {
  const asnCsv = [
    '1.0.0.0,1.0.0.255,13335,"Cloudflare, Inc."',
    '16778240,16779263,38803,Gtelecom Pty Ltd', // 1.0.4.0–1.0.7.255 in the -num form
    '203.0.113.0,203.0.113.127,64500,"Example ""Quoted"" Net"',
    '2001:200::,2001:200:1b9:ffff:ffff:ffff:ffff:ffff,2500,WIDE Project',
    '42540488161975842760550356425300246528,42540488241204005274814694018844196863,6939,Hurricane Electric LLC',
    'garbage line',
    '1.2.3.4,::1,1,mixed families',
  ].join('\n');

  function asnIndex() {
    const builder = new IpRangeIndexBuilder<AutonomousSystem>((as) => `${as.asn}|${as.name}`);
    const counts = addAsnLines(builder, linesOf(asnCsv));
    return { index: builder.build(), counts };
  }

  it('loads both text and decimal forms and counts malformed lines', () => {
    const { index, counts } = asnIndex();
    expect(counts).toEqual({ added: 5, malformed: 2 });
    expect(index.size).toEqual({ v4: 3, v6: 2, values: 5 });
  });

  it('finds IPv4, IPv6 and IPv4-mapped addresses, with range and prefix', () => {
    const { index } = asnIndex();
    expect(index.find('1.0.0.1')).toEqual({ asn: 13335, name: 'Cloudflare, Inc.' });
    expect(index.find('1.0.5.9')?.asn).toBe(38803);
    expect(index.find('1.0.3.1')).toBeUndefined(); // between ranges
    expect(index.find('203.0.113.127')?.name).toBe('Example "Quoted" Net');
    expect(index.find('203.0.113.128')).toBeUndefined();
    expect(index.find('::ffff:1.0.0.9')?.asn).toBe(13335);
    expect(index.find('2001:200:1b9::5')?.asn).toBe(2500);
    expect(index.find('2001:200:1ba::')).toBeUndefined();
    expect(index.find('2001:0:0:1::1')?.asn).toBe(6939);
    expect(index.find('not an address')).toBeUndefined();
    expect(index.lookup('1.0.5.9')).toEqual({
      value: { asn: 38803, name: 'Gtelecom Pty Ltd' },
      start: '1.0.4.0',
      end: '1.0.7.255',
      prefix: '1.0.4.0/22',
    });
    // 2001:200::–2001:200:1b9:ffff:… is not one block: the prefix is the largest block holding the address.
    expect(index.lookup('2001:200:1b9::5')?.prefix).toBe('2001:200:1b8::/47');
    expect(index.lookup('2001:200::1')?.prefix).toBe('2001:200::/40');
  });

  it('lets the inner range win where ranges nest or cross (geolocation data nests them)', () => {
    const builder = new IpRangeIndexBuilder<string>();
    addCountryLines(
      builder,
      linesOf(
        [
          '10.0.0.0,10.0.0.255,JP',
          '10.0.0.128,10.0.1.255,US',
          '10.0.5.0,10.0.5.255,de',
          '10.0.5.16,10.0.5.16,BE',
          'bad,bad,XX',
          '10.0.3.0,10.0.3.255,JPN',
          '2001:db8::,2001:db8:ffff:ffff:ffff:ffff:ffff:ffff,NL',
          '2001:db8:1::,2001:db8:1::ff,FR',
        ].join('\n'),
      ),
    );
    const index = builder.build();
    expect(index.find('10.0.0.5')).toBe('JP');
    expect(index.find('10.0.0.200')).toBe('US');
    expect(index.find('10.0.1.5')).toBe('US');
    expect(index.find('10.0.5.15')).toBe('DE');
    expect(index.find('10.0.5.16')).toBe('BE');
    expect(index.find('10.0.5.17')).toBe('DE');
    expect(index.find('10.0.3.1')).toBeUndefined();
    expect(index.find('2001:db8:1::80')).toBe('FR');
    expect(index.find('2001:db8:1::100')).toBe('NL');
    expect(index.find('2001:db8::1')).toBe('NL');
    expect(index.lookup('10.0.5.17')).toMatchObject({ start: '10.0.5.17', end: '10.0.5.255' });
  });

  it('answers the same as a linear scan over 5,000 random ranges, nested and crossing', () => {
    // A deterministic pseudo-random set of ranges, checked against brute force: the answer is
    // the range that sorts last (start ascending, end descending) among those holding the address.
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0);
    const ranges: [number, number, string][] = [];
    for (let i = 0; i < 5000; i++) {
      const start = next() % 50_000_000;
      const end = start + (next() % (i % 10 === 0 ? 2_000_000 : 20_000));
      ranges.push([start, end, `v${i % 37}`]);
    }
    const builder = new IpRangeIndexBuilder<string>();
    for (const [start, end, value] of ranges) builder.addV4(start, end, value);
    const index = builder.build();
    const sorted = [...ranges].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    for (let i = 0; i < 5000; i++) {
      const address = next() % 52_000_000;
      const expected = sorted.filter(([start, end]) => address >= start && address <= end).at(-1)?.[2];
      expect(index.findV4(address)).toBe(expected);
    }
  });
});
