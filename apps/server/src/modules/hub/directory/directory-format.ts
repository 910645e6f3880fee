/**
 * The directory's import and export formats (docs/reference/directory-format.md, sample in
 * docs/samples/directory.csv): CSV with one organisation per row, multi-valued cells separated
 * by `;`, and JSON (an array of organisations as the API takes them, each optionally with
 * `pgpKeys`: armored public keys). Pure: text in, rows out.
 * @module
 */
import { csvField, readCsvRecords } from '@renkei/feeds';
import { organisationInputSchema, type Organisation, type OrganisationInputParsed } from '@renkei/contracts';

export const DIRECTORY_CSV_COLUMNS = [
  'name',
  'local_name',
  'kind',
  'country',
  'languages',
  'time_zone',
  'abuse_email',
  'security_email',
  'other_emails',
  'memberships',
  'trust_level',
  'website',
  'networks',
  'asns',
  'domains',
  'countries',
  'sectors',
  'tlp',
  'notes',
] as const;

export interface DirectoryImportRow {
  /** CSV line or JSON index (1-based). */
  row: number;
  name: string | null;
  input?: OrganisationInputParsed;
  pgpKeys?: string[];
  problems: string[];
}

const list = (cell: string | undefined) =>
  (cell ?? '')
    .split(/[;\n]/)
    .map((item) => item.trim())
    .filter(Boolean);

function problemsOf(error: unknown): string[] {
  const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
  return issues
    ? issues.map((issue) => `${issue.path.map(String).join('.') || 'row'}: ${issue.message}`)
    : [String(error)];
}

export async function readDirectoryCsv(text: string): Promise<{ rows: DirectoryImportRow[]; problem?: string }> {
  const rows: DirectoryImportRow[] = [];
  let header: string[] | undefined;
  for await (const record of readCsvRecords([text.replace(/^\uFEFF/, '')])) {
    if (record.raw.trim() === '') continue;
    if (!header) {
      header = record.fields.map((field) => field.trim().toLowerCase());
      const missing = ['name', 'kind'].filter((column) => !header!.includes(column));
      if (missing.length) return { rows, problem: `the header lacks ${missing.join(', ')}` };
      continue;
    }
    const cell = (column: string) => {
      const at = header!.indexOf(column);
      return at >= 0 ? (record.fields[at] ?? '').trim() : '';
    };
    const emails = [
      ...list(cell('abuse_email')).map((address) => ({ address, purpose: 'abuse' })),
      ...list(cell('security_email')).map((address) => ({ address, purpose: 'security' })),
      ...list(cell('other_emails')).map((address) => ({ address, purpose: 'general' })),
    ];
    const candidate = {
      name: cell('name'),
      localName: cell('local_name') || null,
      kind: cell('kind'),
      country: cell('country') || null,
      languages: list(cell('languages')),
      timeZone: cell('time_zone') || null,
      emails,
      memberships: list(cell('memberships')),
      trustLevel: cell('trust_level') || undefined,
      website: cell('website') || null,
      notes: cell('notes') || null,
      tlp: cell('tlp').toUpperCase().replace(/^TLP:/, '') || undefined,
      constituency: [
        ...list(cell('networks')).map((value) => ({ kind: 'cidr', value })),
        ...list(cell('asns')).map((value) => ({ kind: 'asn', value })),
        ...list(cell('domains')).map((value) => ({ kind: 'domain', value })),
        ...list(cell('countries')).map((value) => ({ kind: 'country', value })),
        ...list(cell('sectors')).map((value) => ({ kind: 'sector', value })),
      ],
    };
    const parsed = organisationInputSchema.safeParse(candidate);
    if (record.fields.length !== header.length)
      rows.push({
        row: record.line,
        name: candidate.name || null,
        problems: [`${record.fields.length} fields where the header has ${header.length}`],
      });
    else if (parsed.success) rows.push({ row: record.line, name: parsed.data.name, input: parsed.data, problems: [] });
    else rows.push({ row: record.line, name: candidate.name || null, problems: problemsOf(parsed.error) });
  }
  if (!header) return { rows, problem: 'the file is empty' };
  return { rows };
}

export function readDirectoryJson(json: unknown): { rows: DirectoryImportRow[]; problem?: string } {
  const items = Array.isArray(json)
    ? json
    : json && typeof json === 'object' && Array.isArray((json as { organisations?: unknown }).organisations)
      ? (json as { organisations: unknown[] }).organisations
      : undefined;
  if (!items) return { rows: [], problem: 'expected an array of organisations, or { "organisations": [...] }' };
  return {
    rows: items.map((item, i) => {
      const parsed = organisationInputSchema.safeParse(item);
      const pgpKeys = (item as { pgpKeys?: unknown } | null)?.pgpKeys;
      const keys = Array.isArray(pgpKeys) ? pgpKeys.filter((key): key is string => typeof key === 'string') : [];
      const name = (item as { name?: unknown } | null)?.name;
      return parsed.success
        ? { row: i + 1, name: parsed.data.name, input: parsed.data, pgpKeys: keys, problems: [] }
        : { row: i + 1, name: typeof name === 'string' ? name : null, problems: problemsOf(parsed.error) };
    }),
  };
}

export function writeDirectoryCsv(organisations: readonly Organisation[]): string {
  const lines = [DIRECTORY_CSV_COLUMNS.join(',')];
  for (const organisation of organisations) {
    const entries = (kind: string) =>
      organisation.constituency
        .filter((entry) => entry.kind === kind)
        .map((entry) => entry.value)
        .join(';');
    const emails = (purpose: string) =>
      organisation.emails
        .filter((email) =>
          purpose === 'general' ? email.purpose !== 'abuse' && email.purpose !== 'security' : email.purpose === purpose,
        )
        .map((email) => email.address)
        .join(';');
    const cells: Record<(typeof DIRECTORY_CSV_COLUMNS)[number], string | null> = {
      name: organisation.name,
      local_name: organisation.localName,
      kind: organisation.kind,
      country: organisation.country,
      languages: organisation.languages.join(';'),
      time_zone: organisation.timeZone,
      abuse_email: emails('abuse'),
      security_email: emails('security'),
      other_emails: emails('general'),
      memberships: organisation.memberships.join(';'),
      trust_level: organisation.trustLevel,
      website: organisation.website,
      networks: entries('cidr'),
      asns: entries('asn'),
      domains: entries('domain'),
      countries: entries('country'),
      sectors: entries('sector'),
      tlp: organisation.tlp,
      notes: organisation.notes,
    };
    lines.push(DIRECTORY_CSV_COLUMNS.map((column) => csvField(cells[column])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** The JSON export: what the import reads back (contacts and constituency included; keys are in the key directory). */
export function writeDirectoryJson(organisations: readonly Organisation[]): unknown {
  return {
    organisations: organisations.map((organisation) => ({
      name: organisation.name,
      localName: organisation.localName,
      kind: organisation.kind,
      country: organisation.country,
      languages: organisation.languages,
      timeZone: organisation.timeZone,
      emails: organisation.emails,
      memberships: organisation.memberships,
      trustLevel: organisation.trustLevel,
      website: organisation.website,
      notes: organisation.notes,
      tlp: organisation.tlp,
      constituency: organisation.constituency,
      contacts: organisation.contacts.map(({ name, email, role, languages }) => ({ name, email, role, languages })),
    })),
  };
}

/**
 * FIRST's team directory as its API answers (`GET https://api.first.org/data/v1/teams`, saved to
 * a file): `{ "data": [{ "team", "team-full", "host", "country", "email", "website",
 * "membership", "pgp-key", … }] }`. Each team becomes an organisation of `kind` (FIRST does not
 * say which teams are national: the caller imports a list it chose), member of FIRST, labelled
 * CLEAR (the listing is public), with its key for the key directory. A team without an e-mail
 * address answers nothing and is reported.
 */
export function readFirstTeams(
  json: unknown,
  kind: OrganisationInputParsed['kind'],
): { rows: DirectoryImportRow[]; problem?: string } {
  const body = json as { status?: unknown; data?: unknown } | null;
  if (!body || typeof body !== 'object' || !Array.isArray(body.data))
    return { rows: [], problem: 'expected the FIRST API teams answer: { "data": [ … ] }' };
  if (typeof body.status === 'string' && body.status.toUpperCase() !== 'OK')
    return { rows: [], problem: `the FIRST answer says status ${body.status}` };
  return {
    rows: (body.data as unknown[]).map((item, i) => {
      const team = (item ?? {}) as Record<string, unknown>;
      const text = (key: string) => (typeof team[key] === 'string' ? team[key].trim() : '');
      const name = text('team') || text('team-full') || null;
      if (!text('email')) return { row: i + 1, name, problems: ['email: the team lists no address'] };
      const full = text('team-full');
      const candidate = {
        name: name ?? '',
        localName: full && full !== name ? full : null,
        kind,
        country: text('country').toUpperCase() || null,
        emails: text('email')
          .split(/[,;\s]+/)
          .filter(Boolean)
          .map((address) => ({ address, purpose: 'security' })),
        memberships: ['FIRST', ...(text('membership') ? [`FIRST ${text('membership')}`] : [])],
        trustLevel: 'basic',
        website: /^https?:\/\//i.test(text('website')) ? text('website') : null,
        notes:
          [text('host') && `Host: ${text('host')}`, text('pgp-fingerprint') && `PGP: ${text('pgp-fingerprint')}`]
            .filter(Boolean)
            .join('\n') || null,
        tlp: 'CLEAR',
      };
      const parsed = organisationInputSchema.safeParse(candidate);
      const key = text('pgp-key');
      return parsed.success
        ? {
            row: i + 1,
            name: parsed.data.name,
            input: parsed.data,
            pgpKeys: key.includes('BEGIN PGP PUBLIC KEY BLOCK') ? [key] : [],
            problems: [],
          }
        : { row: i + 1, name, problems: problemsOf(parsed.error) };
    }),
  };
}
