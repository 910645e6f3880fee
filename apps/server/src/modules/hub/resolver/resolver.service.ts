/**
 * Responsible-party resolution: for an address, a domain or a URL, the facts (prefix, AS,
 * country, registrar, abuse contacts) and the parties who can act, each with its evidence. The
 * directory's constituency wins over external data (it is the team's own knowledge, most
 * specific entry first); then RDAP; then the offline AS data. Every fact names its source.
 * @module
 */
import { promises as dns } from 'node:dns';
import path from 'node:path';
import {
  CONTENT_CATEGORIES,
  type Confidence,
  type Fact,
  type NationalCategory,
  type PartyProposal,
  type PartyRole,
  type Resolution,
  type Tlp,
} from '@renkei/contracts';
import { canonicalIp } from '@renkei/feeds';
import { parse as parseDomain } from 'tldts';
import { AppError, assertPermission, readableTlps, type Actor, type AppContext } from '../../../platform/index.js';
import {
  loadConstituency,
  nationalCsirtsOf,
  organisationRows,
  type ConstituencyMatch,
  type ConstituencyOwner,
  type DirectoryOrganisationRow,
} from '../directory/index.js';
import { NetworkDataHolder, type NetworkData } from './netdata.js';
import {
  loadRdapBootstrap,
  parseDomainAnswer,
  parseNetworkAnswer,
  rdapBaseForAsn,
  rdapBaseForDomain,
  rdapBaseForIp,
  type RdapBootstrap,
} from './rdap.js';
import { RdapClient, type RdapAnswer } from './rdap-client.js';
import { resolverConfig } from './resolver.config.js';

const holders = new Map<string, NetworkDataHolder>();
const bootstraps = new Map<string, RdapBootstrap>();

export function netdataDirOf(ctx: AppContext): string {
  return resolverConfig.of(ctx.config).netdataDir || path.join(ctx.config.dataDir, 'netdata');
}

/** The offline IP data (loaded on first use, reloaded when `renkei data update` changes it). */
export function networkData(ctx: AppContext): NetworkData {
  const dir = netdataDirOf(ctx);
  let holder = holders.get(dir);
  if (!holder) holders.set(dir, (holder = new NetworkDataHolder(dir)));
  return holder.get();
}

function rdapBootstrap(ctx: AppContext): RdapBootstrap {
  const dir = netdataDirOf(ctx);
  let bootstrap = bootstraps.get(dir);
  if (!bootstrap) bootstraps.set(dir, (bootstrap = loadRdapBootstrap(dir)));
  return bootstrap;
}

/** Forgets loaded data so the next question reads the files again (after `renkei data update`). */
export function forgetNetworkData(): void {
  holders.clear();
  bootstraps.clear();
}

function rdapClient(ctx: AppContext): RdapClient {
  const config = resolverConfig.of(ctx.config);
  return new RdapClient(ctx.db, {
    mode: config.rdapMode,
    timeoutMs: config.rdapTimeoutMs,
    cacheHours: config.rdapCacheHours,
  });
}

const rdapSource = (answer: RdapAnswer) =>
  `RDAP ${answer.url}${answer.from === 'cache' ? ` (cached ${answer.fetchedAt?.slice(0, 10) ?? ''})` : ''}`;

/** What one question found, before it becomes an answer. */
interface Findings {
  facts: Fact[];
  warnings: string[];
  /** The directory's entry for the thing asked about, if any (readable ones only). */
  constituency?: ConstituencyMatch<ConstituencyOwner>;
  network?: { asName?: string; asn?: number; country?: string; abuse?: string[]; holder?: string; registry?: string };
  registrar?: { name: string; abuse: string[]; ianaId: string | null };
}

function fact(name: string, value: string | number, source: string, confidence: Confidence): Fact {
  return { name, value: String(value), source, confidence };
}

function readable(match: ConstituencyMatch<ConstituencyOwner> | undefined, tlps: readonly Tlp[]) {
  return match && tlps.includes(match.owner.tlp) ? match : undefined;
}

async function findForIp(
  ctx: AppContext,
  workspaceId: string,
  tlps: readonly Tlp[],
  address: string,
): Promise<Findings> {
  const findings: Findings = { facts: [], warnings: [] };
  const data = networkData(ctx);
  const as = data.asn.lookup(address);
  const country = data.country.find(address);
  if (as) {
    const source = data.sources.asn.label;
    findings.facts.push(
      fact('prefix', as.prefix, source, 'medium'),
      fact('asn', as.value.asn, source, 'medium'),
      fact('as_name', as.value.name, source, 'medium'),
    );
  } else findings.warnings.push('The address is in no announced range of the offline AS data.');
  if (country) findings.facts.push(fact('country', country, data.sources.country.label, 'medium'));
  findings.network = {
    ...(as ? { asn: as.value.asn, asName: as.value.name } : {}),
    ...(country ? { country } : {}),
  };

  const index = await loadConstituency(ctx.db, workspaceId);
  findings.constituency =
    readable(index.matchIp(address), tlps) ?? (as ? readable(index.matchAsn(as.value.asn), tlps) : undefined);
  if (findings.constituency)
    findings.facts.push(
      fact(
        'constituency',
        `${findings.constituency.owner.name} (${findings.constituency.kind} ${findings.constituency.entry})`,
        'directory',
        'high',
      ),
    );

  const base = rdapBaseForIp(rdapBootstrap(ctx), address, country);
  if (base) {
    const answer = await rdapClient(ctx).get(`${base.base}ip/${address}`);
    if (answer.status === 200) {
      const network = parseNetworkAnswer(answer.body);
      const source = rdapSource(answer);
      if (network.name) findings.facts.push(fact('network_name', network.name, source, 'high'));
      if (network.range) findings.facts.push(fact('network_range', network.range, source, 'high'));
      if (network.holder?.name) findings.facts.push(fact('network_holder', network.holder.name, source, 'high'));
      for (const email of network.abuse?.emails ?? []) findings.facts.push(fact('abuse_email', email, source, 'high'));
      if (network.registry) findings.facts.push(fact('registry', network.registry, source, 'high'));
      if (network.registry === 'JPNIC')
        findings.warnings.push(
          'Japanese address space: JPNIC holds the record; abuse contacts are registrable there since 2022-08, and the network’s own contact may be more direct than the AS’s.',
        );
      findings.network = {
        ...findings.network,
        ...(network.abuse?.emails.length ? { abuse: network.abuse.emails } : {}),
        ...(network.holder?.name ? { holder: network.holder.name } : {}),
        ...(network.registry ? { registry: network.registry } : {}),
      };
    } else if (answer.from === 'offline')
      findings.warnings.push('RDAP is offline and holds no cached answer for this address.');
    else if (answer.error) findings.warnings.push(`RDAP ${answer.url}: ${answer.error}`);
    else if (answer.status === 404) findings.warnings.push(`RDAP ${answer.url}: not found`);
  }
  return findings;
}

async function findForDomain(
  ctx: AppContext,
  workspaceId: string,
  tlps: readonly Tlp[],
  host: string,
): Promise<Findings> {
  const findings: Findings = { facts: [], warnings: [] };
  const parsed = parseDomain(host, { allowPrivateDomains: false });
  const registered = parsed.domain;
  if (!registered) {
    findings.warnings.push('The name is not under a public suffix.');
    return findings;
  }
  findings.facts.push(fact('registered_domain', registered, 'Public Suffix List (tldts)', 'high'));
  const index = await loadConstituency(ctx.db, workspaceId);
  findings.constituency = readable(index.matchDomain(host), tlps);
  if (findings.constituency)
    findings.facts.push(
      fact(
        'constituency',
        `${findings.constituency.owner.name} (domain ${findings.constituency.entry})`,
        'directory',
        'high',
      ),
    );
  const base = rdapBaseForDomain(rdapBootstrap(ctx), registered);
  if (!base) findings.warnings.push(`No RDAP service is known for .${parsed.publicSuffix ?? ''}.`);
  else {
    const answer = await rdapClient(ctx).get(`${base}domain/${registered}`);
    if (answer.status === 200) {
      const registration = parseDomainAnswer(answer.body);
      const source = rdapSource(answer);
      if (registration.registrar?.name) {
        findings.facts.push(fact('registrar', registration.registrar.name, source, 'high'));
        if (registration.registrar.ianaId)
          findings.facts.push(fact('registrar_iana_id', registration.registrar.ianaId, source, 'high'));
      }
      for (const email of registration.abuse?.emails ?? [])
        findings.facts.push(fact('registrar_abuse_email', email, source, 'high'));
      for (const phone of registration.abuse?.phones ?? [])
        findings.facts.push(fact('registrar_abuse_phone', phone, source, 'high'));
      if (registration.status.length)
        findings.facts.push(fact('domain_status', registration.status.join(', '), source, 'high'));
      const created = registration.events.find((event) => event.action === 'registration');
      if (created) findings.facts.push(fact('registered_on', created.date.slice(0, 10), source, 'high'));
      if (registration.registrar?.name)
        findings.registrar = {
          name: registration.registrar.name,
          abuse: registration.abuse?.emails ?? [],
          ianaId: registration.registrar.ianaId,
        };
    } else if (answer.from === 'offline')
      findings.warnings.push('RDAP is offline and holds no cached answer for this domain.');
    else if (answer.error) findings.warnings.push(`RDAP ${answer.url}: ${answer.error}`);
    else if (answer.status === 404) findings.warnings.push(`RDAP ${answer.url}: not registered`);
  }
  return findings;
}

/** Who answers abuse reports for an autonomous system, according to its registry. */
export interface AsAbuseContact {
  emails: string[];
  /** The AS's registered name, when the answer gives one. */
  name: string | null;
  /** `RDAP <url>` (with the cache date when it came from the cache). */
  source: string | null;
  /** Why there is no address (offline without a cached answer, not found, no answer in time). */
  warning: string | null;
}

/**
 * The abuse contact of an AS from its registry's RDAP autnum record (RFC 9083 §5.5): the
 * bootstrap's service for the number, else the RIR of the country its addresses are in. Cached
 * like every RDAP answer; offline, only the cache answers.
 */
export async function asAbuseContact(
  ctx: AppContext,
  asn: number,
  country: string | undefined,
): Promise<AsAbuseContact> {
  const base = rdapBaseForAsn(rdapBootstrap(ctx), asn, country);
  if (!base) return { emails: [], name: null, source: null, warning: `No RDAP service is known for AS${asn}.` };
  const answer = await rdapClient(ctx).get(`${base.base}autnum/${asn}`);
  if (answer.status === 200) {
    const record = parseNetworkAnswer(answer.body);
    const emails = [...new Set((record.abuse?.emails ?? []).map((email) => email.trim()).filter(Boolean))];
    return {
      emails,
      name: record.name,
      source: rdapSource(answer),
      warning: emails.length ? null : `RDAP ${answer.url}: no abuse contact`,
    };
  }
  const warning =
    answer.from === 'offline'
      ? 'RDAP is offline and holds no cached answer for this AS.'
      : answer.error
        ? `RDAP ${answer.url}: ${answer.error}`
        : `RDAP ${answer.url}: ${answer.status === 404 ? 'not found' : `status ${answer.status}`}`;
  return { emails: [], name: null, source: null, warning };
}

/** The host's addresses, when the resolver may go online (DNS is egress like RDAP). */
async function addressesOf(ctx: AppContext, host: string): Promise<{ addresses: string[]; warning?: string }> {
  const config = resolverConfig.of(ctx.config);
  if (config.dns === 'off')
    return {
      addresses: [],
      warning: 'DNS look-ups are switched off: add the domain’s IP address to find the hosting provider.',
    };
  if (config.rdapMode === 'offline')
    return {
      addresses: [],
      warning: 'Offline: the domain’s addresses were not looked up; add its IP address to find the hosting provider.',
    };
  const timeout = config.rdapTimeoutMs;
  const servers = config.dnsServers
    .split(',')
    .map((server) => server.trim())
    .filter(Boolean);
  let resolver: Pick<typeof dns, 'resolve4' | 'resolve6'> = dns;
  if (servers.length > 0) {
    const own = new dns.Resolver({ timeout, tries: 1 });
    own.setServers(servers);
    resolver = own;
  }
  const lookup = Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
  const settled = await Promise.race([
    lookup,
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeout).unref()),
  ]);
  if (!settled) return { addresses: [], warning: `DNS: no answer for ${host} within ${timeout} ms` };
  const addresses = settled.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
  return addresses.length ? { addresses } : { addresses: [], warning: `DNS: ${host} has no address` };
}

function emailsOf(row: DirectoryOrganisationRow | undefined): string[] {
  if (!row) return [];
  const emails = JSON.parse(row.emails) as { address: string; purpose: string }[];
  const rank = (purpose: string) => ['abuse', 'security', 'notification', 'general'].indexOf(purpose);
  return [...emails].sort((a, b) => rank(a.purpose) - rank(b.purpose)).map((email) => email.address);
}

function directoryParty(
  role: PartyRole,
  row: DirectoryOrganisationRow | undefined,
  owner: ConstituencyOwner,
  reason: string,
  evidence: Fact[],
): PartyProposal {
  return {
    role,
    name: owner.name,
    organisationId: owner.id,
    emails: emailsOf(row),
    languages: row ? (JSON.parse(row.languages) as string[]) : [],
    reason,
    evidence,
    confidence: 'high',
  };
}

/**
 * Resolution for workspace code (coordination, feeds): the actor's readable labels are given,
 * so parties from directory entries above them never appear.
 */
export async function resolveFor(
  ctx: AppContext,
  workspaceId: string,
  tlps: readonly Tlp[],
  query: string,
  category?: NationalCategory,
): Promise<Resolution> {
  const text = query.trim();
  let kind: Resolution['kind'];
  let host: string;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    kind = 'url';
    try {
      host = new URL(text).hostname.replace(/^\[|\]$/g, '');
    } catch {
      throw new AppError('RESOLVER_QUERY_INVALID', 'not a URL');
    }
  } else {
    kind = canonicalIp(text) ? 'ip' : 'domain';
    host = text;
  }
  const ip = canonicalIp(host);
  if (kind === 'domain' && !/^[\p{L}\p{N}.-]+\.[\p{L}\p{N}-]+\.?$/u.test(host))
    throw new AppError('RESOLVER_QUERY_INVALID', 'not an IP address, domain name or URL');

  const facts: Fact[] = [];
  const warnings: string[] = [];
  const parties: PartyProposal[] = [];
  const isContent = category ? CONTENT_CATEGORIES.includes(category) : kind !== 'ip';

  let ipFindings: Findings | undefined;
  let domainFindings: Findings | undefined;
  if (ip) ipFindings = await findForIp(ctx, workspaceId, tlps, ip);
  else {
    domainFindings = await findForDomain(ctx, workspaceId, tlps, host.toLowerCase());
    const { addresses, warning } = await addressesOf(ctx, host);
    if (warning) warnings.push(warning);
    if (addresses[0]) {
      facts.push(fact('address', addresses.join(', '), 'DNS', 'medium'));
      ipFindings = await findForIp(ctx, workspaceId, tlps, addresses[0]);
    }
  }
  facts.push(...(domainFindings?.facts ?? []), ...(ipFindings?.facts ?? []));
  warnings.push(...(domainFindings?.warnings ?? []), ...(ipFindings?.warnings ?? []));

  const ownerIds = [domainFindings?.constituency?.owner.id, ipFindings?.constituency?.owner.id].filter(
    (id): id is string => Boolean(id),
  );
  const country = ipFindings?.network?.country;
  const csirts = country ? await nationalCsirtsOf(ctx.db, workspaceId, country, tlps) : [];
  const rows = new Map(
    (await organisationRows(ctx.db, [...ownerIds, ...csirts.map((row) => row.id)])).map((row) => [row.id, row]),
  );

  // The network's party: our own constituency entry wins; else what RDAP and the AS data say.
  const networkRole: PartyRole = isContent ? 'hosting_provider' : 'network_operator';
  const networkEvidence = (ipFindings?.facts ?? []).filter((f) =>
    ['prefix', 'asn', 'as_name', 'network_name', 'network_holder', 'abuse_email', 'registry', 'constituency'].includes(
      f.name,
    ),
  );
  if (ipFindings?.constituency) {
    const owner = ipFindings.constituency.owner;
    parties.push(
      directoryParty(
        networkRole,
        rows.get(owner.id),
        owner,
        `the directory lists ${ipFindings.constituency.entry} under ${owner.name}`,
        networkEvidence,
      ),
    );
  } else if (ipFindings?.network && (ipFindings.network.asName || ipFindings.network.holder)) {
    const network = ipFindings.network;
    parties.push({
      role: networkRole,
      name: network.holder ?? network.asName ?? '',
      organisationId: null,
      emails: network.abuse ?? [],
      languages: [],
      reason: network.abuse?.length
        ? 'the abuse contact the registry (RDAP) holds for the network'
        : `the operator of AS${network.asn ?? '?'}; no abuse address known — look it up or add it to the directory`,
      evidence: networkEvidence,
      confidence: network.abuse?.length ? 'high' : 'low',
    });
  }
  // The domain's party: the registrar (content incidents), or our constituency entry for the domain.
  if (domainFindings?.constituency) {
    const owner = domainFindings.constituency.owner;
    parties.push(
      directoryParty(
        'constituency',
        rows.get(owner.id),
        owner,
        `the directory lists the domain ${domainFindings.constituency.entry} under ${owner.name}`,
        domainFindings.facts.filter((f) => f.name === 'constituency'),
      ),
    );
  }
  if (domainFindings?.registrar && isContent)
    parties.push({
      role: 'registrar',
      name: domainFindings.registrar.name,
      organisationId: null,
      emails: domainFindings.registrar.abuse,
      languages: [],
      reason: 'the registrar of the domain (RDAP), which can suspend it',
      evidence: domainFindings.facts.filter((f) => f.name.startsWith('registrar') || f.name === 'registered_domain'),
      confidence: domainFindings.registrar.abuse.length ? 'high' : 'medium',
    });
  for (const csirt of csirts)
    parties.push({
      role: 'national_csirt',
      name: csirt.name,
      organisationId: csirt.id,
      emails: emailsOf(csirt),
      languages: JSON.parse(csirt.languages) as string[],
      reason: `the national CSIRT for ${country}, to ask when the operator does not answer`,
      evidence: (ipFindings?.facts ?? []).filter((f) => f.name === 'country'),
      confidence: 'medium',
    });
  if (!isContent && domainFindings?.registrar)
    parties.push({
      role: 'registrar',
      name: domainFindings.registrar.name,
      organisationId: null,
      emails: domainFindings.registrar.abuse,
      languages: [],
      reason: 'the registrar of the domain (RDAP)',
      evidence: domainFindings.facts.filter((f) => f.name.startsWith('registrar')),
      confidence: 'medium',
    });
  return { query: text, kind, facts, parties, warnings };
}

export async function resolve(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  query: string,
  category?: NationalCategory,
): Promise<Resolution> {
  assertPermission(actor, workspaceId, 'content.read');
  return resolveFor(ctx, workspaceId, readableTlps(actor, workspaceId), query, category);
}
