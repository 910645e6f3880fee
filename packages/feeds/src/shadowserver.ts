/**
 * Shadowserver's daily CSV reports (https://www.shadowserver.org/what-we-do/network-reporting/)
 * read into harmonised events. Supported report families and how they are classified (IntelMQ's
 * taxonomy; docs/reference/feeds.md lists the columns):
 *
 * - scan reports (`scan_*`, `scan6_*`): a service reachable from the Internet —
 *   vulnerable / vulnerable-system / `accessible-<service>`; amplifiable UDP services and open
 *   resolvers ("open services": `scan_ntp`, `scan_ssdp`, `scan_dns`, …) get `open-<service>`;
 * - sinkhole and infected-host reports (`event4_sinkhole*`, `event6_sinkhole*`, `botnet_drone`,
 *   `infected_*`): malicious-code / infected-system / the infection's name;
 * - honeypot reports (`event4_honeypot_brute_force`, `event4_honeypot_darknet`, `event4_ddos_participant`).
 *
 * The report is named by the option, else by the file name (`2026-12-04-scan_rdp-jp-geo.csv`),
 * else recognised from the header.
 * @module
 */
import type { FeedEvent, Taxonomy } from './event.js';

export type ShadowserverFamily = 'scan' | 'open-service' | 'infected' | 'brute-force' | 'darknet' | 'ddos';

export interface ShadowserverReport {
  name: string;
  family: ShadowserverFamily;
  /** The service the report is about (scan_rdp → rdp). */
  service?: string;
}

/** Services whose scan report means an open (abusable) service rather than a merely reachable one. */
const OPEN_SERVICES = new Set([
  'ntp',
  'ntpmonitor',
  'ssdp',
  'dns',
  'memcached',
  'snmp',
  'chargen',
  'qotd',
  'mdns',
  'netbios',
  'portmapper',
  'ldap',
  'ldap_udp',
  'mssql',
  'tftp',
  'ipmi',
  'xdmcp',
  'coap',
  'ws_discovery',
  'ubiquiti',
  'rdpeudp',
  'ard',
  'db2',
  'cwmp',
]);

/** The report a file holds, from its name ("2026-12-04-scan_rdp-asn-jp.csv"). */
export function reportFromFileName(fileName: string): ShadowserverReport | undefined {
  const base = fileName.replace(/^.*[\\/]/, '').toLowerCase();
  const match = /^(?:\d{4}-\d{2}-\d{2}-)?([a-z0-9]+(?:_[a-z0-9]+)+)(?:-|\.csv$)/.exec(base);
  return match ? classifyReport(match[1]!) : undefined;
}

export function classifyReport(name: string): ShadowserverReport | undefined {
  const lower = name.toLowerCase();
  const scan = /^scan6?_(.+)$/.exec(lower);
  if (scan) {
    const service = scan[1]!;
    return { name: lower, family: OPEN_SERVICES.has(service) ? 'open-service' : 'scan', service };
  }
  if (
    /^event[46]_sinkhole/.test(lower) ||
    lower === 'botnet_drone' ||
    lower.startsWith('infected_') ||
    lower.includes('drone')
  )
    return { name: lower, family: 'infected' };
  if (/^event[46]_honeypot_brute_force/.test(lower)) return { name: lower, family: 'brute-force' };
  if (/^event[46]_honeypot_darknet/.test(lower)) return { name: lower, family: 'darknet' };
  if (/^event[46]_ddos_participant/.test(lower)) return { name: lower, family: 'ddos' };
  return undefined;
}

/** A report recognised from its columns when neither option nor file name names it. */
export function reportFromHeader(columns: readonly string[]): ShadowserverReport | undefined {
  const has = (column: string) => columns.includes(column);
  if (has('src_ip') && (has('infection') || has('family'))) return { name: 'event4_sinkhole', family: 'infected' };
  if (has('ip') && has('infection')) return { name: 'botnet_drone', family: 'infected' };
  if (has('ip') && has('port') && has('protocol')) return { name: 'scan', family: 'scan' };
  return undefined;
}

/** Shadowserver column → harmonised field (both the old `ip` and the newer `src_ip` naming). */
export const SHADOWSERVER_COLUMNS: Readonly<Record<string, string>> = {
  timestamp: 'time.source',
  ip: 'source.ip',
  src_ip: 'source.ip',
  port: 'source.port',
  src_port: 'source.port',
  asn: 'source.asn',
  src_asn: 'source.asn',
  geo: 'source.geolocation.cc',
  src_geo: 'source.geolocation.cc',
  region: 'source.geolocation.region',
  src_region: 'source.geolocation.region',
  city: 'source.geolocation.city',
  src_city: 'source.geolocation.city',
  hostname: 'source.reverse_dns',
  src_hostname: 'source.reverse_dns',
  protocol: 'protocol.transport',
  application: 'protocol.application',
  dst_ip: 'destination.ip',
  dst_port: 'destination.port',
  dst_asn: 'destination.asn',
  dst_geo: 'destination.geolocation.cc',
  cc_ip: 'destination.ip',
  cc_port: 'destination.port',
};

/** Columns that must be present, by report family. */
export function requiredColumns(columns: readonly string[]): string[] {
  const missing: string[] = [];
  if (!columns.includes('timestamp')) missing.push('timestamp');
  if (!columns.includes('ip') && !columns.includes('src_ip')) missing.push('ip (or src_ip)');
  return missing;
}

/** Classification of one row of a report (the infection varies per row in sinkhole reports). */
export function classify(
  report: ShadowserverReport,
  row: { tag?: string; infection?: string; family?: string; application?: string },
): Pick<FeedEvent, 'classification.taxonomy' | 'classification.type' | 'classification.identifier' | 'malware.name'> {
  switch (report.family) {
    case 'scan':
    case 'open-service': {
      const service = report.service ?? (row.tag?.split(/[;,]/)[0] || 'service');
      const prefix = report.family === 'open-service' ? 'open' : 'accessible';
      const identifier =
        service === 'dns' && prefix === 'open' ? 'open-resolver' : `${prefix}-${service.replace(/_/g, '-')}`;
      return {
        'classification.taxonomy': 'vulnerable' satisfies Taxonomy,
        'classification.type': 'vulnerable-system',
        'classification.identifier': identifier,
      };
    }
    case 'infected': {
      const malware = (row.infection || row.family || '').trim().toLowerCase();
      return {
        'classification.taxonomy': 'malicious-code',
        'classification.type': 'infected-system',
        'classification.identifier': malware || 'infected-host',
        ...(malware ? { 'malware.name': malware } : {}),
      };
    }
    case 'brute-force':
      return {
        'classification.taxonomy': 'intrusion-attempts',
        'classification.type': 'brute-force',
        'classification.identifier': `brute-force${row.application ? `-${row.application.toLowerCase()}` : ''}`,
      };
    case 'darknet':
      return {
        'classification.taxonomy': 'information-gathering',
        'classification.type': 'scanner',
        'classification.identifier': 'darknet',
      };
    case 'ddos':
      return {
        'classification.taxonomy': 'availability',
        'classification.type': 'ddos',
        'classification.identifier': 'ddos-participant',
      };
  }
}
