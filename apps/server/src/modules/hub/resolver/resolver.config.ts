/** hub/resolver's configuration: where network data comes from and whether RDAP may go online. @module */
import { z } from 'zod';
import { defineConfigSection } from '../../../platform/index.js';

export const resolverConfig = defineConfigSection(
  'hub/resolver',
  z.object({
    /**
     * Folder of IP → AS / country data (ip-location-db CSV files) and RDAP bootstrap files.
     * Empty: `<dataDir>/netdata`, which `renkei data update` fills; files missing there come
     * from the npm packages installed with Renkei.
     */
    netdataDir: z.string().default(''),
    /** online: RDAP queries go out (cached); offline: only the cache answers. */
    rdapMode: z.enum(['online', 'offline']).default('online'),
    /** Per RDAP request. */
    rdapTimeoutMs: z.coerce.number().int().min(100).max(60_000).default(5000),
    /** system: a domain's addresses are looked up with the system's resolver (online mode only); off: never. */
    dns: z.enum(['system', 'off']).default('system'),
    /** DNS servers to ask instead of the system's (comma-separated `address` or `address:port`): a CSIRT's own resolver. */
    dnsServers: z.string().default(''),
    /** How long an RDAP answer is reused. */
    rdapCacheHours: z.coerce
      .number()
      .min(0)
      .max(24 * 365)
      .default(24),
  }),
  {
    RENKEI_NETDATA_DIR: 'netdataDir',
    RENKEI_RDAP_MODE: 'rdapMode',
    RENKEI_RDAP_TIMEOUT_MS: 'rdapTimeoutMs',
    RENKEI_RDAP_CACHE_HOURS: 'rdapCacheHours',
    RENKEI_RESOLVER_DNS: 'dns',
    RENKEI_RESOLVER_DNS_SERVERS: 'dnsServers',
  },
);
