/**
 * The egress self-test an organiser runs before class: the lab must reach its model server and
 * nothing else. It opens a TCP connection to the configured upstream and to a list of outside
 * addresses a model or tool might phone home to (model hubs, cloud APIs, public DNS); the
 * installation is isolated when the upstream answers and every probe is refused, unreachable or
 * unresolvable. It proves what the network lets this server do — the firewall does the denying.
 * @module
 */
import { connect } from 'node:net';

export interface EgressProbe {
  target: string;
  reachable: boolean;
  /** Why not, when not: refused, timed out, no such host… */
  error: string | null;
}

/** `host:port` → its parts (IPv6 in brackets). */
export function parseTarget(target: string): { host: string; port: number } | undefined {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(target.trim());
  if (!match) return undefined;
  const port = Number(match[2]);
  return port > 0 && port < 65536 ? { host: match[1]!, port } : undefined;
}

/** The host and port an upstream URL connects to. */
export function targetOfUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
    // URL keeps an IPv6 host in its brackets already.
    return `${parsed.hostname}:${port}`;
  } catch {
    return undefined;
  }
}

/** Tries a TCP connection to `target`, giving up after `timeoutMs`. */
export function probe(target: string, timeoutMs: number): Promise<EgressProbe> {
  const parsed = parseTarget(target);
  if (!parsed) return Promise.resolve({ target, reachable: false, error: 'not host:port' });
  return new Promise((resolve) => {
    const socket = connect({ host: parsed.host, port: parsed.port });
    const done = (reachable: boolean, error: string | null) => {
      socket.destroy();
      resolve({ target, reachable, error });
    };
    socket.setTimeout(timeoutMs, () => done(false, 'timed out'));
    socket.once('connect', () => done(true, null));
    socket.once('error', (error: NodeJS.ErrnoException) => done(false, error.code ?? error.message));
  });
}

export interface EgressReport {
  upstream: EgressProbe | null;
  probes: EgressProbe[];
  /** The upstream (if any) is reachable and no probe is. */
  isolated: boolean;
}

export async function checkEgress(
  upstreamUrl: string,
  probes: readonly string[],
  timeoutMs: number,
): Promise<EgressReport> {
  const upstreamTarget = upstreamUrl ? targetOfUrl(upstreamUrl) : undefined;
  const [upstream, ...outside] = await Promise.all([
    upstreamTarget ? probe(upstreamTarget, timeoutMs) : Promise.resolve(null),
    ...probes.map((target) => probe(target, timeoutMs)),
  ]);
  return {
    upstream: upstream ?? null,
    probes: outside,
    isolated: (upstream === null || upstream.reachable) && outside.every((result) => !result.reachable),
  };
}
