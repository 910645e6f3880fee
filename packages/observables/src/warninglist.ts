/**
 * Correlation exclusion lists in MISP's warninglist format
 * (https://github.com/MISP/misp-warninglists: `name`, `version`, `description`, `type`, `list`,
 * `matching_attributes`): values that are everywhere and prove nothing — font and schema hosts,
 * public resolvers, social-media pages, a partner's own web site. A matching observable is kept
 * and shown; it just does not glue reports together. Pure: no I/O.
 * @module
 */
import ipaddr from 'ipaddr.js';
import type { ObservableType } from './extract.js';
import { normalizeDomain, normalizeIp } from './normalize.js';

/** MISP's match types: exact value, substring, host name (and its subdomains), CIDR, regular expression. */
export const WARNINGLIST_TYPES = ['string', 'substring', 'hostname', 'cidr', 'regex'] as const;
export type WarninglistType = (typeof WARNINGLIST_TYPES)[number];

export interface Warninglist {
  name: string;
  version?: number | undefined;
  description?: string | undefined;
  type: WarninglistType;
  list: string[];
  /** MISP attribute types it applies to (`domain`, `hostname`, `url`, `ip-dst`, `md5`, …); all when absent. */
  matching_attributes?: string[] | undefined;
}

export class WarninglistFormatError extends Error {}

/** MISP attribute types → the observable types they name. */
const MISP_ATTRIBUTE_TYPES: Record<string, ObservableType[]> = {
  domain: ['domain'],
  hostname: ['domain'],
  'domain|ip': ['domain', 'ipv4', 'ipv6'],
  'hostname|port': ['domain'],
  url: ['url'],
  uri: ['url'],
  link: ['url'],
  'ip-src': ['ipv4', 'ipv6'],
  'ip-dst': ['ipv4', 'ipv6'],
  'ip-src|port': ['ipv4', 'ipv6'],
  'ip-dst|port': ['ipv4', 'ipv6'],
  'email-src': ['email'],
  'email-dst': ['email'],
  email: ['email'],
  'whois-registrant-email': ['email'],
  md5: ['md5'],
  sha1: ['sha1'],
  sha256: ['sha256'],
  vulnerability: ['cve'],
  AS: ['asn'],
};

/** Reads a warninglist (the parsed JSON of a MISP `list.json`), or says what is wrong with it. */
export function parseWarninglist(json: unknown): Warninglist {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new WarninglistFormatError('a warninglist is a JSON object');
  const object = json as Record<string, unknown>;
  const { name, type, list, description, version, matching_attributes: attributes } = object;
  if (typeof name !== 'string' || !name.trim()) throw new WarninglistFormatError('"name" must be a non-empty string');
  if (typeof type !== 'string' || !(WARNINGLIST_TYPES as readonly string[]).includes(type))
    throw new WarninglistFormatError(`"type" must be one of ${WARNINGLIST_TYPES.join(', ')}`);
  if (!Array.isArray(list) || list.some((entry) => typeof entry !== 'string'))
    throw new WarninglistFormatError('"list" must be an array of strings');
  if (attributes !== undefined && (!Array.isArray(attributes) || attributes.some((a) => typeof a !== 'string')))
    throw new WarninglistFormatError('"matching_attributes" must be an array of strings');
  const entries = (list as string[]).map((entry) => entry.trim()).filter(Boolean);
  entries.forEach((entry, index) => {
    const problem = entryProblem(type as WarninglistType, entry);
    if (problem) throw new WarninglistFormatError(`"list"[${index}] (${entry}): ${problem}`);
  });
  return {
    name: name.trim(),
    type: type as WarninglistType,
    list: entries,
    ...(typeof description === 'string' ? { description } : {}),
    ...(typeof version === 'number' ? { version } : {}),
    ...(attributes ? { matching_attributes: attributes as string[] } : {}),
  };
}

/** Why an entry cannot be used with a type (undefined when it can). */
export function entryProblem(type: WarninglistType, entry: string): string | undefined {
  if (type === 'cidr') {
    try {
      if (entry.includes('/')) ipaddr.parseCIDR(entry);
      else ipaddr.parse(entry);
    } catch {
      return 'not an IP address or CIDR range';
    }
  }
  if (type === 'regex') {
    try {
      regexOf(entry);
    } catch {
      return 'not a valid regular expression';
    }
  }
  return undefined;
}

/** MISP writes regexes as PCRE literals (`/…/i`); a bare pattern is taken as is. */
function regexOf(entry: string): RegExp {
  const literal = /^\/(.*)\/([a-z]*)$/su.exec(entry);
  return literal ? new RegExp(literal[1] ?? '', (literal[2] ?? '').replace(/[^imsu]/gu, '')) : new RegExp(entry, 'u');
}

/** The host of a URL or domain observable, or the domain of an e-mail address. */
function hostOf(type: ObservableType, value: string): string | undefined {
  if (type === 'domain') return value;
  if (type === 'email') return value.split('@').pop();
  if (type === 'url') {
    try {
      return new URL(value).hostname.replace(/^\[|\]$/gu, '');
    } catch {
      return undefined;
    }
  }
  return undefined;
}

interface CompiledList {
  name: string;
  types: ReadonlySet<ObservableType> | undefined;
  test: (type: ObservableType, value: string) => boolean;
}

function compile(list: Warninglist): CompiledList {
  const types = list.matching_attributes
    ? new Set(list.matching_attributes.flatMap((attribute) => MISP_ATTRIBUTE_TYPES[attribute] ?? []))
    : undefined;
  const base = { name: list.name, types };
  switch (list.type) {
    case 'string': {
      // MISP compares lower-cased values; a list of host names matches URLs on them too.
      const values = new Set(list.list.map((entry) => entry.toLowerCase().replace(/\.$/u, '')));
      return {
        ...base,
        test: (type, value) => values.has(value.toLowerCase()) || values.has(hostOf(type, value) ?? '\u0000'),
      };
    }
    case 'substring': {
      const needles = list.list.map((entry) => entry.toLowerCase());
      return { ...base, test: (_type, value) => needles.some((needle) => value.toLowerCase().includes(needle)) };
    }
    case 'hostname': {
      const hosts = new Set(list.list.map((entry) => normalizeDomain(entry.replace(/^\*?\./u, ''))));
      return {
        ...base,
        test: (type, value) => {
          const host = hostOf(type, value);
          if (!host) return false;
          // The host itself or any parent domain of it.
          const labels = host.split('.');
          for (let index = 0; index < labels.length - 1; index++)
            if (hosts.has(labels.slice(index).join('.'))) return true;
          return false;
        },
      };
    }
    case 'cidr': {
      const ranges = list.list.map((entry) => {
        if (entry.includes('/')) return ipaddr.parseCIDR(entry);
        const address = ipaddr.parse(entry);
        return [address, address.kind() === 'ipv4' ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number];
      });
      return {
        ...base,
        test: (type, value) => {
          const ip = type === 'ipv4' || type === 'ipv6' ? value : normalizeIp(hostOf(type, value) ?? '');
          if (!ip) return false;
          const address = ipaddr.parse(ip);
          return ranges.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
        },
      };
    }
    case 'regex': {
      const patterns = list.list.map(regexOf);
      return { ...base, test: (_type, value) => patterns.some((pattern) => pattern.test(value)) };
    }
  }
}

/** Matches observables against warninglists. */
export class WarninglistMatcher {
  private readonly lists: CompiledList[];

  constructor(lists: readonly Warninglist[]) {
    this.lists = lists.map(compile);
  }

  /** The name of the first list the observable is on, or undefined. */
  match(type: ObservableType, value: string): string | undefined {
    for (const list of this.lists) {
      if (list.types && !list.types.has(type)) continue;
      if (list.test(type, value)) return list.name;
    }
    return undefined;
  }
}

/**
 * Renkei's own list, always on: hosts that are in almost every HTML mail and prove nothing about
 * who sent it — web fonts, XML schemas and the social-media pages of signatures. Phishing hosted
 * on these services still shows as an observable; it only does not glue reports together.
 */
export const BUILTIN_WARNINGLIST: Warninglist = {
  name: 'Renkei: structure, fonts and social-media profiles',
  version: 1,
  description: 'Hosts found in ordinary HTML mail (fonts, schemas, social-media signature links).',
  type: 'hostname',
  list: [
    'fonts.googleapis.com',
    'fonts.gstatic.com',
    'use.typekit.net',
    'w3.org',
    'schema.org',
    'schemas.microsoft.com',
    'schemas.openxmlformats.org',
    'purl.org',
    'ns.adobe.com',
    'xmlns.com',
    'linkedin.com',
    'facebook.com',
    'twitter.com',
    'x.com',
    'instagram.com',
    'youtube.com',
  ],
  matching_attributes: ['domain', 'hostname', 'url'],
};
