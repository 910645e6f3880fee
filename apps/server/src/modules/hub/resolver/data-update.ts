/**
 * `renkei data update`: installs newer network data into the data folder — ip-location-db CSV
 * files (IP → AS, IP → country) and IANA's RDAP bootstrap files. Each file is read in full and
 * checked before it replaces the one in use (a truncated download must not empty the index);
 * a running server picks the new files up within a minute.
 * @module
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { IpRangeIndexBuilder, addAsnLines, addCountryLines, linesOf, type AutonomousSystem } from '@renkei/ip-index';
import { NETDATA_FILES } from './netdata.js';

export interface DataUpdateResult {
  installed: { file: string; ranges: number; malformed: number }[];
  skipped: { file: string; reason: string }[];
}

const RDAP_FILES = ['dns.json', 'ipv4.json', 'ipv6.json', 'asn.json'];

export function updateNetworkData(
  netdataDir: string,
  options: { from?: string; rdapBootstrap?: string },
): DataUpdateResult {
  const result: DataUpdateResult = { installed: [], skipped: [] };
  mkdirSync(netdataDir, { recursive: true });
  if (options.from) {
    for (const kind of ['asn', 'country'] as const) {
      for (const candidates of NETDATA_FILES[kind])
        for (const name of candidates) {
          const source = path.join(options.from, name);
          if (!existsSync(source)) continue;
          const text = readFileSync(source, 'utf8');
          const counts =
            kind === 'asn'
              ? addAsnLines(new IpRangeIndexBuilder<AutonomousSystem>(), linesOf(text))
              : addCountryLines(new IpRangeIndexBuilder<string>(), linesOf(text));
          // More than 1 % of lines unreadable: not the format this expects — keep the old file.
          if (counts.added === 0 || counts.malformed > counts.added / 100) {
            result.skipped.push({
              file: source,
              reason: `${counts.malformed} malformed lines of ${counts.added + counts.malformed}`,
            });
            continue;
          }
          install(source, path.join(netdataDir, name));
          result.installed.push({ file: name, ranges: counts.added, malformed: counts.malformed });
        }
    }
  }
  if (options.rdapBootstrap) {
    mkdirSync(path.join(netdataDir, 'rdap'), { recursive: true });
    for (const name of RDAP_FILES) {
      const source = path.join(options.rdapBootstrap, name);
      if (!existsSync(source)) continue;
      let services: unknown;
      try {
        services = (JSON.parse(readFileSync(source, 'utf8')) as { services?: unknown }).services;
      } catch (error) {
        result.skipped.push({ file: source, reason: `not JSON: ${(error as Error).message}` });
        continue;
      }
      if (!Array.isArray(services) || services.length === 0) {
        result.skipped.push({ file: source, reason: 'no "services" (not an RFC 9224 bootstrap file)' });
        continue;
      }
      install(source, path.join(netdataDir, 'rdap', name));
      result.installed.push({ file: `rdap/${name}`, ranges: services.length, malformed: 0 });
    }
  }
  return result;
}

/** Copy beside, then rename: a reader never sees half a file. */
function install(source: string, target: string): void {
  const temporary = `${target}.new`;
  copyFileSync(source, temporary);
  renameSync(temporary, target);
}
