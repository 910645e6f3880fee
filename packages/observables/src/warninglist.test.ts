import { describe, expect, it } from 'vitest';
import { BUILTIN_WARNINGLIST, WarninglistFormatError, WarninglistMatcher, parseWarninglist } from './warninglist.js';

describe('MISP warninglists', () => {
  it('reads a MISP list.json and refuses what is not one, saying why', () => {
    const list = parseWarninglist({
      name: 'List of known Google DNS',
      version: 3,
      description: 'Public resolvers',
      type: 'cidr',
      list: ['8.8.8.8/32', '2001:4860:4860::8888'],
      matching_attributes: ['ip-src', 'ip-dst'],
    });
    expect(list).toMatchObject({ name: 'List of known Google DNS', type: 'cidr', version: 3 });
    expect(() => parseWarninglist([])).toThrow(WarninglistFormatError);
    expect(() => parseWarninglist({ name: 'x', type: 'glob', list: [] })).toThrow(/"type"/);
    expect(() => parseWarninglist({ name: 'x', type: 'cidr', list: ['not-an-ip'] })).toThrow(/not an IP/);
    expect(() => parseWarninglist({ name: 'x', type: 'regex', list: ['/(/'] })).toThrow(/regular expression/);
    expect(() => parseWarninglist({ name: 'x', type: 'string', list: [1] })).toThrow(/array of strings/);
  });

  it('matches each MISP type: string, substring, hostname with subdomains, CIDR, regex', () => {
    const matcher = new WarninglistMatcher([
      { name: 'strings', type: 'string', list: ['tracker.example.net'] },
      { name: 'substrings', type: 'substring', list: ['/unsubscribe?'], matching_attributes: ['url'] },
      { name: 'hosts', type: 'hostname', list: ['example-cdn.com'] },
      { name: 'ranges', type: 'cidr', list: ['192.0.2.0/24', '2001:db8::/32'] },
      { name: 'patterns', type: 'regex', list: ['/^https?:\\/\\/news\\.example\\.org\\//i'] },
    ]);
    expect(matcher.match('domain', 'tracker.example.net')).toBe('strings');
    expect(matcher.match('url', 'http://tracker.example.net/p.gif')).toBe('strings');
    expect(matcher.match('url', 'https://shop.example.jp/unsubscribe?id=1')).toBe('substrings');
    expect(matcher.match('domain', 'unsubscribe?')).toBeUndefined(); // only URLs
    expect(matcher.match('domain', 'img.example-cdn.com')).toBe('hosts');
    expect(matcher.match('url', 'https://example-cdn.com/x.png')).toBe('hosts');
    expect(matcher.match('domain', 'notexample-cdn.com')).toBeUndefined();
    expect(matcher.match('ipv4', '192.0.2.77')).toBe('ranges');
    expect(matcher.match('url', 'http://192.0.2.8/login')).toBe('ranges');
    expect(matcher.match('ipv6', '2001:db8::1')).toBe('ranges');
    expect(matcher.match('ipv4', '198.51.100.1')).toBeUndefined();
    expect(matcher.match('url', 'HTTPS://news.example.org/a')).toBe('patterns');
    expect(matcher.match('url', 'https://phish.example.com/login')).toBeUndefined();
  });

  it('the built-in list covers web fonts, schemas and social-media pages, not the services phishing uses', () => {
    const matcher = new WarninglistMatcher([BUILTIN_WARNINGLIST]);
    expect(matcher.match('url', 'https://fonts.googleapis.com/css?family=Roboto')).toBeDefined();
    expect(matcher.match('url', 'https://www.linkedin.com/company/example')).toBeDefined();
    expect(matcher.match('url', 'https://docs.google.com/forms/d/e/1FAIpQL/viewform')).toBeUndefined();
    expect(matcher.match('md5', 'd41d8cd98f00b204e9800998ecf8427e')).toBeUndefined();
  });
});
