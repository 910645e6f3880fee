/**
 * @renkei/ip-index — IP address → prefix, autonomous system and country from an offline data set,
 * held in a compact in-memory range index (IPv4 and IPv6). Pure, no I/O: the server reads the
 * files (hub/resolver) and hands their lines here.
 * @module
 */
export {
  compareIpv6,
  formatIpv4,
  formatIpv6,
  ipv6WordsFromDecimal,
  networkOfIpv6,
  parseCidr,
  parseIpv4,
  parseIpv6,
  type Ipv6Words,
} from './address.js';
export { IpRangeIndex, IpRangeIndexBuilder, type IpRangeIndexParts, type RangeHit } from './range-index.js';
export { addAsnLines, addCountryLines, linesOf, type AutonomousSystem, type LoadCounts } from './ip-location-db.js';
