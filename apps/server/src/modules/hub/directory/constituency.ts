/**
 * Constituency: what each organisation in the directory answers for. Entries are normalised
 * when stored; the index answers "whose is this address / AS / domain / country?" with the most
 * specific entry (a /24 inside a /16 wins; a subdomain's entry wins over its parent's). Pure.
 * @module
 */
import { domainToASCII } from 'node:url';
import type { ConstituencyKind } from '@renkei/contracts';
import { formatIpv4, formatIpv6, networkOfIpv6, parseCidr, parseIpv4, parseIpv6 } from '@renkei/ip-index';

/** The stored form of an entry, or the reason it is not valid for its kind. */
export function normaliseConstituency(kind: ConstituencyKind, value: string): { value: string } | { problem: string } {
  const text = value.trim();
  switch (kind) {
    case 'cidr': {
      const cidr = parseCidr(text);
      if (!cidr) return { problem: `not an IP network: ${text}` };
      return {
        value:
          cidr.family === 4 ? `${formatIpv4(cidr.start)}/${cidr.length}` : `${formatIpv6(cidr.start)}/${cidr.length}`,
      };
    }
    case 'asn': {
      const digits = text.replace(/^AS/i, '');
      const asn = Number(digits);
      if (!/^\d+$/.test(digits) || asn > 0xffffffff) return { problem: `not an AS number: ${text}` };
      return { value: String(asn) };
    }
    case 'domain': {
      const ascii = domainToASCII(text.toLowerCase().replace(/^\*\./, '').replace(/\.$/, ''));
      if (!ascii || !ascii.includes('.') || !/^[a-z0-9.-]+$/.test(ascii))
        return { problem: `not a domain name: ${text}` };
      return { value: ascii };
    }
    case 'country':
      return /^[A-Za-z]{2}$/.test(text) ? { value: text.toUpperCase() } : { problem: `not a country code: ${text}` };
    case 'sector':
      return text ? { value: text.toLowerCase() } : { problem: 'empty sector' };
  }
}

export interface ConstituencyMatch<Owner> {
  owner: Owner;
  kind: ConstituencyKind;
  /** The entry that matched (`192.0.2.0/24`, `64500`, `example.jp`, `JP`). */
  entry: string;
}

/**
 * An in-memory index over a workspace's constituency, built once and asked many times (a feed
 * asks it once per event). Networks are kept per prefix length; a look-up tries the longest
 * lengths first, so the most specific network answers.
 */
export class ConstituencyIndex<Owner> {
  private readonly v4ByLength = new Map<number, Map<number, ConstituencyMatch<Owner>>>();
  private readonly v6ByLength = new Map<number, Map<string, ConstituencyMatch<Owner>>>();
  private v4Lengths: number[] = [];
  private v6Lengths: number[] = [];
  private readonly asns = new Map<number, ConstituencyMatch<Owner>>();
  private readonly domains = new Map<string, ConstituencyMatch<Owner>>();
  private readonly countries = new Map<string, ConstituencyMatch<Owner>[]>();
  private readonly sectors = new Map<string, ConstituencyMatch<Owner>[]>();
  size = 0;

  add(kind: ConstituencyKind, value: string, owner: Owner): void {
    const match: ConstituencyMatch<Owner> = { owner, kind, entry: value };
    this.size++;
    if (kind === 'cidr') {
      const cidr = parseCidr(value);
      if (!cidr) return;
      if (cidr.family === 4) {
        let byNetwork = this.v4ByLength.get(cidr.length);
        if (!byNetwork) this.v4ByLength.set(cidr.length, (byNetwork = new Map<number, ConstituencyMatch<Owner>>()));
        if (!byNetwork.has(cidr.start)) byNetwork.set(cidr.start, match);
        this.v4Lengths = [...this.v4ByLength.keys()].sort((a, b) => b - a);
      } else {
        let byNetwork = this.v6ByLength.get(cidr.length);
        if (!byNetwork) this.v6ByLength.set(cidr.length, (byNetwork = new Map<string, ConstituencyMatch<Owner>>()));
        const key = cidr.start.join(':');
        if (!byNetwork.has(key)) byNetwork.set(key, match);
        this.v6Lengths = [...this.v6ByLength.keys()].sort((a, b) => b - a);
      }
    } else if (kind === 'asn') {
      if (!this.asns.has(Number(value))) this.asns.set(Number(value), match);
    } else if (kind === 'domain') {
      if (!this.domains.has(value)) this.domains.set(value, match);
    } else {
      const map = kind === 'country' ? this.countries : this.sectors;
      map.set(value, [...(map.get(value) ?? []), match]);
    }
  }

  /** The most specific network entry holding the address. */
  matchIp(address: string): ConstituencyMatch<Owner> | undefined {
    const v4 = parseIpv4(address);
    if (v4 !== undefined) return this.matchIpv4(v4);
    const v6 = parseIpv6(address);
    if (!v6) return undefined;
    if (v6[0] === 0 && v6[1] === 0 && v6[2] === 0xffff) return this.matchIpv4(v6[3]);
    for (const length of this.v6Lengths) {
      const hit = this.v6ByLength.get(length)!.get(networkOfIpv6(v6, length).join(':'));
      if (hit) return hit;
    }
    return undefined;
  }

  matchIpv4(address: number): ConstituencyMatch<Owner> | undefined {
    for (const length of this.v4Lengths) {
      const size = 2 ** (32 - length);
      const hit = this.v4ByLength.get(length)!.get(Math.floor(address / size) * size);
      if (hit) return hit;
    }
    return undefined;
  }

  matchAsn(asn: number): ConstituencyMatch<Owner> | undefined {
    return this.asns.get(asn);
  }

  /** The entry for the domain or its nearest parent (`www.shop.example.jp` → `example.jp`). */
  matchDomain(domain: string): ConstituencyMatch<Owner> | undefined {
    let name = domainToASCII(domain.toLowerCase().replace(/\.$/, '')) || domain.toLowerCase();
    for (;;) {
      const hit = this.domains.get(name);
      if (hit) return hit;
      const dot = name.indexOf('.');
      if (dot < 0) return undefined;
      name = name.slice(dot + 1);
    }
  }

  matchCountry(country: string): ConstituencyMatch<Owner>[] {
    return this.countries.get(country.toUpperCase()) ?? [];
  }

  matchSector(sector: string): ConstituencyMatch<Owner>[] {
    return this.sectors.get(sector.toLowerCase()) ?? [];
  }
}
