/** Normalisation of observables so that the same indicator always looks the same. @module */
import ipaddr from 'ipaddr.js';
import { domainToASCII, domainToUnicode as toUnicode } from 'node:url';
import { getDomain, parse } from 'tldts';

/** Lower-case ASCII (punycode) form of a host name, without a trailing dot. */
export function normalizeDomain(domain: string): string {
  const lower = domain.trim().replace(/\.$/, '').toLowerCase().normalize('NFKC');
  // WHATWG (UTS #46) conversion, as browsers do; invalid names are kept as given.
  return domainToASCII(lower) || lower;
}

/** Unicode form of a (possibly punycode) host name, for display. */
export function domainToUnicode(domain: string): string {
  return toUnicode(domain) || domain;
}

/**
 * The registrable domain (public suffix + 1 label) per the Public Suffix List, e.g.
 * `example.co.jp`. Private suffixes count (`github.io`, `web.app`): each site on a free hosting
 * service is its own party, so two phishing sites there are not related by the service's name.
 */
export function registeredDomain(domain: string): string | undefined {
  return getDomain(normalizeDomain(domain), { allowPrivateDomains: true }) ?? undefined;
}

/** True when the host ends in a public suffix of the ICANN section (filters `report.pdf`). */
export function hasPublicSuffix(domain: string): boolean {
  const parsed = parse(normalizeDomain(domain), { allowPrivateDomains: false });
  return parsed.isIcann === true && parsed.domain !== null && parsed.domainWithoutSuffix !== '';
}

/** Canonical text of an IPv4 or IPv6 address (IPv6 compressed, lower case), or undefined. */
export function normalizeIp(address: string): string | undefined {
  // Only dotted decimal (below) or IPv6 counts: most callers pass host names, which this rejects cheaply.
  if (!/^[\d.]+$|:/.test(address) || !ipaddr.isValid(address)) return undefined;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    return v6.isIPv4MappedAddress() ? v6.toIPv4Address().toString() : v6.toString();
  }
  // ipaddr accepts forms like "010.1.1.1" (octal); only dotted decimal counts as an observable.
  return ipaddr.IPv4.isValidFourPartDecimal(address) ? parsed.toString() : undefined;
}

/** The range an address is in (`private`, `loopback`, `unicast`, …): reports often carry the reporter's own addresses. */
export function ipRange(address: string): string {
  return ipaddr.parse(address).range();
}

/**
 * Canonical URL (WHATWG): scheme and host lower-cased, host in punycode, numeric and hex hosts as
 * dotted decimal, default port dropped; path, query and fragment kept as sent — a fragment is
 * evidence too (`#victim@example.com`, a shortener's token).
 */
export function normalizeUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (!['http:', 'https:', 'ftp:'].includes(parsed.protocol)) return undefined;
    return parsed.toString();
  } catch {
    return undefined;
  }
}
