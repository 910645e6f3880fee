/** A message's header block as lines, by field (pure; used where a message is rebuilt). @module */

/** Fields that describe a message's MIME body, not the message (RFC 2045). */
const MIME_FIELDS = /^(?:content-[a-z-]+|mime-version)$/iu;

/** A header block's fields, each with its continuation lines. */
function headerFields(block: string): { name: string; lines: string[] }[] {
  const fields: { name: string; lines: string[] }[] = [];
  for (const line of block.split(/\r?\n/u)) {
    if (line === '') continue;
    const last = fields.at(-1);
    if (/^[ \t]/u.test(line) && last) last.lines.push(line);
    else fields.push({ name: line.split(':', 1)[0]?.trim() ?? '', lines: [line] });
  }
  return fields;
}

/** The lines of a header block's fields that are (`mime`) or are not MIME fields. */
export function headerLines(block: string, mime: boolean): string[] {
  return headerFields(block).flatMap((field) => (MIME_FIELDS.test(field.name) === mime ? field.lines : []));
}

/** The lines of the fields not named in `drop` (lower case). */
export function withoutFields(lines: readonly string[], drop: readonly string[]): string[] {
  return headerFields(lines.join('\r\n')).flatMap((field) =>
    drop.includes(field.name.toLowerCase()) ? [] : field.lines,
  );
}

/** A raw message's header block (up to its first empty line), as text. */
export function headerBlockOf(raw: Buffer): string {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const end = crlf === -1 ? lf : lf === -1 ? crlf : Math.min(crlf, lf);
  return raw.subarray(0, end === -1 ? raw.length : end).toString('latin1');
}
