import { createSocket } from 'node:dgram';
import { createServer, type Server } from 'node:http';
import dnsPacket from 'dns-packet';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Organisation, Resolution } from '@renkei/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { addMember, makeUser, signIn, type Client } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';
import { createWorkspace } from '../../core/admin/index.js';
import { RdapClient } from './rdap-client.js';
import { loadRdapBootstrap, parseDomainAnswer, rdapBaseForDomain, rdapBaseForIp, rirOfCountry } from './rdap.js';

/** A registry's RDAP service on loopback, answering as RFC 9083 says, counting what it is asked. */
async function startRdapServer(): Promise<{ url: string; asked: string[]; close(): Promise<void> }> {
  const asked: string[] = [];
  const vcard = (fn: string, email?: string, tel?: string) => [
    'vcard',
    [
      ['version', {}, 'text', '4.0'],
      ['fn', {}, 'text', fn],
      ...(email ? [['email', {}, 'text', email]] : []),
      ...(tel ? [['tel', { type: 'voice' }, 'uri', `tel:${tel}`]] : []),
    ],
  ];
  const answers: Record<string, unknown> = {
    '/domain/phish-bank.test': {
      objectClassName: 'domain',
      ldhName: 'phish-bank.test',
      status: ['client transfer prohibited'],
      events: [{ eventAction: 'registration', eventDate: '2026-11-30T02:00:00Z' }],
      entities: [
        {
          objectClassName: 'entity',
          roles: ['registrar'],
          handle: '9999',
          publicIds: [{ type: 'IANA Registrar ID', identifier: '9999' }],
          vcardArray: vcard('Example Registrar, Inc.'),
          entities: [
            {
              objectClassName: 'entity',
              roles: ['abuse'],
              vcardArray: vcard('Abuse', 'abuse@registrar.test', '+81.312345678'),
            },
          ],
        },
      ],
    },
    '/ip/192.0.2.200': {
      objectClassName: 'ip network',
      handle: 'EXAMPLE-HOSTING-NET',
      name: 'EXAMPLE-HOSTING-NET',
      startAddress: '192.0.2.0',
      endAddress: '192.0.2.255',
      country: 'JP',
      port43: 'whois.nic.ad.jp',
      entities: [
        { objectClassName: 'entity', roles: ['registrant'], vcardArray: vcard('Example Hosting K.K.') },
        { objectClassName: 'entity', roles: ['abuse'], vcardArray: vcard('Abuse desk', 'abuse@hosting.test') },
      ],
    },
  };
  const server: Server = createServer((request, response) => {
    const url = request.url ?? '';
    asked.push(url);
    const answer = answers[url];
    response.writeHead(answer ? 200 : 404, { 'content-type': 'application/rdap+json' });
    response.end(JSON.stringify(answer ?? { errorCode: 404, title: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    asked,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Fixed network data in ip-location-db's formats, and a bootstrap pointing at the loopback registry. */
/**
 * A DNS server on loopback UDP (dns-packet encodes and decodes; Node's own resolver, c-ares, is
 * the client): A records from `zone`, NXDOMAIN for anything else.
 */
async function startDnsServer(zone: Record<string, string>): Promise<{ server: string; close(): void }> {
  const socket = createSocket('udp4');
  socket.on('message', (message, peer) => {
    const query = dnsPacket.decode(message);
    const question = query.questions?.[0];
    const address = question && question.type === 'A' ? zone[question.name.toLowerCase()] : undefined;
    const known = question !== undefined && zone[question.name.toLowerCase()] !== undefined;
    const answer = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (known ? 0 : 3), // rcode 3: NXDOMAIN
      questions: query.questions,
      answers: address ? [{ type: 'A', name: question!.name, ttl: 60, data: address }] : [],
    });
    socket.send(answer, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { server: `127.0.0.1:${socket.address().port}`, close: () => socket.close() };
}

function writeNetdata(dir: string, rdapUrl: string): void {
  writeFileSync(
    path.join(dir, 'asn-ipv4.csv'),
    '192.0.2.0,192.0.2.255,64500,"Example Hosting, K.K."\n198.51.100.0,198.51.100.255,64510,Example ISP\n',
  );
  writeFileSync(
    path.join(dir, 'asn-ipv6.csv'),
    '2001:db8::,2001:db8:ffff:ffff:ffff:ffff:ffff:ffff,64500,"Example Hosting, K.K."\n',
  );
  writeFileSync(
    path.join(dir, 'geo-whois-asn-country-ipv4.csv'),
    '192.0.2.0,192.0.2.255,JP\n198.51.100.0,198.51.100.255,US\n',
  );
  writeFileSync(
    path.join(dir, 'geo-whois-asn-country-ipv6.csv'),
    '2001:db8::,2001:db8:ffff:ffff:ffff:ffff:ffff:ffff,JP\n',
  );
  mkdirSync(path.join(dir, 'rdap'), { recursive: true });
  const bootstrap = (services: unknown) => JSON.stringify({ version: '1.0', services });
  writeFileSync(path.join(dir, 'rdap', 'dns.json'), bootstrap([[['test'], [rdapUrl]]]));
  writeFileSync(path.join(dir, 'rdap', 'ipv4.json'), bootstrap([[['192.0.2.0/24', '198.51.100.0/24'], [rdapUrl]]]));
  writeFileSync(path.join(dir, 'rdap', 'ipv6.json'), bootstrap([[['2001:db8::/32'], [rdapUrl]]]));
}

describe('RDAP bootstrap', () => {
  it('finds the registry of a TLD in the shipped bootstrap, and an RIR for an address by country', () => {
    const bootstrap = loadRdapBootstrap('/nonexistent');
    expect(rdapBaseForDomain(bootstrap, 'www.example.com')).toBe('https://rdap.verisign.com/com/v1/');
    expect(rdapBaseForDomain(bootstrap, 'example.org')).toBe('https://rdap.publicinterestregistry.org/rdap/');
    expect(rdapBaseForIp(bootstrap, '133.1.1.1', 'JP')).toEqual({ base: 'https://rdap.apnic.net/', how: 'country' });
    expect(rirOfCountry('BR')).toBe('LACNIC');
    expect(rirOfCountry('DE')).toBe('RIPE');
    expect(rirOfCountry('US')).toBe('ARIN');
    expect(rirOfCountry('KE')).toBe('AFRINIC');
  });

  it('reads the registrar and its abuse contact from a domain answer', () => {
    expect(parseDomainAnswer({ entities: [] })).toMatchObject({ registrar: null, abuse: null });
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: responsible-party resolution`, () => {
    let test: TestApp;
    let rdap: Awaited<ReturnType<typeof startRdapServer>>;
    let netdata: string;
    let workspaceId: string;
    let handler: Client;
    let partner: Client;

    beforeAll(async () => {
      rdap = await startRdapServer();
      netdata = mkdtempSync(path.join(tmpdir(), 'renkei-netdata-'));
      writeNetdata(netdata, rdap.url);
      test = await createTestApp(dialect, { netdataDir: netdata, rdapMode: 'online', dns: 'off', rdapTimeoutMs: 2000 });
      workspaceId = (await createWorkspace(test.ctx, null, { slug: 'hub-res', name: 'Hub', kind: 'hub_operations' }))
        .id;
      const h = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, h.id, 'handler');
      handler = await signIn(test.app, h.username);
      const p = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, p.id, 'partner', 'GREEN');
      partner = await signIn(test.app, p.username);
      const add = async (organisation: Record<string, unknown>) => {
        const response = await handler.request({
          method: 'POST',
          url: `/api/workspaces/${workspaceId}/directory`,
          payload: organisation,
        });
        expect(response.statusCode).toBe(201);
        return response.json<Organisation>();
      };
      await add({
        name: 'JPCERT/CC',
        kind: 'national_csirt',
        country: 'JP',
        languages: ['ja', 'en'],
        emails: [{ address: 'info@jpcert.test', purpose: 'security' }],
        tlp: 'GREEN',
      });
      await add({
        name: 'Customer Net',
        kind: 'isp',
        country: 'JP',
        languages: ['ja'],
        emails: [
          { address: 'soc@customer.test', purpose: 'general' },
          { address: 'abuse@customer.test', purpose: 'abuse' },
        ],
        constituency: [
          { kind: 'cidr', value: '192.0.2.0/26' },
          { kind: 'cidr', value: '2001:db8:5::/48' },
        ],
        tlp: 'AMBER',
      });
    });
    afterAll(async () => {
      await test.destroy();
      await rdap.close();
      rmSync(netdata, { recursive: true, force: true });
    });

    const resolve = async (client: Client, q: string, category?: string) => {
      const response = await client.request({
        url: `/api/workspaces/${workspaceId}/resolve?q=${encodeURIComponent(q)}${category ? `&category=${category}` : ''}`,
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<Resolution>();
    };
    const factValue = (resolution: Resolution, name: string) => resolution.facts.find((f) => f.name === name);

    it('answers for an address with prefix, AS, country and the registry’s abuse contact, each with its source', async () => {
      const resolution = await resolve(handler, '192.0.2.200', 'scan');
      expect(resolution.kind).toBe('ip');
      expect(factValue(resolution, 'prefix')).toMatchObject({ value: '192.0.2.0/24', confidence: 'medium' });
      expect(factValue(resolution, 'prefix')!.source).toMatch(/^ip-location-db asn \(updated \d{4}-\d{2}-\d{2}\)$/);
      expect(factValue(resolution, 'asn')?.value).toBe('64500');
      expect(factValue(resolution, 'as_name')?.value).toBe('Example Hosting, K.K.');
      expect(factValue(resolution, 'country')?.value).toBe('JP');
      expect(factValue(resolution, 'abuse_email')).toEqual({
        name: 'abuse_email',
        value: 'abuse@hosting.test',
        source: `RDAP ${rdap.url}ip/192.0.2.200`,
        confidence: 'high',
      });
      expect(factValue(resolution, 'registry')?.value).toBe('JPNIC');
      expect(resolution.warnings.some((w) => w.includes('JPNIC'))).toBe(true);
      expect(resolution.parties.map((p) => [p.role, p.name, p.emails])).toEqual([
        ['network_operator', 'Example Hosting K.K.', ['abuse@hosting.test']],
        ['national_csirt', 'JPCERT/CC', ['info@jpcert.test']],
      ]);
    });

    it('lets the directory’s most specific constituency entry win, for IPv4 and IPv6', async () => {
      const resolution = await resolve(handler, '192.0.2.33', 'scan');
      expect(resolution.parties[0]).toMatchObject({
        role: 'network_operator',
        name: 'Customer Net',
        emails: ['abuse@customer.test', 'soc@customer.test'],
        confidence: 'high',
        reason: 'the directory lists 192.0.2.0/26 under Customer Net',
      });
      const v6 = await resolve(handler, '2001:DB8:5::77');
      expect(factValue(v6, 'asn')?.value).toBe('64500');
      expect(v6.parties[0]).toMatchObject({ name: 'Customer Net' });
      const outside = await resolve(handler, '2001:db8:6::1');
      expect(outside.parties.map((p) => p.name)).not.toContain('Customer Net');
    });

    it('never shows a party from a directory entry above the reader’s clearance', async () => {
      const resolution = await resolve(partner, '192.0.2.33', 'scan');
      expect(resolution.parties.map((p) => p.name)).not.toContain('Customer Net');
      expect(JSON.stringify(resolution)).not.toContain('customer.test');
    });

    it('names the hosting provider and the registrar for a phishing URL, and asks RDAP once (cached)', async () => {
      const domain = await resolve(handler, 'phish-bank.test', 'phishing_site');
      expect(factValue(domain, 'registered_domain')?.value).toBe('phish-bank.test');
      expect(factValue(domain, 'registrar')?.value).toBe('Example Registrar, Inc.');
      expect(factValue(domain, 'registrar_abuse_email')?.value).toBe('abuse@registrar.test');
      expect(factValue(domain, 'registered_on')?.value).toBe('2026-11-30');
      expect(domain.parties.map((p) => p.role)).toEqual(['registrar']);
      expect(domain.warnings.some((w) => w.includes('DNS look-ups are switched off'))).toBe(true);
      const url = await resolve(handler, 'http://192.0.2.200/login.php?id=1', 'phishing_site');
      expect(url.kind).toBe('url');
      expect(url.parties[0]).toMatchObject({ role: 'hosting_provider', emails: ['abuse@hosting.test'] });
      const before = rdap.asked.length;
      const again = await resolve(handler, 'phish-bank.test', 'phishing_site');
      expect(rdap.asked.length).toBe(before);
      expect(factValue(again, 'registrar')?.source).toMatch(/\(cached \d{4}-\d{2}-\d{2}\)$/);
    });

    it('looks a domain’s addresses up in DNS and names the hosting provider of the address', async () => {
      const dns = await startDnsServer({ 'phish-bank.test': '192.0.2.200' });
      const online = await createTestApp(dialect, {
        netdataDir: netdata,
        rdapMode: 'online',
        dns: 'system',
        dnsServers: dns.server,
        rdapTimeoutMs: 2000,
      });
      try {
        const hub = await createWorkspace(online.ctx, null, { slug: 'hub-dns', name: 'Hub', kind: 'hub_operations' });
        const user = await makeUser(online.ctx);
        await addMember(online.ctx, hub.id, user.id, 'handler');
        const client = await signIn(online.app, user.username);
        const ask = async (q: string) =>
          (
            await client.request({
              url: `/api/workspaces/${hub.id}/resolve?q=${encodeURIComponent(q)}&category=phishing_site`,
            })
          ).json<Resolution>();
        const domain = await ask('phish-bank.test');
        expect(factValue(domain, 'address')).toMatchObject({ value: '192.0.2.200', source: 'DNS' });
        expect(domain.parties.map((party) => party.role)).toEqual(['hosting_provider', 'registrar']);
        expect(domain.parties[0]).toMatchObject({ emails: ['abuse@hosting.test'] });
        const unknown = await ask('no-such-site.test');
        expect(factValue(unknown, 'address')).toBeUndefined();
        expect(unknown.warnings.some((warning) => warning.startsWith('DNS: no-such-site.test has no address'))).toBe(
          true,
        );
      } finally {
        await online.destroy();
        dns.close();
      }
    });

    it('answers offline from the cache only, and says so', async () => {
      const offline = new RdapClient(test.ctx.db, { mode: 'offline', timeoutMs: 1000, cacheHours: 0 });
      const cached = await offline.get(`${rdap.url}domain/phish-bank.test`);
      expect(cached).toMatchObject({ from: 'cache', status: 200 });
      const missing = await offline.get(`${rdap.url}domain/never-asked.test`);
      expect(missing).toMatchObject({ from: 'offline', status: 0 });
      const asked = rdap.asked.length;
      const online = new RdapClient(test.ctx.db, { mode: 'online', timeoutMs: 1000, cacheHours: 0 });
      expect((await online.get(`${rdap.url}domain/unknown.test`)).status).toBe(404);
      expect(rdap.asked.length).toBe(asked + 1);
    });

    it('refuses what is neither an address, a domain nor a URL', async () => {
      const response = await handler.request({
        url: `/api/workspaces/${workspaceId}/resolve?q=${encodeURIComponent('not a host!')}`,
      });
      expect(response.statusCode).toBe(422);
      expect(response.json<{ code: string }>().code).toBe('RESOLVER_QUERY_INVALID');
    });
  });
}

describe('the packaged network data', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp('sqlite', {
      netdataDir: '/nonexistent-renkei-netdata',
      rdapMode: 'offline',
      dns: 'off',
    });
  });
  afterAll(() => test.destroy());

  it('knows real address space: 1.1.1.1 is Cloudflare’s AS13335, 133.1.0.0/16 is in Japan', async () => {
    const { networkData } = await import('./resolver.service.js');
    const data = networkData(test.ctx);
    expect(data.asn.lookup('1.1.1.1')).toMatchObject({ value: { asn: 13335 }, prefix: '1.1.1.0/24' });
    expect(data.country.find('133.1.1.1')).toBe('JP');
    expect(data.asn.find('2001:200::1')?.asn).toBe(2500);
    expect(data.sources.asn.label).toMatch(/^ip-location-db asn \d{4}-\d{2}-\d{2} \(packaged\)$/);
    expect(data.malformed).toBe(0);
  });
});

describe('renkei data update', () => {
  it('installs checked files and keeps the old data when a file is not in the expected format', async () => {
    const { updateNetworkData } = await import('./data-update.js');
    const { loadNetworkData } = await import('./netdata.js');
    const from = mkdtempSync(path.join(tmpdir(), 'renkei-update-'));
    const target = mkdtempSync(path.join(tmpdir(), 'renkei-netdata-'));
    writeFileSync(path.join(from, 'asn-ipv4.csv'), '203.0.113.0,203.0.113.255,64496,Documentation AS\n');
    writeFileSync(path.join(from, 'geo-whois-asn-country-ipv4.csv'), '<html>503 Service Unavailable</html>\n');
    writeFileSync(
      path.join(from, 'dns.json'),
      JSON.stringify({ services: [[['test'], ['https://rdap.example.test/']]] }),
    );
    const result = updateNetworkData(target, { from, rdapBootstrap: from });
    expect(result.installed.map((file) => file.file)).toEqual(['asn-ipv4.csv', 'rdap/dns.json']);
    expect(result.skipped).toEqual([
      { file: path.join(from, 'geo-whois-asn-country-ipv4.csv'), reason: '1 malformed lines of 1' },
    ]);
    const data = loadNetworkData(target);
    expect(data.asn.find('203.0.113.9')).toEqual({ asn: 64496, name: 'Documentation AS' });
    // The country file was refused: the packaged one still answers.
    expect(data.country.find('133.1.1.1')).toBe('JP');
    expect(rdapBaseForDomain(loadRdapBootstrap(target), 'x.test')).toBe('https://rdap.example.test/');
    rmSync(from, { recursive: true, force: true });
    rmSync(target, { recursive: true, force: true });
  });
});
