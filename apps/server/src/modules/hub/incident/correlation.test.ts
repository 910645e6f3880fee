import { describe, expect, it } from 'vitest';
import { correlate, MAX_RELATED_PER_REPORT, type CorrelationState, type KeyedObservable } from './correlation.js';

const observable = (type: string, value: string, registeredDomain: string | null = null): KeyedObservable => ({
  key: `${type}:${value}`,
  type,
  value,
  registeredDomain,
});

/** Stored incidents named by age (`i01` older than `i02`); `closed` ones are not open. */
function state(options: {
  stored?: Record<string, string[]>; // observable key → incidents
  byDomain?: Record<string, string[]>; // registered domain → observable keys
  batchLinks?: Record<string, string[]>;
  closed?: string[];
}): CorrelationState {
  const stored = Object.entries(options.stored ?? {});
  return {
    observableIds: new Map(stored.map(([key]) => [key, `id:${key}`])),
    links: new Map(stored.map(([key, incidents]) => [`id:${key}`, incidents])),
    byDomain: new Map(
      Object.entries(options.byDomain ?? {}).map(([domain, keys]) => [
        domain,
        keys.map((key) => ({ id: `id:${key}`, key })),
      ]),
    ),
    batchLinks: new Map(Object.entries(options.batchLinks ?? {}).map(([key, incidents]) => [key, new Set(incidents)])),
    batchDomains: new Map(),
    age: (id) => id,
    isOpen: (id) => !(options.closed ?? []).includes(id),
  };
}

describe('correlation', () => {
  it('files a report with a known URL or hash into the oldest open incident that has it', () => {
    const url = observable('url', 'https://phish.example/login', 'phish.example');
    const result = correlate([url], state({ stored: { [url.key]: ['i03', 'i01', 'i02'] }, closed: ['i01'] }));
    expect(result.incidentId).toBe('i02');
    expect([...result.related]).toEqual([['i03', `url:${url.value}`]]);
  });

  it('only relates incidents that share an IP address', () => {
    const ip = observable('ipv4', '203.0.113.7');
    const result = correlate([ip], state({ stored: { [ip.key]: ['i01'] } }));
    expect(result.incidentId).toBeUndefined();
    expect([...result.related]).toEqual([['i01', 'ipv4:203.0.113.7']]);
  });

  it('relates incidents whose observables share the registered domain', () => {
    const mine = observable('url', 'https://a.shop.example/x', 'shop.example');
    const theirs = 'url:https://b.shop.example/y';
    const result = correlate([mine], state({ stored: { [theirs]: ['i05'] }, byDomain: { 'shop.example': [theirs] } }));
    expect(result.incidentId).toBeUndefined();
    expect([...result.related]).toEqual([['i05', 'registered_domain:shop.example']]);
  });

  it('sees incidents opened earlier in the same batch, like stored ones', () => {
    const hash = observable('sha256', 'a'.repeat(64));
    expect(correlate([hash], state({ batchLinks: { [hash.key]: ['b1'] } })).incidentId).toBe('b1');
  });

  it(`relates at most ${MAX_RELATED_PER_REPORT} incidents, oldest first`, () => {
    const ip = observable('ipv4', '198.51.100.1');
    const incidents = Array.from({ length: 40 }, (_, i) => `i${String(i).padStart(2, '0')}`).reverse();
    const result = correlate([ip], state({ stored: { [ip.key]: incidents } }));
    expect(result.related.size).toBe(MAX_RELATED_PER_REPORT);
    expect([...result.related.keys()][0]).toBe('i00');
  });

  it('finds nothing for a report without observables', () => {
    expect(correlate([], state({}))).toEqual({ incidentId: undefined, related: new Map(), overLimit: [] });
  });
});
