/**
 * Reads the CSV files of the ip-location-db project (npm `@ip-location-db/asn`,
 * `@ip-location-db/geo-whois-asn-country`; github.com/sapics/ip-location-db): one range per
 * line, `start,end,asn,"AS name"` or `start,end,CC`, addresses as text (`1.0.0.0`, `2001:200::`)
 * or as decimal integers (the `-num` files). The caller reads the files; this only parses lines.
 * @module
 */
import { ipv6WordsFromDecimal, parseIpv4, parseIpv6, type Ipv6Words } from './address.js';
import type { IpRangeIndexBuilder } from './range-index.js';

export interface AutonomousSystem {
  asn: number;
  name: string;
}

export interface LoadCounts {
  added: number;
  malformed: number;
}

type Bound = { family: 4; value: number } | { family: 6; value: Ipv6Words };

function parseBound(text: string): Bound | undefined {
  if (text.includes(':')) {
    const v6 = parseIpv6(text);
    return v6 && { family: 6, value: v6 };
  }
  if (text.includes('.')) {
    const v4 = parseIpv4(text);
    return v4 === undefined ? undefined : { family: 4, value: v4 };
  }
  if (!/^\d+$/.test(text)) return undefined;
  // A decimal integer: IPv4 when it fits 32 bits and the file is an IPv4 file; the -num files
  // keep the two families apart, and an IPv6 range never ends below 2^32 in real data.
  if (text.length <= 10 && Number(text) <= 0xffffffff) return { family: 4, value: Number(text) };
  const v6 = ipv6WordsFromDecimal(text);
  return v6 && { family: 6, value: v6 };
}

/** Splits one CSV line of at most `columns` fields; the last may be quoted (AS names with commas). */
function splitLine(line: string, columns: number): string[] | undefined {
  const fields: string[] = [];
  let position = 0;
  while (fields.length < columns - 1) {
    const comma = line.indexOf(',', position);
    if (comma < 0) return undefined;
    fields.push(line.slice(position, comma));
    position = comma + 1;
  }
  let last = line.slice(position).replace(/\r$/, '');
  if (last.startsWith('"')) {
    if (!last.endsWith('"') || last.length < 2) return undefined;
    last = last.slice(1, -1).replace(/""/g, '"');
  }
  fields.push(last);
  return fields;
}

function addRange<V>(builder: IpRangeIndexBuilder<V>, startText: string, endText: string, value: V): boolean {
  const start = parseBound(startText);
  const end = parseBound(endText);
  if (!start || !end || start.family !== end.family) return false;
  if (start.family === 4 && end.family === 4) builder.addV4(start.value, end.value, value);
  else if (start.family === 6 && end.family === 6) builder.addV6(start.value, end.value, value);
  return true;
}

/** Adds `start,end,asn,name` lines (ip-location-db `asn-ipv4*.csv`, `asn-ipv6*.csv`). */
export function addAsnLines(builder: IpRangeIndexBuilder<AutonomousSystem>, lines: Iterable<string>): LoadCounts {
  const counts: LoadCounts = { added: 0, malformed: 0 };
  for (const line of lines) {
    if (line.trim() === '') continue;
    const fields = splitLine(line, 4);
    const asn = fields ? Number(fields[2]) : Number.NaN;
    if (!fields || !Number.isInteger(asn) || asn < 0 || asn > 0xffffffff) {
      counts.malformed++;
      continue;
    }
    if (addRange(builder, fields[0]!, fields[1]!, { asn, name: fields[3]! })) counts.added++;
    else counts.malformed++;
  }
  return counts;
}

/** Adds `start,end,CC` lines (ip-location-db `*-country-ipv4*.csv`, `*-country-ipv6*.csv`). */
export function addCountryLines(builder: IpRangeIndexBuilder<string>, lines: Iterable<string>): LoadCounts {
  const counts: LoadCounts = { added: 0, malformed: 0 };
  for (const line of lines) {
    if (line.trim() === '') continue;
    const fields = splitLine(line, 3);
    const country = fields?.[2]?.toUpperCase();
    if (!fields || !country || !/^[A-Z]{2}$/.test(country)) {
      counts.malformed++;
      continue;
    }
    if (addRange(builder, fields[0]!, fields[1]!, country)) counts.added++;
    else counts.malformed++;
  }
  return counts;
}

/** Splits a file's text into lines without copying it into an array of all lines at once. */
export function* linesOf(text: string): Generator<string> {
  let position = 0;
  while (position < text.length) {
    let newline = text.indexOf('\n', position);
    if (newline < 0) newline = text.length;
    yield text.slice(position, newline);
    position = newline + 1;
  }
}
