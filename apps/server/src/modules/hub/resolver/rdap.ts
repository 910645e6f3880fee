/**
 * A small RDAP client (RFC 9082 queries, RFC 9083 answers, RFC 9224 bootstrap): who registered
 * a domain (the registrar and its abuse contact) and who holds an address block (the network,
 * its holder and abuse contact). Written here because no maintained npm client works offline:
 * the ones published fetch IANA's bootstrap at run time. Answers are cached in the database;
 * in offline mode only the cache answers.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseIpv4, parseIpv6, compareIpv6, parseCidr } from '@renkei/ip-index';
// Imported, not read from disk: the compiler copies it into dist with the code that needs it.
import shippedDns from './rdap-bootstrap/dns.json' with { type: 'json' };

/** IANA bootstrap file (RFC 9224 §3): services map keys (TLDs, CIDRs, AS ranges) to base URLs. */
interface BootstrapFile {
  services: [string[], string[]][];
}

export interface RdapBootstrap {
  /** TLD → base URL (ending in `/`). */
  dns: Map<string, string>;
  /** IANA's IP bootstrap when installed; else the RIR is chosen by the address's country. */
  ip: { family: 4 | 6; start: number | readonly number[]; end: number | readonly number[]; base: string }[];
  /** IANA's AS-number bootstrap when installed (ranges `first-last` or single numbers). */
  asn: { first: number; last: number; base: string }[];
  /** Where the bootstrap came from. */
  source: string;
}

function readBootstrap(file: string): BootstrapFile | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as BootstrapFile;
    return Array.isArray(parsed.services) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);
/** HTTPS first, as RFC 9224 §3 asks clients to prefer; plain HTTP only when it is all there is. */
const pickBase = (urls: string[]) => urls.find((url) => url.startsWith('https://')) ?? urls[0];

/** The bootstrap: IANA's files in `<netdata>/rdap/` when `renkei data update` put them there, else the shipped one. */
export function loadRdapBootstrap(netdataDir: string): RdapBootstrap {
  const folder = path.join(netdataDir, 'rdap');
  const dnsFile = path.join(folder, 'dns.json');
  const installed = existsSync(dnsFile) ? readBootstrap(dnsFile) : undefined;
  const dns = new Map<string, string>();
  for (const [tlds, urls] of (installed ?? (shippedDns as unknown as BootstrapFile)).services) {
    const base = pickBase(urls);
    if (base) for (const tld of tlds) dns.set(tld.toLowerCase(), withSlash(base));
  }
  const ip: RdapBootstrap['ip'] = [];
  for (const name of ['ipv4.json', 'ipv6.json']) {
    for (const [cidrs, urls] of readBootstrap(path.join(folder, name))?.services ?? []) {
      const base = pickBase(urls);
      if (!base) continue;
      for (const text of cidrs) {
        const cidr = parseCidr(text);
        if (cidr) ip.push({ family: cidr.family, start: cidr.start, end: cidr.end, base: withSlash(base) });
      }
    }
  }
  const asn: RdapBootstrap['asn'] = [];
  for (const [ranges, urls] of readBootstrap(path.join(folder, 'asn.json'))?.services ?? []) {
    const base = pickBase(urls);
    if (!base) continue;
    for (const text of ranges) {
      const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
      if (match) asn.push({ first: Number(match[1]), last: Number(match[2] ?? match[1]), base: withSlash(base) });
    }
  }
  return {
    dns,
    ip,
    asn,
    source: installed ? `IANA RDAP bootstrap (${folder})` : 'shipped RDAP bootstrap',
  };
}

export function rdapBaseForDomain(bootstrap: RdapBootstrap, domain: string): string | undefined {
  const labels = domain.toLowerCase().replace(/\.$/, '').split('.');
  // Longest match first (RFC 9224 §4): a bootstrap may list second-level registries.
  for (let i = 0; i < labels.length; i++) {
    const base = bootstrap.dns.get(labels.slice(i).join('.'));
    if (base) return base;
  }
  return undefined;
}

/** The five Regional Internet Registries' RDAP services. */
export const RIR_RDAP = {
  APNIC: 'https://rdap.apnic.net/',
  ARIN: 'https://rdap.arin.net/registry/',
  RIPE: 'https://rdap.db.ripe.net/',
  LACNIC: 'https://rdap.lacnic.net/rdap/',
  AFRINIC: 'https://rdap.afrinic.net/rdap/',
} as const;
export type Rir = keyof typeof RIR_RDAP;

// The RIRs' service regions (each RIR publishes its list of economies); RIPE NCC serves the rest.
const APNIC_REGION =
  'AF AS AU BD BN BT CC CK CN CX FJ FM GU HK ID IN IO JP KH KI KM KP KR LA LK MH MM MN MO MP MV MY NC NF NP NR NU NZ PF PG PH PK PN PW SB SG TH TK TL TO TV TW VN VU WF WS';
const ARIN_REGION = 'AG AI AQ BB BM BS BV CA DM GD HM JM KN KY LC MS PM PR SH TC UM US VC VG VI';
const LACNIC_REGION =
  'AR AW BL BO BQ BR BZ CL CO CR CU CW DO EC FK GF GS GT GY HN HT MF MX NI PA PE PY SR SV SX TT UY VE';
const AFRINIC_REGION =
  'AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE LR LS LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW';
const RIR_BY_COUNTRY = new Map<string, Rir>([
  ...APNIC_REGION.split(' ').map((cc) => [cc, 'APNIC'] as const),
  ...ARIN_REGION.split(' ').map((cc) => [cc, 'ARIN'] as const),
  ...LACNIC_REGION.split(' ').map((cc) => [cc, 'LACNIC'] as const),
  ...AFRINIC_REGION.split(' ').map((cc) => [cc, 'AFRINIC'] as const),
]);

export function rirOfCountry(country: string): Rir {
  return RIR_BY_COUNTRY.get(country.toUpperCase()) ?? 'RIPE';
}

/** The RDAP service for an address, and how it was chosen. */
export function rdapBaseForIp(
  bootstrap: RdapBootstrap,
  address: string,
  country: string | undefined,
): { base: string; how: 'bootstrap' | 'country' } | undefined {
  const v4 = parseIpv4(address);
  const v6 = v4 === undefined ? parseIpv6(address) : undefined;
  for (const entry of bootstrap.ip) {
    if (v4 !== undefined && entry.family === 4 && v4 >= (entry.start as number) && v4 <= (entry.end as number))
      return { base: entry.base, how: 'bootstrap' };
    if (
      v6 &&
      entry.family === 6 &&
      compareIpv6(v6, entry.start as never) >= 0 &&
      compareIpv6(v6, entry.end as never) <= 0
    )
      return { base: entry.base, how: 'bootstrap' };
  }
  // The RIRs redirect a query for space another RIR holds, so the region's RIR is a sound start.
  return country ? { base: RIR_RDAP[rirOfCountry(country)], how: 'country' } : undefined;
}

/** The RDAP service for an AS number (RFC 9224 §5.3), and how it was chosen. */
export function rdapBaseForAsn(
  bootstrap: RdapBootstrap,
  asn: number,
  country: string | undefined,
): { base: string; how: 'bootstrap' | 'country' } | undefined {
  const entry = bootstrap.asn.find((range) => asn >= range.first && asn <= range.last);
  if (entry) return { base: entry.base, how: 'bootstrap' };
  return country ? { base: RIR_RDAP[rirOfCountry(country)], how: 'country' } : undefined;
}

/** A contact found in RDAP entities (jCard, RFC 7095). */
export interface RdapContact {
  handle: string | null;
  name: string | null;
  emails: string[];
  phones: string[];
  roles: string[];
}

interface RdapEntity {
  handle?: string;
  roles?: string[];
  vcardArray?: [string, [string, Record<string, unknown>, string, unknown][]];
  publicIds?: { type?: string; identifier?: string }[];
  entities?: RdapEntity[];
}

function contactOf(entity: RdapEntity): RdapContact {
  const properties = entity.vcardArray?.[1] ?? [];
  const values = (name: string) =>
    properties
      .filter((property) => property[0] === name)
      .map((property) => (typeof property[3] === 'string' ? property[3] : ''))
      .filter(Boolean);
  return {
    handle: entity.handle ?? null,
    name: values('fn')[0] ?? values('org')[0] ?? null,
    emails: values('email'),
    phones: values('tel').map((tel) => tel.replace(/^tel:/, '')),
    roles: entity.roles ?? [],
  };
}

/** Every entity of an answer with its nested ones, depth first. */
function allEntities(entities: RdapEntity[] | undefined, into: RdapEntity[] = []): RdapEntity[] {
  for (const entity of entities ?? []) {
    into.push(entity);
    allEntities(entity.entities, into);
  }
  return into;
}

export interface DomainRegistration {
  registrar: (RdapContact & { ianaId: string | null }) | null;
  /** The registrar's abuse contact (ICANN requires one), else any abuse role in the answer. */
  abuse: RdapContact | null;
  status: string[];
  events: { action: string; date: string }[];
}

export function parseDomainAnswer(body: unknown): DomainRegistration {
  const answer = (body ?? {}) as {
    entities?: RdapEntity[];
    status?: string[];
    events?: { eventAction?: string; eventDate?: string }[];
  };
  const registrarEntity = answer.entities?.find((entity) => entity.roles?.includes('registrar'));
  const abuseEntity =
    registrarEntity?.entities?.find((entity) => entity.roles?.includes('abuse')) ??
    allEntities(answer.entities).find((entity) => entity.roles?.includes('abuse'));
  return {
    registrar: registrarEntity
      ? {
          ...contactOf(registrarEntity),
          ianaId: registrarEntity.publicIds?.find((id) => /iana/i.test(id.type ?? ''))?.identifier ?? null,
        }
      : null,
    abuse: abuseEntity ? contactOf(abuseEntity) : null,
    status: answer.status ?? [],
    events: (answer.events ?? []).flatMap((event) =>
      event.eventAction && event.eventDate ? [{ action: event.eventAction, date: event.eventDate }] : [],
    ),
  };
}

export interface NetworkRegistration {
  handle: string | null;
  name: string | null;
  country: string | null;
  range: string | null;
  holder: RdapContact | null;
  abuse: RdapContact | null;
  /** The registry that answered for the block: an RIR, or JPNIC for Japanese space (whois.nic.ad.jp). */
  registry: string | null;
}

export function parseNetworkAnswer(body: unknown): NetworkRegistration {
  const answer = (body ?? {}) as {
    handle?: string;
    name?: string;
    country?: string;
    startAddress?: string;
    endAddress?: string;
    port43?: string;
    entities?: RdapEntity[];
  };
  const entities = allEntities(answer.entities);
  const abuse = entities.find((entity) => entity.roles?.includes('abuse'));
  const holder = entities.find((entity) => entity.roles?.includes('registrant'));
  const port43 = answer.port43?.toLowerCase() ?? '';
  const registry = port43.includes('nic.ad.jp')
    ? 'JPNIC'
    : port43.includes('apnic')
      ? 'APNIC'
      : port43.includes('arin')
        ? 'ARIN'
        : port43.includes('ripe')
          ? 'RIPE NCC'
          : port43.includes('lacnic')
            ? 'LACNIC'
            : port43.includes('afrinic')
              ? 'AFRINIC'
              : port43 || null;
  return {
    handle: answer.handle ?? null,
    name: answer.name ?? null,
    country: answer.country ?? null,
    range: answer.startAddress && answer.endAddress ? `${answer.startAddress} - ${answer.endAddress}` : null,
    holder: holder ? contactOf(holder) : null,
    abuse: abuse ? contactOf(abuse) : null,
    registry,
  };
}
