/**
 * The clients of bench/plant.ts, in a process of their own (as an instructor's and trainees' PCs
 * are): every plant polled over Modbus/TCP once a second (16 input registers, function code 4, so
 * the server's pcap recorder captures real traffic), and one OPC UA session monitoring four tags
 * of every plant at 1 s.
 *
 *   node --import tsx bench/plant-clients.ts MODBUS_BASE_PORT INSTANCES OPCUA_ENDPOINT USER TOKEN SECONDS
 */
import { Socket } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AttributeIds,
  ClientMonitoredItemGroup,
  ClientSubscription,
  OPCUACertificateManager,
  OPCUAClient,
  TimestampsToReturn,
  UserTokenType,
} from 'node-opcua';

const [basePort, instances, endpoint, user, token, seconds] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string,
];
let modbusAnswers = 0;
let opcuaChanges = 0;

const sockets = await Promise.all(
  Array.from(
    { length: Number(instances) },
    (_, i) =>
      new Promise<Socket>((resolve, reject) => {
        const socket = new Socket();
        socket.once('error', reject);
        socket.on('data', () => (modbusAnswers += 1));
        socket.connect({ host: '127.0.0.1', port: Number(basePort) + i }, () => resolve(socket));
      }),
  ),
);
let transaction = 0;
const poll = setInterval(() => {
  for (const socket of sockets) {
    transaction = (transaction + 1) & 0xffff;
    // MBAP (transaction, protocol 0, length 6, unit 1) + read input registers 0..15.
    socket.write(Buffer.from([transaction >> 8, transaction & 0xff, 0, 0, 0, 6, 1, 4, 0, 0, 0, 16]));
  }
}, 1000);

const client = OPCUAClient.create({
  endpointMustExist: false,
  connectionStrategy: { maxRetry: 0 },
  clientCertificateManager: new OPCUACertificateManager({
    rootFolder: mkdtempSync(path.join(tmpdir(), 'renkei-bench-opcua-')),
    automaticallyAcceptUnknownCertificate: true,
  }),
});
await client.connect(endpoint);
const session = await client.createSession({ type: UserTokenType.UserName, userName: user, password: token });
const ns = (await session.readNamespaceArray()).indexOf('urn:renkei:range');
const subscription = ClientSubscription.create(session, {
  requestedPublishingInterval: 1000,
  requestedMaxKeepAliveCount: 10,
  publishingEnabled: true,
});
const tags = ['tank_level', 'chlorine_residual', 'pressure', 'trip_high_level'];
const group = ClientMonitoredItemGroup.create(
  subscription,
  Array.from({ length: Number(instances) }, (_, i) =>
    tags.map((tag) => ({ nodeId: `ns=${ns};s=bench-${i}.${tag}`, attributeId: AttributeIds.Value })),
  ).flat(),
  { samplingInterval: 1000, discardOldest: true, queueSize: 1 },
  TimestampsToReturn.Both,
);
group.on('changed', () => (opcuaChanges += 1));

await new Promise((resolve) => setTimeout(resolve, Number(seconds) * 1000));
clearInterval(poll);
for (const socket of sockets) socket.destroy();
await subscription.terminate();
await session.close();
await client.disconnect();
console.log(`plant-clients: ${JSON.stringify({ modbusAnswers, opcuaChanges })}`);
