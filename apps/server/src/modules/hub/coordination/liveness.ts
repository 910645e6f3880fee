/**
 * The takedown monitor's check of one URL: HTTP status, final URL after redirects, hash of the
 * content. It reaches only what the operator allowed (`RENKEI_TAKEDOWN_MONITOR_ALLOW`): every
 * address a host name resolves to, at every redirect, is checked at connection time (the
 * socket's own lookup), so a redirect or a DNS answer cannot send it into the CSIRT's network.
 * @module
 */
import { createHash } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export interface MonitorAllowList {
  addresses: BlockList;
  hosts: readonly string[];
  isEmpty: boolean;
}

/** `203.0.113.0/24, 2001:db8::/32, 127.0.0.1, phish.example` → an allow list (bad entries throw). */
export function parseAllowList(text: string): MonitorAllowList {
  const addresses = new BlockList();
  const hosts: string[] = [];
  for (const entry of text
    .split(/[,\s]+/)
    .map((item) => item.trim())
    .filter(Boolean)) {
    const [address, length] = entry.split('/');
    const family = isIP(address ?? '');
    if (family) {
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (length === undefined) addresses.addAddress(address!, type);
      else addresses.addSubnet(address!, Number(length), type);
    } else if (/^[a-z0-9.-]+$/i.test(entry)) hosts.push(entry.toLowerCase().replace(/\.$/, ''));
    else throw new Error(`not an address, range or host name: ${entry}`);
  }
  return { addresses, hosts, isEmpty: hosts.length === 0 && addresses.rules.length === 0 };
}

function hostAllowed(allow: MonitorAllowList, host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return allow.hosts.some((allowed) => name === allowed || name.endsWith(`.${allowed}`));
}

function addressAllowed(allow: MonitorAllowList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && allow.addresses.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface LivenessResult {
  /** The final HTTP status; null when no answer came (refused, timed out, not allowed). */
  status: number | null;
  finalUrl: string | null;
  /** sha256 of the final response's body (first 2 MiB). */
  contentHash: string | null;
  error: string | null;
  /** True when the check was refused because the address is not allowed (not a sign the site is down). */
  refused: boolean;
}

export class NotAllowedError extends Error {}

const MAX_BODY = 2 * 1024 * 1024;
const MAX_REDIRECTS = 5;

function fetchOnce(
  url: URL,
  allow: MonitorAllowList,
  timeoutMs: number,
): Promise<{ status: number; location: string | null; hash: string }> {
  const byName = hostAllowed(allow, url.hostname);
  const checkedLookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, found) => {
      if (error) return callback(error, '', 0);
      const list = found;
      const allowed = list.filter((entry) => byName || addressAllowed(allow, entry.address));
      if (allowed.length === 0)
        return callback(new NotAllowedError(`${hostname} resolves to an address the monitor may not reach`), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      return callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !byName && !addressAllowed(allow, literal))
    return Promise.reject(new NotAllowedError(`${literal} is not an address the monitor may reach`));
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(
      url,
      {
        lookup: checkedLookup,
        timeout: timeoutMs,
        headers: { 'user-agent': 'Renkei takedown monitor', accept: '*/*' },
      },
      (response) => {
        const hash = createHash('sha256');
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < MAX_BODY) hash.update(chunk.subarray(0, MAX_BODY - size));
          size += chunk.length;
          if (size >= MAX_BODY) response.destroy();
        });
        const finish = () =>
          resolve({
            status: response.statusCode ?? 0,
            location: typeof response.headers.location === 'string' ? response.headers.location : null,
            hash: hash.digest('hex'),
          });
        response.on('end', finish);
        response.on('close', () => {
          if (size >= MAX_BODY) finish();
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

/** Checks a URL, following up to five redirects, each one checked against the allow list. */
export async function checkLiveness(url: string, allow: MonitorAllowList, timeoutMs: number): Promise<LivenessResult> {
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    return { status: null, finalUrl: null, contentHash: null, error: 'not a URL', refused: true };
  }
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:')
      return { status: null, finalUrl: current.href, contentHash: null, error: 'not http(s)', refused: true };
    let answer: { status: number; location: string | null; hash: string };
    try {
      answer = await fetchOnce(current, allow, timeoutMs);
    } catch (error) {
      const refused = error instanceof NotAllowedError;
      return {
        status: null,
        finalUrl: current.href,
        contentHash: null,
        error: error instanceof Error ? error.message : String(error),
        refused,
      };
    }
    if (answer.status >= 300 && answer.status < 400 && answer.location) {
      current = new URL(answer.location, current);
      continue;
    }
    return { status: answer.status, finalUrl: current.href, contentHash: answer.hash, error: null, refused: false };
  }
  return { status: null, finalUrl: current.href, contentHash: null, error: 'too many redirects', refused: false };
}

/** Up: the site answers with content (2xx). Anything else — an error status, no answer — is down. */
export function isUp(result: LivenessResult): boolean {
  return result.status !== null && result.status >= 200 && result.status < 300;
}
