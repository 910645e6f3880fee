/**
 * `renkei range …`: plant instances and data sets of a running server, through its API
 * (RENKEI_URL and RENKEI_TOKEN, or --url and --token).
 * @module
 */
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { callApi, callJson, type ApiTarget } from './api-client.js';
import { connectModbus } from './modbus-connect.js';
import { progressBar } from './progress.js';

interface Connection {
  url: string;
  token?: string;
}

function target(options: Connection): ApiTarget {
  if (!options.token)
    throw new InvalidArgumentError(
      'an API token is needed: --token or RENKEI_TOKEN (create one with `renkei token create`)',
    );
  return { url: options.url, token: options.token };
}

/** A workspace given by id or slug → its id. */
async function workspaceId(api: ApiTarget, workspace: string): Promise<string> {
  const workspaces = await callJson<{ id: string; slug: string }[]>(api, 'GET', '/api/workspaces');
  const found = workspaces.find((w) => w.id === workspace || w.slug === workspace);
  if (!found) throw new InvalidArgumentError(`no workspace ${workspace} among yours`);
  return found.id;
}

type Plant = Record<string, unknown> & {
  id: string;
  name: string;
  modbus?: { host?: string; port?: number; tunnel: string };
  mqtt?: { telemetryTopic: string };
};

function parseAssignments(assignments: string[]): Record<string, number | boolean> {
  const changes: Record<string, number | boolean> = {};
  for (const assignment of assignments) {
    const [key, raw] = assignment.split('=');
    if (!key || raw === undefined) throw new InvalidArgumentError(`expected key=value, got ${assignment}`);
    changes[key] = raw === 'true' ? true : raw === 'false' ? false : Number(raw);
    if (typeof changes[key] === 'number' && Number.isNaN(changes[key]))
      throw new InvalidArgumentError(`${key}: not a number`);
  }
  return changes;
}

/** Where a plant's Modbus is: its direct port where the server has them, else the tunnel. */
function modbusWhere(plant: Plant): string {
  if (plant.modbus?.port) return `modbus://${plant.modbus.host ?? ''}:${plant.modbus.port}`;
  return `renkei range connect ${plant.id}`;
}

export function rangeCommand(): Command {
  const range = new Command('range').description('Range: plant instances and data sets on a running server');
  const connection = (command: Command) =>
    command
      .addOption(new Option('--url <url>', 'Renkei server').env('RENKEI_URL').default('http://127.0.0.1:8080'))
      .addOption(new Option('--token <token>', 'API token (rk_…)').env('RENKEI_TOKEN'));

  const plant = range.command('plant').description('plant instances (one per trainee or group)');
  connection(
    plant
      .command('list')
      .description('list the plants of a course')
      .requiredOption('--workspace <id|slug>', 'the course'),
  ).action(async (options: Connection & { workspace: string }) => {
    const api = target(options);
    const plants = await callJson<Plant[]>(
      api,
      'GET',
      `/api/workspaces/${await workspaceId(api, options.workspace)}/plants`,
    );
    for (const p of plants) console.log(`${p.id}\t${p.name}\t${modbusWhere(p)}\t${p.mqtt?.telemetryTopic ?? ''}`);
  });
  connection(
    plant
      .command('create')
      .description('give a trainee (or the course) a plant')
      .requiredOption('--workspace <id|slug>', 'the course')
      .requiredOption('--name <name>', 'plant name')
      .option('--owner <username>', 'the trainee')
      .option('--seed <n>', 'random seed (same seed, same plant)', (value) => Number.parseInt(value, 10)),
  ).action(async (options: Connection & { workspace: string; name: string; owner?: string; seed?: number }) => {
    const api = target(options);
    const created = await callJson<Plant>(
      api,
      'POST',
      `/api/workspaces/${await workspaceId(api, options.workspace)}/plants`,
      {
        name: options.name,
        ...(options.owner ? { ownerUsername: options.owner } : {}),
        ...(options.seed ? { seed: options.seed } : {}),
      },
    );
    console.log(`${created.id}\t${modbusWhere(created)}`);
  });
  connection(
    range
      .command('connect <plant>')
      .description(
        'open a local Modbus/TCP port that leads to your plant through the server (point mbpoll, pymodbus or Wireshark at it)',
      )
      .option('--listen <host:port>', 'where the local port listens', '127.0.0.1:5020'),
  ).action(async (plantId: string, options: Connection & { listen: string }) => {
    const separator = options.listen.lastIndexOf(':');
    const host = options.listen.slice(0, separator) || '127.0.0.1';
    const port = Number.parseInt(options.listen.slice(separator + 1), 10);
    if (separator < 0 || !Number.isInteger(port) || port < 0 || port > 65535)
      throw new InvalidArgumentError(`--listen: expected host:port, got ${options.listen}`);
    const connector = await connectModbus(target(options), plantId, { host, port }, (message) =>
      console.error(message),
    );
    console.log(`Modbus/TCP for plant ${plantId} on ${host}:${connector.port} (unit 1); Ctrl-C to stop`);
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    await connector.close();
  });
  connection(plant.command('read <id>').description('read the live tags, set-points, trips and alarms (JSON)')).action(
    async (id: string, options: Connection) => {
      console.log(JSON.stringify(await callJson<Plant>(target(options), 'GET', `/api/plants/${id}`), null, 2));
    },
  );
  connection(
    plant
      .command('write <id> <assignments...>')
      .description('write set-points, e.g. tankLevelM=4.2 chlorinePumpOn=false'),
  ).action(async (id: string, assignments: string[], options: Connection) => {
    await callJson(target(options), 'PATCH', `/api/plants/${id}/setpoints`, parseAssignments(assignments));
    console.log('written');
  });
  connection(plant.command('reset <id>').description('reset the plant to its initial state')).action(
    async (id: string, options: Connection) => {
      await callJson(target(options), 'POST', `/api/plants/${id}/reset`);
      console.log('reset');
    },
  );
  connection(
    plant.command('snapshot <id>').description('take a snapshot').requiredOption('--name <name>', 'snapshot name'),
  ).action(async (id: string, options: Connection & { name: string }) => {
    const snapshot = await callJson<{ id: string }>(target(options), 'POST', `/api/plants/${id}/snapshots`, {
      name: options.name,
    });
    console.log(snapshot.id);
  });
  connection(plant.command('restore <id> <snapshotId>').description('restore a snapshot')).action(
    async (id: string, snapshotId: string, options: Connection) => {
      await callJson(target(options), 'POST', `/api/plants/${id}/snapshots/${snapshotId}/restore`);
      console.log('restored');
    },
  );
  connection(
    plant
      .command('history <id>')
      .description('export the historian (synthetic data) as CSV or XLSX')
      .addOption(new Option('--format <format>').choices(['csv', 'xlsx']).default('csv'))
      .option('--every <seconds>', 'one row per this many simulated seconds', '1')
      .requiredOption('--out <file>', 'where to write it'),
  ).action(async (id: string, options: Connection & { format: string; every: string; out: string }) => {
    const response = await callApi(
      target(options),
      'GET',
      `/api/plants/${id}/history.${options.format}?everyS=${encodeURIComponent(options.every)}`,
    );
    writeFileSync(options.out, Buffer.from(await response.arrayBuffer()));
    console.log(`written ${options.out}`);
  });

  const dataset = range.command('dataset').description('labelled synthetic data sets');
  connection(
    dataset
      .command('generate')
      .description('generate a labelled data set (normal operation, faults and attacks) and wait for it')
      .requiredOption('--workspace <id|slug>', 'the course')
      .requiredOption('--name <name>', 'data set name')
      .requiredOption('--hours <hours>', 'simulated duration', (value) => Number(value))
      .option('--every <seconds>', 'one row per this many simulated seconds', (value) => Number.parseInt(value, 10), 10)
      .option('--seed <n>', 'random seed', (value) => Number.parseInt(value, 10)),
  ).action(
    async (options: Connection & { workspace: string; name: string; hours: number; every: number; seed?: number }) => {
      const api = target(options);
      const requested = await callJson<{ id: string }>(
        api,
        'POST',
        `/api/workspaces/${await workspaceId(api, options.workspace)}/datasets`,
        {
          name: options.name,
          durationHours: options.hours,
          everyS: options.every,
          ...(options.seed ? { seed: options.seed } : {}),
        },
      );
      const bar = progressBar('generate');
      for (;;) {
        const current = await callJson<{ status: string; rowCount: number }>(
          api,
          'GET',
          `/api/datasets/${requested.id}`,
        );
        if (current.status !== 'generating') {
          bar.done();
          console.log(`${requested.id}\t${current.status}\t${current.rowCount} rows`);
          if (current.status !== 'ready') process.exitCode = 1;
          return;
        }
        bar.update(0, 1);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    },
  );
  return range;
}
