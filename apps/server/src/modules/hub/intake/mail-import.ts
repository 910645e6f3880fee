/**
 * Reading mail from files for `renkei import mail PATH…`: single .eml files, Outlook items (.msg:
 * each attached to a message of its own), mbox files (mboxrd: `>From ` lines are unescaped) and
 * folder trees (Maildir, mailbox exports). Messages are read one at a time and an mbox in chunks,
 * so a mailbox of any size (a multi-gigabyte export) is imported with the memory of a batch, not
 * of the mailbox — and never as one string, which V8 caps at 512 MiB.
 * @module
 */
import {
  closeSync,
  createReadStream,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  realpathSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { isOutlookItem, messageCarryingItem } from './outlook-item.js';

export interface MailFile {
  source: string;
  raw: Buffer;
}

/** A file that holds mail, and its size (what an import reads; its progress is counted in bytes). */
export interface MailPath {
  file: string;
  size: number;
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
 * `From : …` or `From: …` is a single message, stored byte for byte. `head`: the file's first
 * 2 KiB are enough.
 */
export function isMbox(head: Buffer): boolean {
  const text = head.subarray(0, 2048).toString('latin1');
  const [first = '', second = ''] = text.split(/\r?\n/, 2);
  return /^From [^\s:]+ .*\d{4}\s*$/.test(first) && /^[!-9;-~]+:/.test(second);
}

const FROM_ = Buffer.from('From ');
const LF = 0x0a;
const CR = 0x0d;

/** A separator line: `From ` and a sender (anything but white space) at a line's start. */
function isSeparator(line: Buffer): boolean {
  if (line.length < 6 || FROM_.compare(line, 0, 5, 0, 5) !== 0) return false;
  const next = line[5]!;
  return next !== 0x20 && next !== 0x09 && next !== LF && next !== CR && next !== 0x0b && next !== 0x0c;
}

/** An escaped body line (mboxrd): one or more `>` before `From `, of which one is removed. */
function isEscapedFrom(line: Buffer): boolean {
  let at = 0;
  while (line[at] === 0x3e) at += 1;
  return at > 0 && line.length >= at + 5 && FROM_.compare(line, at, at + 5, 0, 5) === 0;
}

/**
 * Splits an mbox into messages as its chunks arrive, line by line: a separator line ends the
 * message before it (whose last line break belongs to the mbox, not to the message) and starts
 * the next. Bytes before the first separator are not a message. Byte-preserving: messages keep
 * their own charsets and line ends.
 */
export class MboxSplitter {
  #lines: Buffer[] = [];
  #partial: Buffer[] = [];
  #inMessage = false;

  /** The messages a chunk completes. */
  push(chunk: Buffer): Buffer[] {
    const complete: Buffer[] = [];
    let start = 0;
    for (let end = chunk.indexOf(LF, start); end !== -1; end = chunk.indexOf(LF, start)) {
      const piece = chunk.subarray(start, end + 1);
      this.#line(this.#partial.length > 0 ? Buffer.concat([...this.#partial, piece]) : piece, complete);
      this.#partial = [];
      start = end + 1;
    }
    if (start < chunk.length) this.#partial.push(chunk.subarray(start));
    return complete;
  }

  /** The last message, at the end of the mbox. */
  end(): Buffer[] {
    const complete: Buffer[] = [];
    if (this.#partial.length > 0) this.#line(Buffer.concat(this.#partial), complete);
    this.#partial = [];
    this.#finish(complete);
    return complete;
  }

  #line(line: Buffer, complete: Buffer[]): void {
    if (isSeparator(line)) {
      this.#finish(complete);
      this.#inMessage = true;
    } else if (this.#inMessage) this.#lines.push(isEscapedFrom(line) ? line.subarray(1) : line);
  }

  #finish(complete: Buffer[]): void {
    if (!this.#inMessage) return;
    const message = Buffer.concat(this.#lines);
    this.#lines = [];
    let end = message.length;
    if (message[end - 1] === LF) end -= message[end - 2] === CR ? 2 : 1;
    complete.push(message.subarray(0, end));
  }
}

/** Splits a whole mbox held in memory into messages. */
export function splitMbox(content: Buffer): Buffer[] {
  const splitter = new MboxSplitter();
  return [...splitter.push(content), ...splitter.end()];
}

/**
 * Files that mail programs keep beside the mail in a mailbox folder (Thunderbird's .msf
 * summaries, Dovecot's indexes and lists, Maildir++ markers, the Finder's and Explorer's
 * metadata): not mail, and not imported.
 */
const NOT_MAIL =
  /(?:\.msf|\.dat\.tmp)$|^(?:dovecot[.-].*|maildirfolder|subscriptions|courierimap.*|\.ds_store|thumbs\.db|desktop\.ini)$/iu;

/**
 * The files under the given paths that hold mail, in a stable order: a folder's files by name,
 * then its sub-folders (a mailbox export's folder tree: Thunderbird's `*.sbd`, Maildir++'s
 * `.Junk`), a Maildir's `cur/` and `new/` (not `tmp/`, whose mail is not yet delivered).
 */
export function mailPaths(paths: readonly string[]): MailPath[] {
  const found: MailPath[] = [];
  // Each folder once, however it is reached (a symbolic link back up the tree would never end).
  const walked = new Set<string>();
  const walk = (dir: string) => {
    const real = realpathSync(dir);
    if (walked.has(real)) return;
    walked.add(real);
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    const maildir = isMaildir(dir);
    const folders: string[] = [];
    for (const name of entries) {
      const entry = path.join(dir, name);
      const stat = statSync(entry);
      if (stat.isDirectory()) {
        if (maildir && name === 'tmp') continue;
        folders.push(entry);
      } else if (stat.isFile() && !NOT_MAIL.test(name)) found.push({ file: entry, size: stat.size });
    }
    for (const folder of folders) walk(folder);
  };
  for (const input of paths) {
    const stat = statSync(input);
    if (stat.isDirectory()) walk(input);
    else found.push({ file: input, size: stat.size });
  }
  return found;
}

function headOf(file: string): Buffer {
  const head = Buffer.alloc(2048);
  const fd = openSync(file, 'r');
  try {
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Every message of the given files, one at a time: an .eml file whole, an mbox in chunks.
 * `onRead` is told the bytes read so far (an import's progress).
 */
export async function* readMailPaths(
  files: readonly MailPath[],
  onRead?: (bytes: number) => void,
): AsyncGenerator<MailFile> {
  let bytes = 0;
  for (const { file } of files) {
    if (!isMbox(headOf(file))) {
      const raw = readFileSync(file);
      bytes += raw.length;
      onRead?.(bytes);
      // An Outlook item (.msg) is not RFC 5322 mail: it comes in attached to a message of its own.
      const name = path.basename(file);
      yield {
        source: file,
        raw: isOutlookItem(raw, '', name) ? await messageCarryingItem(raw, name) : raw,
      };
      continue;
    }
    const splitter = new MboxSplitter();
    let index = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      bytes += (chunk as Buffer).length;
      for (const raw of splitter.push(chunk as Buffer)) {
        onRead?.(bytes);
        yield { source: `${file}#${++index}`, raw };
      }
    }
    onRead?.(bytes);
    for (const raw of splitter.end()) yield { source: `${file}#${++index}`, raw };
  }
}
