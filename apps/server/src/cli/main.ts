/**
 * The `renkei` command: serve, worker, migrate, user, token, import, pgp, audit, range. Every command has --help.
 * @module
 */
import { Command, InvalidArgumentError } from 'commander';
import { ROLES, TOKEN_SCOPES, type Tlp, type TokenScope } from '@renkei/contracts';
import { ConfigError } from '../platform/config/config.js';
import { migrateToLatest, openDatabase } from '../platform/db/database.js';
import {
  defaultArchiveFile,
  pruneAuditTrail,
  retentionCutoff,
  verifyAnchoredAuditTrail,
  writeAuditCheckpoint,
} from '../platform/audit/anchor.js';
import { findUserByUsername, listUsers } from '../platform/auth/auth.repository.js';
import { createApiToken, createUser, generatePassword, loadActor, setPassword } from '../platform/auth/auth.service.js';
import { importMail, mailPaths, readMailPaths } from '../modules/hub/intake/index.js';
import { generateTeamKey, importTeamKey } from '../modules/hub/keyring/index.js';
import { findWorkspaceBySlug } from '../platform/access/access.repository.js';
import { intakeConfig } from '../modules/hub/intake/index.js';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { FEED_FORMATS, type FeedFormat } from '@renkei/feeds';
import { findPartyContacts, getImport, importFeed } from '../modules/hub/feeds/index.js';
import path from 'node:path';
import { resolverConfig, updateNetworkData } from '../modules/hub/resolver/index.js';
import { bootstrapInstallation, createRuntime, loadRenkeiConfig, renkeiMigrations } from '../runtime.js';
import { serve, runWorker } from './serve.js';
import { progressBar } from './progress.js';
import { rangeCommand } from './range-commands.js';

function parsePositiveInt(value: string): number {
  const parsed = Number.parseInt(value, 10);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('must be a positive integer');
  return parsed;
}

export function buildCli(): Command {
  const program = new Command('renkei')
    .description('Renkei — national CSIRT operations (Hub) and AI-in-OT exercise range (Range)')
    .showHelpAfterError();

  program
    .command('serve')
    .description('serve the API and web UI (and run jobs in-process unless RENKEI_WORKER_IN_PROCESS=false)')
    .option('-p, --port <port>', 'port (default: PORT or 8080)', parsePositiveInt)
    .action(async (options: { port?: number }) => {
      await serve(loadRenkeiConfig(process.env, options.port ? { port: options.port } : {}));
    });

  program
    .command('worker')
    .description('run the job worker only (PostgreSQL: any number of workers may share the queue)')
    .action(async () => {
      await runWorker(loadRenkeiConfig());
    });

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(async () => {
      const handle = openDatabase(loadRenkeiConfig());
      try {
        const { applied } = await migrateToLatest(handle, renkeiMigrations);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      } finally {
        await handle.close();
      }
    });

  const user = program.command('user').description('manage user accounts');
  user
    .command('add <username>')
    .description('create a user; prints a generated password unless --password is given')
    .option('-n, --name <displayName>', 'display name')
    .option('-e, --email <email>', 'e-mail address')
    .option('--password <password>', 'initial password (at least 12 characters)')
    .option('--locale <locale>', 'ja or en', 'ja')
    .option('--system-admin', 'may administer users and workspaces', false)
    .action(
      async (
        username: string,
        options: { name?: string; email?: string; password?: string; locale: string; systemAdmin: boolean },
      ) => {
        await withRuntime(async (ctx) => {
          const password = options.password ?? generatePassword();
          await createUser(ctx, null, {
            username,
            displayName: options.name ?? username,
            ...(options.email ? { email: options.email } : {}),
            locale: options.locale === 'en' ? 'en' : 'ja',
            password,
            isSystemAdmin: options.systemAdmin,
            mustChangePassword: options.password === undefined,
          });
          console.log(options.password ? `created ${username}` : `created ${username}; one-time password: ${password}`);
        });
      },
    );
  user
    .command('list')
    .description('list users')
    .action(async () => {
      await withRuntime(async (ctx) => {
        for (const row of await listUsers(ctx.db)) {
          const flags = [
            row.is_system_admin ? 'system-admin' : '',
            row.disabled_at ? 'disabled' : '',
            row.totp_enabled ? 'totp' : '',
          ].filter(Boolean);
          console.log(`${row.username}\t${row.display_name}\t${flags.join(',')}`);
        }
      });
    });
  user
    .command('reset <username>')
    .description('set a new one-time password (printed) and unlock the account')
    .action(async (username: string) => {
      await withRuntime(async (ctx) => {
        const row = await findUserByUsername(ctx.db, username.toLowerCase());
        if (!row) throw new Error(`no user ${username}`);
        const password = generatePassword();
        await setPassword(ctx, null, row.id, password, { mustChange: true });
        console.log(`one-time password for ${username}: ${password}`);
      });
    });

  program
    .command('token')
    .description('manage API tokens')
    .command('create <username>')
    .description('create a personal API token for a user (printed once)')
    .option('--name <name>', 'what the token is for', 'cli')
    .option(
      '--scopes <scopes>',
      `comma-separated: ${TOKEN_SCOPES.join(', ')} (default read: a read-only token)`,
      'read',
    )
    .option('--days <days>', 'expires after this many days', parsePositiveInt)
    .action(async (username: string, options: { name: string; scopes: string; days?: number }) => {
      await withRuntime(async (ctx) => {
        const row = await findUserByUsername(ctx.db, username.toLowerCase());
        if (!row) throw new Error(`no user ${username}`);
        const scopes = options.scopes.split(',').map((s) => s.trim());
        const invalid = scopes.filter((s) => !(TOKEN_SCOPES as readonly string[]).includes(s));
        if (invalid.length) throw new Error(`unknown scopes: ${invalid.join(', ')}`);
        const created = await createApiToken(ctx, await loadActor(ctx.db, row), {
          name: options.name,
          scopes: scopes as TokenScope[],
          ...(options.days ? { expiresInDays: options.days } : {}),
        });
        // The token alone on standard output (scripts capture it); what it may do beside it.
        console.log(created.token);
        console.error(
          `scopes: ${scopes.join(',')}${scopes.length === 1 && scopes[0] === 'read' ? ' (read-only; --scopes read,write to write)' : ''}; expires ${created.expiresAt ?? 'never'}`,
        );
      });
    });

  const importCommand = program.command('import').description('import data');
  importCommand
    .command('feed <file>')
    .description(
      'import a feed file (Shadowserver CSV, IntelMQ JSON, generic CSV/JSON) into a Hub workspace, grouped per responsible party; nothing is sent (preview and send in the web UI or API)',
    )
    .requiredOption('--format <format>', 'shadowserver | intelmq | csv | json')
    .requiredOption('--workspace <slug>', 'the Hub workspace')
    .requiredOption('--user <username>', 'who imports it (their clearance decides which directory entries match)')
    .option('--report <name>', 'Shadowserver report (scan_rdp, event4_sinkhole, …) when the file name does not say it')
    .option('--tlp <label>', 'TLP of events that carry none (default AMBER)')
    .action(
      async (
        file: string,
        options: { format: string; workspace: string; user: string; report?: string; tlp?: string },
      ) => {
        if (!(FEED_FORMATS as readonly string[]).includes(options.format))
          throw new InvalidArgumentError(`--format must be one of ${FEED_FORMATS.join(', ')}`);
        await withRuntime(async (ctx) => {
          const workspace = await findWorkspaceBySlug(ctx.db, options.workspace);
          if (!workspace) throw new InvalidArgumentError(`no workspace "${options.workspace}"`);
          const user = await findUserByUsername(ctx.db, options.user);
          if (!user) throw new InvalidArgumentError(`no user "${options.user}"`);
          const actor = await loadActor(ctx.db, user);
          const size = statSync(file).size;
          const bar = progressBar('import feed');
          // Counted as the reader pulls them: a 'data' listener would start the stream flowing
          // before the import reads it, and what flowed meanwhile would be lost.
          async function* counted(): AsyncGenerator<Uint8Array> {
            let bytes = 0;
            for await (const chunk of createReadStream(file, { highWaterMark: 1 << 16 })) {
              bytes += (chunk as Buffer).length;
              bar.update(bytes, size);
              yield chunk as Buffer;
            }
          }
          const feed = await importFeed(ctx, actor, workspace.id, {
            bytes: counted(),
            format: options.format as FeedFormat,
            fileName: path.basename(file),
            ...(options.report ? { report: options.report } : {}),
            ...(options.tlp ? { tlp: options.tlp as Tlp } : {}),
          });
          bar.done();
          if (feed.status === 'contacts') {
            // Abuse contacts of parties known only by their AS (RDAP; the server's job would do it too).
            const lookups = progressBar('abuse contacts');
            await findPartyContacts(ctx, feed.id, (done, total) => lookups.update(done, total));
            lookups.done();
            feed.counts = (await getImport(ctx, actor, feed.id)).counts;
          }
          const c = feed.counts;
          console.log(
            `feed ${feed.id}: ${c.rows} rows, ${c.events} events (${c.duplicates} duplicates), ${c.problems} problem rows, ${c.parties} parties (${c.withoutContact} without an address)`,
          );
          for (const stage of feed.stages)
            console.log(`  ${stage.stage}: ${stage.count} in ${stage.seconds} s (${stage.rate}/s)`);
        });
      },
    );
  importCommand
    .command('mail <paths...>')
    .description('import report mail: .eml files, Maildir folders, mbox files (each message once)')
    .action(async (paths: string[]) => {
      await withRuntime(async (ctx) => {
        // A fresh data folder: create what intake needs (the admin and the Hub's workspaces) first.
        const bootstrap = await bootstrapInstallation(ctx);
        if (bootstrap?.generatedPassword)
          console.log(
            `First start: created user "${bootstrap.adminUsername}" with one-time password: ${bootstrap.generatedPassword}`,
          );
        // Read as imported, an mbox in chunks: a mailbox of any size, with the memory of a batch.
        const files = mailPaths(paths);
        const megabytes = (bytes: number) => Math.round(bytes / 1e5) / 10;
        const totalMb = megabytes(files.reduce((sum, file) => sum + file.size, 0));
        const bar = progressBar('import mail (MB)');
        const counts = await importMail(
          ctx,
          (async function* () {
            for await (const message of readMailPaths(files, (bytes) => bar.update(megabytes(bytes), totalMb)))
              yield message.raw;
          })(),
          { source: 'import' },
        );
        bar.done();
        const imported = Object.values(counts).reduce((sum, n) => sum + n, 0);
        console.log(
          `imported ${imported} messages: ${
            Object.entries(counts)
              .map(([status, n]) => `${n} ${status}`)
              .join(', ') || 'none'
          }`,
        );
      });
    });

  const pgp = program
    .command('pgp')
    .description("the team's OpenPGP key (encrypted at rest with RENKEI_PGP_PASSPHRASE)");
  pgp
    .command('generate-team-key')
    .description('create a new team key (Curve25519); it replaces the current one')
    .requiredOption('--name <name>', 'key owner, e.g. "Example CSIRT"')
    .requiredOption('--email <address>', 'the reports address')
    .option('--workspace <slug>', 'workspace (default: RENKEI_HUB_INTAKE_WORKSPACE)')
    .action(async (options: { name: string; email: string; workspace?: string }) => {
      await withRuntime(async (ctx) => {
        const slug = options.workspace ?? intakeConfig.of(ctx.config).hubIntakeWorkspace;
        const workspace = await findWorkspaceBySlug(ctx.db, slug);
        if (!workspace) throw new Error(`no workspace ${slug}`);
        const key = await generateTeamKey(ctx, null, workspace.id, { name: options.name, email: options.email });
        console.log(`team key ${key.fingerprint} created; public key:\n${key.armoredPublic}`);
      });
    });
  pgp
    .command('import-team-key <file>')
    .description('make an armored private key the team key (re-encrypted with RENKEI_PGP_PASSPHRASE)')
    .option('--passphrase-env <name>', 'environment variable holding the passphrase the file is encrypted with')
    .option('--workspace <slug>', 'workspace (default: RENKEI_HUB_INTAKE_WORKSPACE)')
    .action(async (file: string, options: { passphraseEnv?: string; workspace?: string }) => {
      await withRuntime(async (ctx) => {
        const slug = options.workspace ?? intakeConfig.of(ctx.config).hubIntakeWorkspace;
        const workspace = await findWorkspaceBySlug(ctx.db, slug);
        if (!workspace) throw new Error(`no workspace ${slug}`);
        const key = await importTeamKey(
          ctx,
          null,
          workspace.id,
          readFileSync(file, 'utf8'),
          options.passphraseEnv ? process.env[options.passphraseEnv] : undefined,
        );
        console.log(`team key ${key.fingerprint} imported`);
      });
    });

  program
    .command('data')
    .description('offline data the Hub uses')
    .command('update')
    .description(
      'install newer IP → AS / country data (ip-location-db CSV files) and IANA RDAP bootstrap files into the data folder',
    )
    .option('--from <dir>', 'folder with asn-ipv4(-num).csv, asn-ipv6.csv, geo-whois-asn-country-ipv4(-num).csv, …')
    .option('--rdap-bootstrap <dir>', "folder with IANA's dns.json, ipv4.json, ipv6.json, asn.json")
    .action((options: { from?: string; rdapBootstrap?: string }) => {
      if (!options.from && !options.rdapBootstrap)
        throw new InvalidArgumentError('give --from and/or --rdap-bootstrap');
      const config = loadRenkeiConfig();
      const dir = resolverConfig.of(config).netdataDir || path.join(config.dataDir, 'netdata');
      const result = updateNetworkData(dir, options);
      for (const file of result.installed)
        console.log(
          `installed ${file.file}: ${file.ranges} entries${file.malformed ? `, ${file.malformed} malformed lines skipped` : ''}`,
        );
      for (const file of result.skipped) console.error(`kept the old data instead of ${file.file}: ${file.reason}`);
      if (result.installed.length === 0) process.exitCode = 1;
      else console.log(`in ${dir}; a running server reloads it within a minute`);
    });

  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description(
      'check the hash chain and every signed checkpoint outside the database; exits 1 and names the first broken link if any',
    )
    .action(async () => {
      await withRuntime(async (ctx) => {
        const bar = progressBar('audit verify');
        const result = await verifyAnchoredAuditTrail(ctx.db, ctx.config, (checked, total) =>
          bar.update(checked, total),
        );
        bar.done();
        if (result.ok) {
          console.log(`audit chain intact: ${result.checked} records, ${result.checkpoints} signed checkpoints hold`);
        } else {
          console.error(
            `audit chain BROKEN at record ${result.brokenAt?.seq}: ${result.brokenAt?.reason} (${result.checked} records verified before it)`,
          );
          process.exitCode = 1;
        }
      });
    });
  audit
    .command('prune')
    .description(
      'retention: archive records older than N days (to a JSON-lines file that verifies on its own), remove them, and sign the new start of the chain',
    )
    .requiredOption('--older-than <days>', 'age in days', (value) => {
      const days = Number.parseInt(value, 10);
      if (!Number.isInteger(days) || days < 1) throw new InvalidArgumentError('a whole number of days, at least 1');
      return days;
    })
    .option('--archive <file>', 'archive file (default: audit-archive/audit-<date>.jsonl in the data folder)')
    .action(async (options: { olderThan: number; archive?: string }) => {
      await withRuntime(async (ctx) => {
        const now = new Date();
        const pruned = await pruneAuditTrail(ctx.db, ctx.config, {
          before: retentionCutoff(options.olderThan, now),
          archiveFile: options.archive ?? defaultArchiveFile(ctx.config, now),
        });
        console.log(
          pruned.removed > 0
            ? `${pruned.removed} records archived to ${pruned.archiveFile}; the chain now starts after record ${pruned.baseSeq}`
            : 'no record is that old',
        );
      });
    });
  audit
    .command('checkpoint')
    .description('append a signed checkpoint of the chain head to the checkpoint file now')
    .action(async () => {
      await withRuntime(async (ctx) => {
        const point = await writeAuditCheckpoint(ctx.db, ctx.config);
        console.log(point ? `checkpoint written at record ${point.seq}` : 'the last checkpoint already holds the head');
      });
    });

  program.addCommand(rangeCommand());

  program.addHelpText(
    'after',
    `\nRoles: ${ROLES.join(', ')}\nEnvironment: PORT, HOST, RENKEI_DATA_DIR, DATABASE_URL, RENKEI_CONFIG (see README).`,
  );
  return program;
}

async function withRuntime(
  work: (ctx: Awaited<ReturnType<typeof createRuntime>>['ctx']) => Promise<void>,
): Promise<void> {
  const runtime = await createRuntime(
    loadRenkeiConfig({ ...process.env, LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn' }),
  );
  try {
    await work(runtime.ctx);
  } finally {
    await runtime.close();
  }
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    console.error(
      error instanceof ConfigError
        ? error.message
        : `renkei: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exitCode = 1;
  }
}
