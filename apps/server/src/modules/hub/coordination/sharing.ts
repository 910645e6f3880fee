/**
 * What may leave, under TLP 2.0 (FIRST): who the recipients are (named people, one organisation,
 * a community, the public), whether the label allows them, and the victim's identity removed
 * from what a third party reads unless the victim agreed. Pure: the service feeds it the
 * party's directory entry and the incident's reporters.
 * @module
 */
import type { RecipientKind, Tlp } from '@renkei/contracts';
import { getDomain } from 'tldts';

export interface PartyAddresses {
  /** Addresses of named people of the party (directory contacts). */
  people: readonly string[];
  /** The organisation's own addresses (abuse@, security@, …). */
  organisation: readonly string[];
  /** The organisation's web site, whose registered domain is its own. */
  website?: string | null | undefined;
}

const lower = (address: string) => address.trim().toLowerCase();
const domainOf = (address: string) => lower(address).split('@').pop() ?? '';
const registered = (host: string) => getDomain(host) ?? host;

/**
 * The kind of a set of recipients: all named people of the party → person; all within the
 * party organisation (its addresses, its people, its registered domains) → organisation; more
 * than one organisation → community. `public` is never inferred from addresses: a caller
 * publishing says so.
 */
export function recipientKindOf(recipients: readonly string[], party: PartyAddresses | null): RecipientKind {
  const addresses = recipients.map(lower);
  if (party) {
    const people = new Set(party.people.map(lower));
    if (addresses.length > 0 && addresses.every((address) => people.has(address))) return 'person';
    const own = new Set([...party.organisation, ...party.people].map(lower));
    const domains = new Set([...own].map((address) => registered(domainOf(address))));
    if (party.website) {
      try {
        domains.add(registered(new URL(party.website).hostname));
      } catch {
        // A malformed web site adds no domain.
      }
    }
    if (addresses.every((address) => own.has(address) || domains.has(registered(domainOf(address)))))
      return 'organisation';
    return 'community';
  }
  // A party outside the directory: its addresses define it, one registered domain is one organisation.
  const domains = new Set(addresses.map((address) => registered(domainOf(address))));
  return domains.size <= 1 ? 'organisation' : 'community';
}

/** Which recipient kinds each label allows (TLP 2.0, sharing by the recipient's side). */
const ALLOWED: Record<Tlp, readonly RecipientKind[]> = {
  CLEAR: ['person', 'organisation', 'community', 'public'],
  GREEN: ['person', 'organisation', 'community'],
  AMBER: ['person', 'organisation'],
  'AMBER+STRICT': ['person', 'organisation'],
  RED: ['person'],
};

export interface SharingProblem {
  code: 'tlp_recipients' | 'no_recipients';
  message: string;
}

/** Why a message labelled `tlp` may not go to recipients of this kind; empty when it may. */
export function sharingProblems(tlp: Tlp, kind: RecipientKind, recipients: readonly string[]): SharingProblem[] {
  if (recipients.length === 0) return [{ code: 'no_recipients', message: 'no recipients' }];
  if (ALLOWED[tlp].includes(kind)) return [];
  const reason: Record<Tlp, string> = {
    CLEAR: '',
    GREEN: 'TLP:GREEN may be shared within a community, not published',
    AMBER: 'TLP:AMBER may go only to the organisation that needs it (and its clients), not to several organisations',
    'AMBER+STRICT': 'TLP:AMBER+STRICT stays inside one recipient organisation',
    RED: 'TLP:RED goes only to named people: use the addresses of people in the directory, not role addresses',
  };
  return [{ code: 'tlp_recipients', message: `${reason[tlp]} (recipients: ${kind})` }];
}

export interface VictimIdentity {
  kind: 'name' | 'email' | 'organisation';
  value: string;
}

export interface Redacted {
  text: string;
  redactions: { kind: string; count: number }[];
}

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The text with each victim identity replaced by `placeholder`, case-insensitively, also where
 * it appears percent-encoded (an address in a URL's query or fragment is still the victim's) or
 * defanged (`bank[.]test`).
 * Identities shorter than 3 characters are left alone (they would match inside other words).
 */
export function redactVictim(text: string, identities: readonly VictimIdentity[], placeholder: string): Redacted {
  const counts = new Map<string, number>();
  let result = text;
  // Longest first: "Taro Yamada" before "Taro", an address before its domain-looking parts.
  const sorted = [...identities].filter((identity) => identity.value.trim().length >= 3);
  sorted.sort((a, b) => b.value.length - a.value.length);
  for (const identity of sorted) {
    const value = identity.value.trim();
    // As written, percent-encoded (in a URL) and defanged (in our own messages' indicators).
    const forms = new Set([value, encodeURIComponent(value), value.replace(/\./g, '[.]')]);
    if (identity.kind === 'email') forms.add(value.replace('@', '%40'));
    for (const form of forms) {
      const pattern = new RegExp(escape(form), 'giu');
      result = result.replace(pattern, () => {
        counts.set(identity.kind, (counts.get(identity.kind) ?? 0) + 1);
        return placeholder;
      });
    }
  }
  return { text: result, redactions: [...counts].map(([kind, count]) => ({ kind, count })) };
}
