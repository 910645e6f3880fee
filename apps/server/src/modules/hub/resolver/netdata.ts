/**
 * Offline network data: IP → AS number, AS name and country, from the ip-location-db data sets
 * (`@ip-location-db/asn`, CC BY 4.0, RouteViews + DB-IP; `@ip-location-db/geo-whois-asn-country`,
 * CC0), installed from the npm registry with Renkei. `renkei data update` puts newer files in the
 * data folder; they win over the packaged ones, and a running server picks them up (it looks at
 * the files' modification times at most once a minute).
 * @module
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  IpRangeIndex,
  IpRangeIndexBuilder,
  addAsnLines,
  addCountryLines,
  linesOf,
  type AutonomousSystem,
} from '@renkei/ip-index';

const require = createRequire(import.meta.url);

/** The files of each data set, in the order they are looked for (numeric forms load faster). */
export const NETDATA_FILES = {
  asn: [
    ['asn-ipv4-num.csv', 'asn-ipv4.csv'],
    ['asn-ipv6.csv', 'asn-ipv6-num.csv'],
  ],
  country: [
    ['geo-whois-asn-country-ipv4-num.csv', 'geo-whois-asn-country-ipv4.csv'],
    ['geo-whois-asn-country-ipv6.csv', 'geo-whois-asn-country-ipv6-num.csv'],
  ],
} as const;

const PACKAGES = { asn: '@ip-location-db/asn', country: '@ip-location-db/geo-whois-asn-country' } as const;

export interface DataSource {
  /** What a handler reads as the source of a fact: "ip-location-db asn 2026-06-17 (packaged)". */
  label: string;
  files: string[];
}

export interface NetworkData {
  asn: IpRangeIndex<AutonomousSystem>;
  country: IpRangeIndex<string>;
  sources: { asn: DataSource; country: DataSource };
  /** Lines the files held that were not ranges (a corrupt or foreign file shows here). */
  malformed: number;
}

function packageDir(name: string): string | undefined {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

/** ip-location-db versions read 2.3.YYYYMMDDHH: the date the data was built. */
function packageDate(dir: string): string | undefined {
  try {
    const version = (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: string }).version;
    const match = /\.(\d{4})(\d{2})(\d{2})\d{2}$/.exec(version ?? '');
    return match ? `${match[1]}-${match[2]}-${match[3]}` : version;
  } catch {
    return undefined;
  }
}

/** The file of a data set to load: the data folder's if present, else the package's. */
function locate(kind: 'asn' | 'country', candidates: readonly string[], netdataDir: string) {
  for (const name of candidates) {
    const file = path.join(netdataDir, name);
    if (existsSync(file)) return { file, origin: 'updated' as const };
  }
  const dir = packageDir(PACKAGES[kind]);
  if (dir)
    for (const name of candidates) {
      const file = path.join(dir, name);
      if (existsSync(file)) return { file, origin: 'packaged' as const, date: packageDate(dir) };
    }
  return undefined;
}

export function netdataFiles(netdataDir: string): string[] {
  return (['asn', 'country'] as const).flatMap((kind) =>
    NETDATA_FILES[kind].flatMap((candidates) => {
      const found = locate(kind, candidates, netdataDir);
      return found ? [found.file] : [];
    }),
  );
}

export function loadNetworkData(netdataDir: string): NetworkData {
  let malformed = 0;
  const asnBuilder = new IpRangeIndexBuilder<AutonomousSystem>((as) => `${as.asn}\u0000${as.name}`);
  const countryBuilder = new IpRangeIndexBuilder<string>((cc) => cc);
  const sources = {} as NetworkData['sources'];
  for (const kind of ['asn', 'country'] as const) {
    const files: string[] = [];
    const labels = new Set<string>();
    for (const candidates of NETDATA_FILES[kind]) {
      const found = locate(kind, candidates, netdataDir);
      if (!found) continue;
      files.push(found.file);
      const text = readFileSync(found.file, 'utf8');
      const counts =
        kind === 'asn' ? addAsnLines(asnBuilder, linesOf(text)) : addCountryLines(countryBuilder, linesOf(text));
      malformed += counts.malformed;
      labels.add(
        found.origin === 'packaged'
          ? `ip-location-db ${kind === 'asn' ? 'asn' : 'geo-whois-asn-country'} ${found.date ?? ''} (packaged)`.replace(
              '  ',
              ' ',
            )
          : `ip-location-db ${kind === 'asn' ? 'asn' : 'geo-whois-asn-country'} (updated ${statSync(found.file).mtime.toISOString().slice(0, 10)})`,
      );
    }
    // IPv4 and IPv6 may come from different places (an update of one family only): name both.
    sources[kind] = { label: [...labels].join(' + ') || `no ${kind} data`, files };
  }
  return { asn: asnBuilder.build(), country: countryBuilder.build(), sources, malformed };
}

/**
 * The loaded data, reloaded when its files change. Loading takes a few seconds (about a
 * million ranges): the first caller waits, later ones share it.
 */
export class NetworkDataHolder {
  private current: { data: NetworkData; signature: string } | undefined;
  private checkedAt = 0;

  constructor(
    private readonly netdataDir: string,
    private readonly now: () => number = Date.now,
  ) {}

  private signature(): string {
    return netdataFiles(this.netdataDir)
      .map((file) => `${file}:${statSync(file).mtimeMs}`)
      .join('|');
  }

  get(): NetworkData {
    const now = this.now();
    if (this.current && now - this.checkedAt < 60_000) return this.current.data;
    this.checkedAt = now;
    const signature = this.signature();
    if (!this.current || this.current.signature !== signature)
      this.current = { data: loadNetworkData(this.netdataDir), signature };
    return this.current.data;
  }
}
