/**
 * @renkei/pcap — libpcap capture files (the classic format: magic a1b2c3d4, version 2.4,
 * link type 1, Ethernet) of TCP conversations that a server saw as byte streams: each chunk of
 * bytes becomes one Ethernet/IPv4/TCP packet with correct lengths, sequence and acknowledgement
 * numbers and checksums, so Wireshark and tshark reassemble and dissect the protocol inside
 * (Modbus/TCP on port 502, for the Range). Hand-written: the npm pcap writers either need libpcap
 * (native) or write packets, not conversations. Pure, no I/O.
 * @module
 */

export interface TcpEndpoint {
  /** Dotted IPv4. */
  ip: string;
  port: number;
}

/** One conversation: client and server, and the next sequence number of each direction. */
export class TcpConversation {
  private clientSeq: number;
  private serverSeq: number;
  constructor(
    readonly client: TcpEndpoint,
    readonly server: TcpEndpoint,
    initialSequence = 1,
  ) {
    this.clientSeq = initialSequence;
    this.serverSeq = initialSequence;
  }

  /** The Ethernet frame carrying `payload` in one direction (PSH, ACK). */
  frame(fromClient: boolean, payload: Uint8Array): Uint8Array {
    const [source, destination] = fromClient ? [this.client, this.server] : [this.server, this.client];
    const seq = fromClient ? this.clientSeq : this.serverSeq;
    const ack = fromClient ? this.serverSeq : this.clientSeq;
    if (fromClient) this.clientSeq = (this.clientSeq + payload.length) >>> 0;
    else this.serverSeq = (this.serverSeq + payload.length) >>> 0;
    return ethernetFrame(source, destination, seq, ack, payload);
  }
}

const ipBytes = (ip: string) => ip.split('.').map((part) => Number(part) & 0xff);

function checksum(bytes: Uint8Array, initial = 0): number {
  let sum = initial;
  for (let i = 0; i < bytes.length; i += 2) sum += ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function ethernetFrame(source: TcpEndpoint, destination: TcpEndpoint, seq: number, ack: number, payload: Uint8Array) {
  const frame = new Uint8Array(14 + 20 + 20 + payload.length);
  const view = new DataView(frame.buffer);
  // Ethernet: locally administered addresses derived from the IPs, type IPv4.
  frame.set([0x02, 0, ...ipBytes(destination.ip)], 0);
  frame.set([0x02, 0, ...ipBytes(source.ip)], 6);
  view.setUint16(12, 0x0800);
  // IPv4 header.
  const ip = 14;
  view.setUint8(ip, 0x45);
  view.setUint16(ip + 2, 20 + 20 + payload.length);
  view.setUint16(ip + 6, 0x4000); // don't fragment
  view.setUint8(ip + 8, 64);
  view.setUint8(ip + 9, 6);
  frame.set(ipBytes(source.ip), ip + 12);
  frame.set(ipBytes(destination.ip), ip + 16);
  view.setUint16(ip + 10, checksum(frame.subarray(ip, ip + 20)));
  // TCP header: PSH+ACK, window 65535.
  const tcp = ip + 20;
  view.setUint16(tcp, source.port);
  view.setUint16(tcp + 2, destination.port);
  view.setUint32(tcp + 4, seq >>> 0);
  view.setUint32(tcp + 8, ack >>> 0);
  view.setUint8(tcp + 12, 5 << 4);
  view.setUint8(tcp + 13, 0x18);
  view.setUint16(tcp + 14, 0xffff);
  frame.set(payload, tcp + 20);
  // TCP checksum over the pseudo-header (addresses, protocol, TCP length) and the segment.
  const tcpLength = 20 + payload.length;
  const pseudo = new Uint8Array(12);
  pseudo.set(ipBytes(source.ip), 0);
  pseudo.set(ipBytes(destination.ip), 4);
  pseudo[9] = 6;
  new DataView(pseudo.buffer).setUint16(10, tcpLength);
  const pseudoSum = 0xffff & ~checksum(pseudo);
  view.setUint16(tcp + 16, checksum(frame.subarray(tcp, tcp + tcpLength), pseudoSum));
  return frame;
}

export interface CapturedPacket {
  /** Milliseconds since the Unix epoch. */
  atMs: number;
  frame: Uint8Array;
}

/** A capture file of these packets, in order. */
export function pcapFile(packets: readonly CapturedPacket[]): Uint8Array {
  const size = 24 + packets.reduce((sum, packet) => sum + 16 + packet.frame.length, 0);
  const file = new Uint8Array(size);
  const view = new DataView(file.buffer);
  view.setUint32(0, 0xa1b2c3d4, true);
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setUint32(16, 65535, true);
  view.setUint32(20, 1, true); // LINKTYPE_ETHERNET
  let offset = 24;
  for (const packet of packets) {
    view.setUint32(offset, Math.floor(packet.atMs / 1000), true);
    view.setUint32(offset + 4, Math.round((packet.atMs % 1000) * 1000), true);
    view.setUint32(offset + 8, packet.frame.length, true);
    view.setUint32(offset + 12, packet.frame.length, true);
    file.set(packet.frame, offset + 16);
    offset += 16 + packet.frame.length;
  }
  return file;
}
