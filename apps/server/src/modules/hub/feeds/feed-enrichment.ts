/**
 * What the offline network data adds to an event: its AS and country where the feed left them
 * out. Pure; used by the import's own thread and by its reading threads (feed-reader.worker.ts)
 * alike, so both enrich exactly the same way.
 * @module
 */
import type { FeedEvent } from '@renkei/feeds';
import { parseIpv4, type AutonomousSystem, type IpRangeIndex } from '@renkei/ip-index';

export interface NetworkIndexes {
  asn: IpRangeIndex<AutonomousSystem>;
  country: IpRangeIndex<string>;
}

/** Fills `source.asn`, `source.as_name` and `source.geolocation.cc`; returns the IPv4 address as a number, if it is one. */
export function fillNetwork(event: FeedEvent, data: NetworkIndexes): number | undefined {
  const ip = event['source.ip'];
  if (!ip) return undefined;
  const v4 = parseIpv4(ip);
  if (event['source.asn'] === undefined || event['source.as_name'] === undefined) {
    const as = v4 !== undefined ? data.asn.findV4(v4) : data.asn.find(ip);
    if (as) {
      event['source.asn'] ??= as.asn;
      if (event['source.asn'] === as.asn) event['source.as_name'] ??= as.name;
    }
  }
  if (event['source.geolocation.cc'] === undefined) {
    const country = v4 !== undefined ? data.country.findV4(v4) : data.country.find(ip);
    if (country) event['source.geolocation.cc'] = country;
  }
  return v4;
}

/** The host a constituency's domains are matched against. */
export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}
