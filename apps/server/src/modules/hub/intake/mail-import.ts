/**
 * Reading mail from files for `renkei import mail PATH…`: single .eml files, Maildir folders
 * (cur/ and new/) and mbox files (mboxrd: `>From ` lines are unescaped).
 * @module
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface MailFile {
  source: string;
  raw: Buffer;
}

function isMaildir(dir: string): boolean {
  return ['cur', 'new'].some((sub) => {
    try {
      return statSync(path.join(dir, sub)).isDirectory();
    } catch {
      return false;
    }
  });
}

/**
 * Is this an mbox file? Only if it starts with a real separator line (`From <sender> <date>`,
 * the date ending in a year) followed by a header line — a message whose first header is
 * `From : …` or `From: …` is a single message, stored byte for byte.
 */
export function isMbox(raw: Buffer): boolean {
  const head = raw.subarray(0, 2048).toString('latin1');
  const [first = '', second = ''] = head.split(/\r?\n/, 2);
  return /^From [^\s:]+ .*\d{4}\s*$/.test(first) && /^[!-9;-~]+:/.test(second);
}

/** Splits an mbox file into messages. */
export function splitMbox(content: Buffer): Buffer[] {
  const text = content.toString('latin1'); // byte-preserving: messages keep their own charsets
  const messages: Buffer[] = [];
  const starts: number[] = [];
  const separator = /^From \S+.*$/gm;
  for (let match = separator.exec(text); match; match = separator.exec(text)) {
    if (match.index === 0 || text[match.index - 1] === '\n') starts.push(match.index);
  }
  for (const [index, start] of starts.entries()) {
    const end = starts[index + 1] ?? text.length;
    const chunk = text.slice(text.indexOf('\n', start) + 1, end).replace(/\r?\n$/, '');
    messages.push(Buffer.from(chunk.replace(/^>(>*From )/gm, '$1'), 'latin1'));
  }
  return messages;
}

/** Every message under the given paths, in a stable order. */
export function collectMail(paths: readonly string[]): MailFile[] {
  const found: MailFile[] = [];
  for (const input of paths) {
    const stat = statSync(input);
    if (stat.isDirectory()) {
      const dirs = isMaildir(input) ? ['cur', 'new'].map((sub) => path.join(input, sub)) : [input];
      for (const dir of dirs) {
        let entries: string[] = [];
        try {
          entries = readdirSync(dir).sort();
        } catch {
          continue;
        }
        for (const name of entries) {
          const file = path.join(dir, name);
          if (statSync(file).isFile()) found.push(...collectMail([file]));
        }
      }
      continue;
    }
    const raw = readFileSync(input);
    if (isMbox(raw)) {
      for (const [index, message] of splitMbox(raw).entries())
        found.push({ source: `${input}#${index + 1}`, raw: message });
    } else {
      found.push({ source: input, raw });
    }
  }
  return found;
}
