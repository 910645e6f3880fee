/**
 * Field values checked and written the one way the schema wants them: addresses canonical,
 * ports and AS numbers integers in range, country codes upper case, times ISO 8601 UTC.
 * @module
 */
import { formatIpv6, parseIpv4, parseIpv6 } from '@renkei/ip-index';
import { FEED_TLPS, NUMERIC_FIELDS, TAXONOMIES, toIsoTime, type FeedEvent, type FeedTlp } from './event.js';

export class FeedValueError extends Error {}

/** Canonical IP text (IPv6 per RFC 5952), or undefined when it is not an address. */
export function canonicalIp(text: string): string | undefined {
  const trimmed = text.trim();
  if (parseIpv4(trimmed) !== undefined) return trimmed;
  const v6 = parseIpv6(trimmed);
  return v6 && formatIpv6(v6);
}

const IP_FIELDS = new Set(['source.ip', 'destination.ip']);
const CC_FIELDS = new Set(['source.geolocation.cc', 'destination.geolocation.cc']);
const NAME_FIELDS = new Set(['source.fqdn', 'destination.fqdn', 'source.reverse_dns']);

/** Sets one harmonised field from feed text (already trimmed of nothing); throws FeedValueError when invalid. */
export type FieldSetter = (event: Record<string, unknown>, text: string) => void;

/**
 * The setter for one field, chosen once per column rather than once per value: a feed of a
 * million rows calls these ten million times.
 */
export function fieldSetter(field: string): FieldSetter {
  if (IP_FIELDS.has(field))
    return (event, text) => {
      const value = text.trim();
      if (value === '') return;
      const ip = parseIpv4(value) !== undefined ? value : canonicalIp(value);
      if (!ip) throw new FeedValueError(`${field}: not an IP address: ${value.slice(0, 60)}`);
      event[field] = ip;
    };
  if (NUMERIC_FIELDS.has(field)) {
    const max = field.endsWith('port') ? 65535 : 0xffffffff;
    return (event, text) => {
      const value = text.trim();
      if (value === '') return;
      let number = Number(value);
      if (Number.isNaN(number) && /^AS\d+$/i.test(value)) number = Number(value.slice(2));
      if (!Number.isInteger(number) || number < 0 || number > max)
        throw new FeedValueError(`${field}: not a valid number: ${value.slice(0, 60)}`);
      event[field] = number;
    };
  }
  if (CC_FIELDS.has(field))
    return (event, text) => {
      const value = text.trim();
      if (value === '') return;
      if (value.length !== 2 || !/^[A-Za-z]{2}$/.test(value))
        throw new FeedValueError(`${field}: not a country code: ${value.slice(0, 60)}`);
      event[field] = value.toUpperCase();
    };
  if (field === 'time.source' || field === 'time.observation') {
    // Feeds repeat timestamps row after row: remember the last one read.
    let lastText = '';
    let lastTime = '';
    return (event, text) => {
      if (text === lastText) {
        event[field] = lastTime;
        return;
      }
      const value = text.trim();
      if (value === '') return;
      const time = toIsoTime(value);
      if (!time) throw new FeedValueError(`${field}: not a time: ${value.slice(0, 60)}`);
      lastText = text;
      lastTime = time;
      event[field] = time;
    };
  }
  if (field === 'classification.taxonomy')
    return (event, text) => {
      const value = text.trim();
      if (value === '') return;
      if (!(TAXONOMIES as readonly string[]).includes(value))
        throw new FeedValueError(`classification.taxonomy: not an IntelMQ taxonomy: ${value.slice(0, 60)}`);
      event[field] = value;
    };
  if (field === 'tlp')
    return (event, text) => {
      const value = text.trim();
      if (value === '') return;
      const tlp = normaliseTlp(value);
      if (!tlp) throw new FeedValueError(`tlp: not a TLP 2.0 label: ${value.slice(0, 60)}`);
      event[field] = tlp;
    };
  if (NAME_FIELDS.has(field))
    return (event, text) => {
      const value = text.trim();
      if (value !== '') event[field] = value.toLowerCase().replace(/\.$/, '');
    };
  return (event, text) => {
    const value = text.trim();
    if (value !== '') event[field] = value;
  };
}

const setters = new Map<string, FieldSetter>();

/** Sets one harmonised field from feed text; throws FeedValueError naming the field when invalid. */
export function setField(event: Record<string, unknown>, field: string, text: string): void {
  let setter = setters.get(field);
  if (!setter) {
    // Fields named by the feed itself (generic JSON) are few; the map stays small.
    setter = fieldSetter(field);
    if (setters.size < 1000) setters.set(field, setter);
  }
  setter(event, text);
}

/** "TLP:AMBER+STRICT", "amber", "WHITE" (TLP 1.0's name for CLEAR) → TLP 2.0 label. */
export function normaliseTlp(text: string): FeedTlp | undefined {
  const label = text
    .trim()
    .toUpperCase()
    .replace(/^TLP:\s*/, '');
  if (label === 'WHITE') return 'CLEAR';
  return (FEED_TLPS as readonly string[]).includes(label) ? (label as FeedTlp) : undefined;
}

/** What every event must have; names the first field missing. */
export function missingRequired(event: Partial<FeedEvent>): string | undefined {
  if (!event['source.ip'] && !event['source.url'] && !event['source.fqdn'])
    return 'source.ip (or source.url, source.fqdn)';
  if (!event['time.source']) return 'time.source';
  if (!event['classification.type']) return 'classification.type';
  if (!event['classification.taxonomy']) return 'classification.taxonomy';
  if (!event['classification.identifier']) return 'classification.identifier';
  return undefined;
}
