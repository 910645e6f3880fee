/** HTTP routes of Range plant instances (role-gated; trainees reach only their own). @module */
// The WebSocket route options (wsHandler) of the plugin app.ts registers.
import type {} from '@fastify/websocket';
import { z } from 'zod';
import { AppError, reloadActor, requireActor, type AppContext, type AppInstance } from '../../../platform/index.js';
import { serveModbusTunnel } from './modbus-tunnel.js';
import * as notes from './notes.service.js';
import * as plants from './plant.service.js';

const workspaceParams = z.object({ workspaceId: z.string().min(1).max(100) });
const idParams = z.object({ id: z.string().min(1).max(100) });
const tripParams = idParams.extend({ trip: plants.tripSchema });
const alarmParams = idParams.extend({ code: z.string().min(1).max(100) });
const snapshotParams = idParams.extend({ snapshotId: z.string().min(1).max(100) });
// The live view is a loose record of tag values; its shape is documented in docs/range/plant.md.
const plantSchema = z.record(z.string(), z.unknown());

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the Modbus tunnel's pre-handler for its WebSocket handler. */
    modbusTunnel?: { workspaceId: string; mayWrite: boolean };
  }
}

export function registerPlantRoutes(app: AppInstance, ctx: AppContext): void {
  const tags = ['range-plant'];
  app.get(
    '/api/workspaces/:workspaceId/plants',
    {
      schema: {
        tags,
        summary: 'Plant instances you may see',
        params: workspaceParams,
        response: { 200: z.array(plantSchema) },
      },
    },
    async (request) => plants.listPlantInstances(ctx, requireActor(request), request.params.workspaceId),
  );
  app.post(
    '/api/workspaces/:workspaceId/plants',
    {
      schema: {
        tags,
        summary: 'Give a trainee or group a plant',
        params: workspaceParams,
        body: plants.createPlantSchema,
        response: { 201: plantSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await plants.createPlantInstance(ctx, requireActor(request), request.params.workspaceId, request.body)),
  );
  app.get(
    '/api/plants/:id',
    {
      schema: {
        tags,
        summary: 'Live view: tags, set-points, trips, alarms',
        params: idParams,
        response: { 200: plantSchema },
      },
    },
    async (request) => plants.getPlantInstance(ctx, requireActor(request), request.params.id),
  );
  app.get(
    '/api/plants/:id/live',
    {
      schema: {
        tags,
        summary:
          'Live view as Server-Sent Events: one `plant` event per second (user, membership and access re-checked each time)',
        params: idParams,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const first = await plants.getPlantInstance(ctx, actor, request.params.id);
      reply.hijack();
      const stream = reply.raw;
      stream.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const send = (view: unknown) => stream.write(`event: plant\ndata: ${JSON.stringify(view)}\n\n`);
      send(first);
      const timer = setInterval(() => {
        reloadActor(ctx, actor)
          .then((current) => {
            if (!current) throw new Error('signed out');
            return plants.getPlantInstance(ctx, current, request.params.id);
          })
          .then(send)
          .catch(() => {
            // The plant is gone or no longer visible: say so and end the stream.
            stream.write('event: gone\ndata: {}\n\n');
            stream.end();
          });
      }, 1000);
      stream.on('close', () => clearInterval(timer));
    },
  );
  app.route({
    method: 'GET',
    url: '/api/plants/:id/modbus',
    schema: {
      tags,
      summary:
        'Modbus tunnel: a WebSocket carrying one Modbus/TCP connection to the plant, opened with an API token (`renkei range connect`)',
      params: idParams,
    },
    // Every check runs before the upgrade, so a refused caller gets the same HTTP problem as any route.
    preHandler: async (request) => {
      const { row, mayWrite } = await plants.authorizeModbusTunnel(ctx, requireActor(request), request.params.id);
      request.modbusTunnel = { workspaceId: row.workspace_id, mayWrite };
    },
    handler: async () => {
      throw new AppError('PLANT_UPGRADE_REQUIRED', 'Open this URL as a WebSocket (renkei range connect does)');
    },
    wsHandler: async (socket, request) => {
      const instance = plants.plantRuntime(ctx).get(request.params.id);
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (!instance || !token || !request.modbusTunnel) {
        socket.close(1011, 'the plant is not running');
        return;
      }
      await serveModbusTunnel(ctx, socket, {
        actor: requireActor(request),
        token,
        instance,
        mayWrite: request.modbusTunnel.mayWrite,
        remote: request.ip,
      });
    },
  });
  const noteSchema = z.object({
    id: z.string(),
    kind: z.enum(notes.NOTE_KINDS),
    subject: z.string(),
    body: z.string(),
    authorName: z.string().nullable(),
    source: z.string(),
    channel: z.string().nullable(),
    simTimeS: z.number(),
    createdAt: z.string(),
  });
  app.get(
    '/api/plants/:id/notes',
    {
      schema: {
        tags,
        summary: 'Shift log, work orders, alarm comments and equipment notes of a plant, newest first',
        params: idParams,
        querystring: notes.notesQuerySchema,
        response: { 200: z.array(noteSchema) },
      },
    },
    async (request) => notes.listNotes(ctx, requireActor(request), request.params.id, request.query.kind),
  );
  app.post(
    '/api/plants/:id/notes',
    {
      schema: {
        tags,
        summary: 'Write a shift-log entry, work order, alarm comment or equipment note',
        params: idParams,
        body: notes.noteSchema,
        response: { 201: noteSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await notes.addNote(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.get(
    '/api/plants/:id/kpis',
    {
      schema: {
        tags,
        summary: 'Process KPIs of a run: minutes out of specification, unmet demand, trips, energy',
        params: idParams,
        querystring: plants.eventsQuerySchema,
        response: { 200: plantSchema },
      },
    },
    async (request) => plants.getKpis(ctx, requireActor(request), request.params.id, request.query),
  );
  app.get(
    '/api/plants/:id/modbus.pcap',
    {
      schema: {
        tags,
        summary: "The plant's recent Modbus/TCP traffic (tunnel and direct) as a pcap file for Wireshark/tshark",
        params: idParams,
      },
    },
    async (request, reply) => {
      const capture = await plants.modbusCapture(ctx, requireActor(request), request.params.id);
      return reply
        .header('content-type', 'application/vnd.tcpdump.pcap')
        .header('content-disposition', `attachment; filename="plant-${request.params.id}-modbus.pcap"`)
        .send(capture);
    },
  );
  app.put(
    '/api/plants/:id/clock',
    {
      schema: {
        tags,
        summary: 'Pace of the plant: simulated seconds per real second (0 pauses, up to 60); course staff',
        params: idParams,
        body: plants.clockSchema,
        response: { 200: plantSchema },
      },
    },
    async (request) => plants.setPlantClock(ctx, requireActor(request), request.params.id, request.body.speed),
  );
  app.put(
    '/api/workspaces/:workspaceId/plants/clock',
    {
      schema: {
        tags,
        summary: 'Pace of every plant of the course at once; course staff',
        params: workspaceParams,
        body: plants.clockSchema,
        response: { 200: z.object({ plants: z.number(), speed: z.number() }) },
      },
    },
    async (request) =>
      plants.setCourseClock(ctx, requireActor(request), request.params.workspaceId, request.body.speed),
  );
  app.post(
    '/api/plants/:id/scenario-events',
    {
      schema: {
        tags,
        summary:
          'Inject a fault or attack (the data-set event kinds) now or later, labelled in the history; course staff',
        params: idParams,
        body: plants.scenarioEventSchema,
        response: { 201: plantSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await plants.injectScenarioEvent(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.patch(
    '/api/plants/:id/setpoints',
    {
      schema: {
        tags,
        summary: 'Write set-points and pump commands',
        params: idParams,
        body: plants.setpointsSchema,
        response: { 200: plantSchema },
      },
    },
    async (request) => plants.writeSetpoints(ctx, requireActor(request), request.params.id, request.body),
  );
  app.post(
    '/api/plants/:id/trips/:trip/bypass',
    {
      schema: {
        tags,
        summary: 'Bypass (or restore) a safety trip: explicit and logged',
        params: tripParams,
        body: z.object({ isBypassed: z.boolean(), reason: z.string().min(3).max(500) }),
        response: { 200: plantSchema },
      },
    },
    async (request) =>
      plants.setBypass(
        ctx,
        requireActor(request),
        request.params.id,
        request.params.trip,
        request.body.isBypassed,
        request.body.reason,
      ),
  );
  app.post(
    '/api/plants/:id/trips/:trip/reset',
    {
      schema: {
        tags,
        summary: 'Reset a latched trip once its condition cleared',
        params: tripParams,
        response: { 200: plantSchema },
      },
    },
    async (request) => plants.resetPlantTrip(ctx, requireActor(request), request.params.id, request.params.trip),
  );
  app.post(
    '/api/plants/:id/alarms/:code/acknowledge',
    { schema: { tags, summary: 'Acknowledge an alarm', params: alarmParams, response: { 200: plantSchema } } },
    async (request) => plants.acknowledgePlantAlarm(ctx, requireActor(request), request.params.id, request.params.code),
  );
  app.post(
    '/api/plants/:id/reset',
    { schema: { tags, summary: 'Reset to the initial state', params: idParams, response: { 200: plantSchema } } },
    async (request) => plants.resetPlantInstance(ctx, requireActor(request), request.params.id),
  );
  app.get(
    '/api/plants/:id/history.csv',
    {
      schema: {
        tags,
        summary: 'Historian as CSV (synthetic data), optionally downsampled',
        params: idParams,
        querystring: plants.historyQuerySchema,
      },
    },
    async (request, reply) => {
      const csv = await plants.exportHistoryCsv(ctx, requireActor(request), request.params.id, request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="plant-${request.params.id}-synthetic.csv"`)
        .send(csv);
    },
  );
  app.get(
    '/api/plants/:id/history.xlsx',
    {
      schema: {
        tags,
        summary: 'Historian as XLSX (synthetic data, README sheet), optionally downsampled',
        params: idParams,
        querystring: plants.historyQuerySchema,
      },
    },
    async (request, reply) => {
      const xlsx = await plants.exportHistoryXlsx(ctx, requireActor(request), request.params.id, request.query);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="plant-${request.params.id}-synthetic.xlsx"`)
        .send(xlsx);
    },
  );
  app.get(
    '/api/plants/:id/history',
    {
      schema: {
        tags,
        summary: 'History for trends (rows in `columns` order), downsampled',
        params: idParams,
        querystring: plants.historyQuerySchema,
        response: {
          200: z.object({
            run: z.number(),
            columns: z.array(z.string()),
            rows: z.array(z.array(z.union([z.number(), z.boolean(), z.string(), z.null()]))),
          }),
        },
      },
    },
    async (request) => plants.getHistory(ctx, requireActor(request), request.params.id, request.query),
  );
  app.get(
    '/api/plants/:id/runs',
    {
      schema: {
        tags,
        summary: 'Runs of the historian (each reset or restore starts one) and the simulated time each covers',
        params: idParams,
        response: {
          200: z.object({
            current: z.number(),
            runs: z.array(z.object({ run: z.number(), fromS: z.number(), toS: z.number() })),
          }),
        },
      },
    },
    async (request) => plants.listRuns(ctx, requireActor(request), request.params.id),
  );
  app.get(
    '/api/plants/:id/events',
    {
      schema: {
        tags,
        summary:
          'What changed the plant in a run — set-points, commands, bypasses, trips, resets — with source, user and channel',
        params: idParams,
        querystring: plants.eventsQuerySchema,
        response: {
          200: z.object({
            run: z.number(),
            events: z.array(
              z.object({
                simTimeS: z.number(),
                at: z.string(),
                kind: z.string(),
                source: z.string(),
                actorId: z.string().nullable(),
                actorName: z.string().nullable(),
                channel: z.string().nullable(),
                detail: z.record(z.string(), z.unknown()),
              }),
            ),
          }),
        },
      },
    },
    async (request) => plants.listEvents(ctx, requireActor(request), request.params.id, request.query),
  );
  app.get(
    '/api/plants/:id/snapshots',
    { schema: { tags, summary: 'Snapshots', params: idParams, response: { 200: z.array(plantSchema) } } },
    async (request) => plants.listSnapshots(ctx, requireActor(request), request.params.id),
  );
  app.post(
    '/api/plants/:id/snapshots',
    {
      schema: {
        tags,
        summary: 'Take a snapshot',
        params: idParams,
        body: z.object({ name: z.string().trim().min(1).max(100) }),
        response: { 201: plantSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await plants.snapshotPlantInstance(ctx, requireActor(request), request.params.id, request.body.name)),
  );
  app.post(
    '/api/plants/:id/snapshots/:snapshotId/restore',
    { schema: { tags, summary: 'Restore a snapshot', params: snapshotParams, response: { 200: plantSchema } } },
    async (request) => plants.restoreSnapshot(ctx, requireActor(request), request.params.id, request.params.snapshotId),
  );
}
