import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  EVENT_COLUMNS,
  csvField,
  eventKeys,
  EventKeySet,
  FeedBlockCutter,
  lineBreaks,
  readCsvBatches,
  TextSpool,
  Utf8Decoder,
  eventCsvLine,
  eventsCsvHeader,
  readCsvRecords,
  readFeed,
  toIntelMqJson,
  toIsoTime,
  type FeedItem,
  type FeedReadInfo,
  type FeedReadOptions,
} from './index.js';

const observedAt = '2026-12-05T00:00:00Z';
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

async function readAll(bytes: Uint8Array | string, options: Partial<FeedReadOptions>, chunkSize = 1 << 16) {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < buffer.length; i += chunkSize) chunks.push(buffer.subarray(i, i + chunkSize));
  const info: FeedReadInfo = {};
  const items: FeedItem[] = [];
  for await (const item of readFeed(chunks, { format: 'shadowserver', observedAt, ...options }, info)) items.push(item);
  return {
    info,
    events: items.flatMap((item) => ('event' in item ? [item] : [])),
    problems: items.flatMap((item) => ('problem' in item ? [item.problem] : [])),
  };
}

describe('CSV records', () => {
  it('reads quoted commas, doubled quotes, line breaks in fields and CRLF, with line numbers and raw text', async () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",z\n3,,\n"4"';
    const records = [];
    for await (const record of readCsvRecords([text])) records.push(record);
    expect(records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b', 'c']],
      [2, ['1', 'x, y', 'say "hi"']],
      [3, ['2', 'two\nlines', 'z']],
      [5, ['3', '', '']],
      [6, ['4']],
    ]);
    expect(records[1]!.raw).toBe('1,"x, y","say ""hi"""');
  });

  it('gives the same records whatever the chunk boundaries', async () => {
    const text = 'h1,h2\r\n"a ""q"" b","c\r\nd"\r\ne,f\r\n"unterminated,g';
    const whole = [];
    for await (const record of readCsvRecords([text])) whole.push(record);
    for (const size of [1, 2, 3, 7]) {
      const chunks = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      const split = [];
      for await (const record of readCsvRecords(chunks)) split.push(record);
      expect(split, `chunks of ${size}`).toEqual(whole);
    }
    expect(whole.at(-1)).toMatchObject({ line: 5, unterminated: true });
  });
});

describe('Shadowserver reports', () => {
  it('reads a scan report into harmonised events, reporting each bad row by line', async () => {
    const { info, events, problems } = await readAll(fixture('2026-12-04-scan_rdp-jp-geo.csv'), {
      fileName: '2026-12-04-scan_rdp-jp-geo.csv',
    });
    expect(info.report).toEqual({ name: 'scan_rdp', family: 'scan', service: 'rdp' });
    expect(info.encoding).toBe('utf-8');
    expect(events.map((e) => e.line)).toEqual([2, 3, 4, 7]);
    expect(events[0]!.event).toEqual({
      'time.source': '2026-12-04T00:12:41Z',
      'time.observation': observedAt,
      'source.ip': '192.0.2.10',
      'source.port': 3389,
      'source.asn': 64500,
      'source.geolocation.cc': 'JP',
      'source.geolocation.region': 'TOKYO',
      'source.geolocation.city': 'CHIYODA',
      'source.reverse_dns': 'host10.example.jp',
      'protocol.transport': 'tcp',
      'classification.taxonomy': 'vulnerable',
      'classification.type': 'vulnerable-system',
      'classification.identifier': 'accessible-rdp',
      'feed.name': 'Shadowserver scan_rdp',
      'feed.provider': 'Shadowserver',
      'feed.code': 'scan_rdp',
      tlp: 'AMBER',
      extra: {
        tag: 'rdp',
        naics: '517311',
        hostname_source: 'ptr',
        sector: 'Communications, Service Provider',
        rdp_protocol: 'RDP',
        cert_length: '2048',
        subject_common_name: 'WIN-ABC',
        issuer_common_name: 'WIN-ABC',
        sha1_fingerprint: 'aa:bb:cc',
        severity: 'medium',
      },
    });
    expect(events[1]!.event['source.ip']).toBe('2001:db8::5');
    expect(events[1]!.event.extra?.['subject_common_name']).toBe('srv "main"');
    expect(events[3]!.event['source.reverse_dns']).toBe('multi\nline host');
    expect(events[0]!.raw.startsWith('"2026-12-04 00:12:41","192.0.2.10"')).toBe(true);
    expect(problems).toEqual([
      expect.objectContaining({ line: 5, code: 'bad_value', message: 'source.ip: not an IP address: 192.0.2.300' }),
      expect.objectContaining({ line: 6, code: 'column_count', message: '4 fields where the header has 19' }),
    ]);
  });

  it('reads a sinkhole report: the infection per row, the destination kept', async () => {
    const { info, events, problems } = await readAll(fixture('event4_sinkhole.csv'), {
      fileName: 'event4_sinkhole.csv',
    });
    expect(problems).toEqual([]);
    expect(info.report?.family).toBe('infected');
    expect(events.map((e) => e.event['classification.identifier'])).toEqual(['andromeda', 'emotet']);
    expect(events[1]!.event).toMatchObject({
      'source.ip': '198.51.100.8',
      'source.port': 50001,
      'source.asn': 64510,
      'destination.ip': '203.0.113.80',
      'destination.port': 443,
      'destination.geolocation.cc': 'US',
      'malware.name': 'emotet',
      'classification.taxonomy': 'malicious-code',
      'classification.type': 'infected-system',
      'protocol.application': 'https',
    });
  });

  it('classifies open services and recognises reports from the header when nothing names them', async () => {
    const ntp = await readAll('timestamp,ip,protocol,port,asn,geo\n2026-12-04 01:00:00,192.0.2.1,udp,123,64500,JP\n', {
      report: 'scan_ntp',
    });
    expect(ntp.events[0]!.event['classification.identifier']).toBe('open-ntp');
    const dns = await readAll('timestamp,ip,protocol,port\n2026-12-04 01:00:00,192.0.2.1,udp,53\n', {
      report: 'scan_dns',
    });
    expect(dns.events[0]!.event['classification.identifier']).toBe('open-resolver');
    const unnamed = await readAll('timestamp,ip,protocol,port,tag\n2026-12-04 01:00:00,192.0.2.1,tcp,23,telnet\n', {});
    expect(unnamed.info.report?.family).toBe('scan');
    expect(unnamed.events[0]!.event['classification.identifier']).toBe('accessible-telnet');
  });

  it('stops at a header without the address or time column, and says which', async () => {
    const { events, problems } = await readAll('date,host\n2026-12-04,192.0.2.1\n', { report: 'scan_rdp' });
    expect(events).toEqual([]);
    expect(problems).toEqual([
      expect.objectContaining({
        line: 1,
        code: 'missing_column',
        message: 'the header lacks timestamp, ip (or src_ip)',
      }),
    ]);
  });

  it('reads Shift_JIS and UTF-8 with a byte-order mark; reports rows with bytes invalid in the encoding', async () => {
    const csv = 'timestamp,ip,protocol,port,city\n2026-12-04 01:00:00,192.0.2.1,tcp,23,千代田区\n';
    const utf8 = Buffer.from(csv);
    const shiftJis = Buffer.concat([
      Buffer.from('timestamp,ip,protocol,port,city\n2026-12-04 01:00:00,192.0.2.1,tcp,23,'),
      Buffer.from([0x90, 0xe7, 0x91, 0xe3, 0x93, 0x63, 0x8b, 0xe6]), // 千代田区 in Shift_JIS
      Buffer.from('\n'),
    ]);
    const fromSjis = await readAll(shiftJis, { report: 'scan_telnet' });
    expect(fromSjis.info.encoding).toBe('shift_jis');
    expect(fromSjis.events[0]!.event['source.geolocation.city']).toBe('千代田区');
    const bom = await readAll(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]), { report: 'scan_telnet' });
    expect(bom.events[0]!.event['source.geolocation.city']).toBe('千代田区');
    const broken = Buffer.concat([
      Buffer.from('timestamp,ip,protocol,port,city\n2026-12-04 01:00:00,192.0.2.1,tcp,23,ok\n'),
      Buffer.from('2026-12-04 01:00:00,192.0.2.2,tcp,23,'),
      Buffer.from([0xff, 0xfe, 0x41]),
      Buffer.from('\n2026-12-04 01:00:00,192.0.2.3,tcp,23,fine\n'),
    ]);
    // Invalid in UTF-8 and in Shift_JIS: read as UTF-8, the one row reported, read in 5-byte chunks.
    const result = await readAll(broken, { report: 'scan_telnet' }, 5);
    expect(result.events.map((e) => e.event['source.ip'])).toEqual(['192.0.2.1', '192.0.2.3']);
    expect(result.problems).toEqual([expect.objectContaining({ line: 3, code: 'encoding' })]);
  });
});

describe('IntelMQ and generic events', () => {
  it('reads IntelMQ event JSON, flat and hierarchical, and writes it back', async () => {
    const flat = JSON.stringify({
      __type: 'Event',
      'source.ip': '192.0.2.44',
      'source.asn': 64500,
      'classification.taxonomy': 'malicious-code',
      'classification.type': 'infected-system',
      'classification.identifier': 'mirai',
      'malware.name': 'mirai',
      'time.source': '2026-12-04T05:00:00+00:00',
      'feed.name': 'sinkhole',
      'extra.device': 'camera',
      raw: 'aWdub3JlZA==',
    });
    const nested = JSON.stringify({
      source: { ip: '2001:DB8::9', geolocation: { cc: 'jp' } },
      classification: { taxonomy: 'vulnerable', type: 'vulnerable-system', identifier: 'open-memcached' },
      time: { source: '2026-12-04T06:00:00Z' },
      feed: { name: 'scan' },
      tlp: 'TLP:GREEN',
    });
    const { events, problems } = await readAll(`${flat}\n\n${nested}\nnot json\n{"source.ip":"192.0.2.1"}\n`, {
      format: 'intelmq',
    });
    expect(events.map((e) => e.line)).toEqual([1, 3]);
    expect(events[0]!.event).toMatchObject({
      'source.ip': '192.0.2.44',
      'time.source': '2026-12-04T05:00:00Z',
      extra: { device: 'camera' },
    });
    expect(events[1]!.event).toMatchObject({ 'source.ip': '2001:db8::9', 'source.geolocation.cc': 'JP', tlp: 'GREEN' });
    expect(problems.map((p) => [p.line, p.code])).toEqual([
      [4, 'bad_json'],
      [5, 'missing_value'],
    ]);
    const back = JSON.parse(toIntelMqJson(events[0]!.event, events[0]!.raw)) as Record<string, unknown>;
    expect(back).toMatchObject({ __type: 'Event', 'source.ip': '192.0.2.44', 'extra.device': 'camera' });
    expect(Buffer.from(back['raw'] as string, 'base64').toString()).toBe(flat);
  });

  it('reads generic CSV through a column mapping with a default classification', async () => {
    const csv = 'seen,addr,note\n2026-12-04 07:00,192.0.2.5,open proxy\n2026-12-04 07:01,999.1.1.1,x\n';
    const { events, problems } = await readAll(csv, {
      format: 'csv',
      mapping: { seen: 'time.source', addr: 'source.ip' },
      classification: { taxonomy: 'vulnerable', type: 'vulnerable-system', identifier: 'open-proxy' },
      feedName: 'partner list',
    });
    expect(events[0]!.event).toMatchObject({
      'time.source': '2026-12-04T07:00:00Z',
      'source.ip': '192.0.2.5',
      extra: { note: 'open proxy' },
      'feed.name': 'partner list',
    });
    expect(problems.map((p) => [p.line, p.code])).toEqual([[3, 'bad_value']]);
  });
});

describe('events out', () => {
  it('gives one key per host, service and day, and writes CSV a spreadsheet reads', async () => {
    const { events } = await readAll(fixture('2026-12-04-scan_rdp-jp-geo.csv'), {
      fileName: '2026-12-04-scan_rdp-jp-geo.csv',
    });
    const keyOf = await eventKeys();
    const keys = events.map((e) => {
      const key = new Uint32Array(3);
      keyOf(e.event, key);
      return key.join('.');
    });
    expect(keys[0]).toBe(keys[2]); // the same host scanned twice that day
    expect(new Set(keys).size).toBe(3);
    expect(eventsCsvHeader().startsWith('time.source,source.ip,source.port')).toBe(true);
    const line = eventCsvLine(events[3]!.event);
    const [record] = await (async () => {
      const out = [];
      for await (const r of readCsvRecords([eventsCsvHeader() + line])) out.push(r);
      return out.slice(1);
    })();
    expect(record!.fields[1]).toBe('192.0.2.12');
    expect(record!.fields[8]).toBe('multi\nline host');
  });
});

describe('toIsoTime', () => {
  it('reads Shadowserver times exactly as the general parser does, and refuses impossible ones', () => {
    // Every month's last day in a leap and a common year, and times across the day.
    for (const year of [1999, 2000, 2024, 2026, 2100]) {
      for (let month = 1; month <= 12; month++) {
        const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
        for (const day of [1, last]) {
          const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          for (const time of ['00:00:00', '09:05:07', '23:59:59']) {
            expect(toIsoTime(`${date} ${time}`)).toBe(new Date(`${date}T${time}Z`).toISOString().replace('.000Z', 'Z'));
          }
        }
      }
    }
    for (const impossible of [
      '2026-02-29 00:00:00',
      '2100-02-29 00:00:00',
      '2026-13-01 00:00:00',
      '2026-04-31 10:00:00',
      '2026-12-04 24:00:00',
      '2026-12-04 10:60:00',
      '2026-12-04 10:00:60',
      '2026-1a-04 10:00:00',
    ])
      expect(toIsoTime(impossible)).not.toBe(`${impossible.slice(0, 10)}T${impossible.slice(11)}Z`);
    expect(toIsoTime('2024-02-29 12:00:00')).toBe('2024-02-29T12:00:00Z');
    expect(toIsoTime('2026-12-04 01:02:03+09:00')).toBe('2026-12-03T16:02:03Z');
  });
});

describe('EventKeySet and TextSpool', () => {
  it('keeps each 96-bit key once across growth, keys that start with a zero word included', () => {
    const set = new EventKeySet(4);
    const digest = (n: number) => Uint32Array.of(0, n, (n * 7) >>> 0);
    for (let n = 0; n < 5000; n++) expect(set.add(digest(n))).toBe(true);
    for (let n = 0; n < 5000; n++) expect(set.add(digest(n))).toBe(false);
    expect(set.size).toBe(5000);
    // Only the last bit differs: still two events.
    const other = digest(1);
    other[2] = other[2]! ^ 1;
    expect(set.add(other)).toBe(true);
  });

  it('gives back exactly the text appended, across growth and in any script', () => {
    const spool = new TextSpool(4);
    const pieces = ['abc,', '東京都千代田区,', '"quoted ""x"""\r\n', '😀', 'x'.repeat(5000)];
    for (const piece of pieces) spool.append(piece);
    const bytes = Buffer.from('--東京--');
    spool.appendBytes(bytes, 2, bytes.length - 2);
    pieces.push('東京');
    expect(spool.take()).toBe(pieces.join(''));
    expect(spool.length).toBe(0);
    spool.append('again');
    expect(spool.take()).toBe('again');
  });
});

describe('a CSV event line', () => {
  it('has every column of EVENT_COLUMNS in order, quoted as RFC 4180 wants', () => {
    const event = Object.fromEntries(
      EVENT_COLUMNS.map((column, i) => [column, i % 5 === 0 ? i : i % 3 === 0 ? `v"${i}",x` : `${column}-${i}`]),
    ) as unknown as Parameters<typeof eventCsvLine>[0];
    expect(eventCsvLine(event)).toBe(
      EVENT_COLUMNS.map((column) => csvField((event as unknown as Record<string, string | number>)[column])).join(',') +
        '\r\n',
    );
    expect(eventCsvLine({} as Parameters<typeof eventCsvLine>[0])).toBe(`${','.repeat(EVENT_COLUMNS.length - 1)}\r\n`);
  });
});

describe('cutting a feed into blocks for several threads', () => {
  /** Rows that test the cut: quoted line breaks, doubled quotes, a stray quote, CRLF, lone CR, blank lines, Japanese. */
  const rows = [
    '"timestamp","ip","hostname","note"',
    '"2026-12-04 01:00:00","192.0.2.1","a.test","plain"',
    '"2026-12-04 01:00:01","192.0.2.2","b.test","two\nlines, and a comma"\r',
    '"2026-12-04 01:00:02","192.0.2.3",5"disk,"after a stray quote"',
    '',
    '"2026-12-04 01:00:03","192.0.2.4","c.test","say ""hi""\n""there"""',
    '"2026-12-04 01:00:04","192.0.2.5","東京.test","東京都\r\n千代田区"',
    '"2026-12-04 01:00:05","192.0.2.6","d.test",closed"x"y',
    '"2026-12-04 01:00:06","192.0.2.7","e.test","lone\rcr"',
  ];
  const file = Buffer.from(rows.join('\n') + '\n' + rows.slice(1).join('\n'));

  async function records(text: string, firstLine = 1) {
    const out: { line: number; raw: string; fields: string[] }[] = [];
    for await (const batch of readCsvBatches([text], ',', firstLine))
      for (const record of batch) out.push({ line: record.line, raw: record.raw, fields: record.fields });
    return out;
  }

  it('cuts only where a record ends, so the blocks read alone give the records of the whole', async () => {
    const whole = await records(file.toString('utf8'));
    for (const blockBytes of [1, 7, 64, 200, 1 << 20])
      for (const chunkSize of [1, 3, 50, 4096]) {
        const cutter = new FeedBlockCutter(blockBytes);
        const blocks: Uint8Array[] = [];
        for (let at = 0; at < file.length; at += chunkSize) {
          const block = cutter.push(file.subarray(at, at + chunkSize));
          if (block) blocks.push(block);
        }
        const last = cutter.end();
        if (last) blocks.push(last);
        expect(Buffer.concat(blocks).equals(file)).toBe(true);
        const pieces = [];
        let line = 1;
        for (const block of blocks) {
          pieces.push(...(await records(Buffer.from(block).toString('utf8'), line)));
          line += lineBreaks(block);
        }
        expect(pieces, `blocks of ${blockBytes} from chunks of ${chunkSize}`).toEqual(whole);
      }
  });

  it('counts line breaks as the reader does: LF, CRLF once, a lone CR', () => {
    expect(lineBreaks(Buffer.from('a\nb\r\nc\rd'))).toBe(3);
    expect(lineBreaks(Buffer.from('no break'))).toBe(0);
    expect(lineBreaks(Buffer.from('ends with cr\r'))).toBe(1);
  });
});

describe('UTF-8 decoding by chunks', () => {
  it('gives what TextDecoder gives, wherever the chunks are cut, invalid bytes included', () => {
    const bytes = Buffer.concat([
      Buffer.from('abc,東京都千代田区,😀,Ärger\n'),
      Buffer.from([0xe6, 0x9d, 0x41, 0xff, 0xc3]),
      Buffer.from('末尾'),
      Buffer.from([0xf0, 0x9f]),
    ]);
    const expected = new TextDecoder().decode(bytes);
    for (let size = 1; size <= bytes.length; size++) {
      const decoder = new Utf8Decoder();
      let text = '';
      for (let at = 0; at < bytes.length; at += size)
        text += decoder.decode(bytes.subarray(at, at + size), { stream: at + size < bytes.length });
      expect(text, `chunks of ${size}`).toBe(expected);
    }
  });
});
