import { randomInt } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { connect } from 'node:net';
import dnsPacket, { type Answer, type DecodedPacket, type Packet } from 'dns-packet';
import { type DnsDelegation, type DnsLookupResult, type DnsQueryType, DnsResolverPort } from '../domain/dns-resolver.port.js';
import { type DnsServer, systemDnsServers, toDnsServer } from './dns-servers.js';

export interface WireDnsResolverOptions {
  /** `ip[:port]` / `[ipv6]:port` entries (parseDnsServers); none: the system's resolvers */
  servers?: string[];
  /** time one server is given to answer one try, in milliseconds */
  timeoutMs?: number;
  /** tries per server before giving up on it */
  tries?: number;
  /** queries sent and not yet answered at once, over all servers; more wait their turn */
  maxInFlight?: number;
}

/** EDNS0 buffer size (RFC 6891): the size DNS Flag Day 2020 recommends, never fragmented. */
const EDNS_UDP_SIZE = 1232;
/** Rcodes after which the next server (or try) may answer better. */
const RETRYABLE = new Set(['SERVFAIL', 'REFUSED', 'TIMEOUT', 'NETWORK']);

/** Queries one UDP socket asks before it is closed (and its source port changes). */
const MAX_SOCKET_USES = 200;
/** Sockets kept open between queries, per address family. */
const MAX_IDLE_SOCKETS = 256;

/** A UDP socket with at most one query in flight: that query's answer handler. */
interface QuerySocket {
  udp: UdpSocket;
  family: 4 | 6;
  uses: number;
  waiter: ((message: Buffer, remote: RemoteInfo) => void) | null;
  failed: ((message: string) => void) | null;
}

type Transport = { response: DecodedPacket } | { failure: 'TIMEOUT' | 'NETWORK'; message: string };

/**
 * DnsResolverPort speaking DNS itself (wire format by dns-packet), so the flags and sections that
 * node:dns hides decide the verdict: an authoritative or recursive "no such record" is `missing`;
 * a referral, a lame or non-authoritative empty answer, SERVFAIL, REFUSED or a timeout is `error`.
 * UDP with EDNS0, TCP when the answer is truncated; the configured servers in order, `tries`
 * rounds, `timeoutMs` per try. Answers are accepted only from the server asked, with the id and
 * the question asked (ids are random), so a stray or forged packet is ignored. No cache: each
 * verification run memoises its own (RunScopedDnsCache), so a changed record is seen at once.
 */
export class WireDnsResolver extends DnsResolverPort {
  private readonly servers: DnsServer[];
  private readonly timeoutMs: number;
  private readonly tries: number;
  /** every UDP socket, and the ones with no query in flight, per address family */
  private readonly open = new Set<QuerySocket>();
  private readonly idle: Record<4 | 6, QuerySocket[]> = { 4: [], 6: [] };
  private readonly maxInFlight: number;
  private inFlight = 0;
  /** tries waiting for one of the maxInFlight places, first come first served */
  private readonly queued: (() => void)[] = [];
  private closed = false;

  constructor(options: WireDnsResolverOptions = {}) {
    super();
    this.servers = options.servers?.length ? options.servers.map(toDnsServer) : systemDnsServers();
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.tries = options.tries ?? 2;
    this.maxInFlight = options.maxInFlight ?? 128;
  }

  async lookup(name: string, type: DnsQueryType): Promise<DnsLookupResult> {
    let last: DnsLookupResult = { kind: 'error', code: 'NO_SERVERS', message: 'No DNS server is configured' };
    for (let round = 0; round < this.tries; round++) {
      let worthRetrying = false;
      for (const server of this.servers) {
        const transport = await this.ask(server, name, type);
        const result = 'failure' in transport ? { kind: 'error' as const, code: transport.failure, message: transport.message } : interpretResponse(name, type, transport.response);
        if (result.kind !== 'error') return result;
        last = { ...result, message: `${result.message} (asked ${server.host}:${server.port})` };
        worthRetrying ||= RETRYABLE.has(result.code);
      }
      if (!worthRetrying) break; // every server answered (a referral, say): asking again changes nothing
    }
    return last;
  }

  /** Stops listening; lookups under way end as errors. */
  close(): void {
    this.closed = true;
    const sockets = [...this.open];
    this.open.clear();
    this.idle[4] = [];
    this.idle[6] = [];
    for (const socket of sockets) socket.udp.close();
  }

  /**
   * One try, once fewer than maxInFlight are under way: a sweep puts every lookup of a batch in
   * flight (about a thousand), and a burst that size overflows the receive buffer of the server's
   * socket (a Linux default of 208 kB holds a few hundred queries), which drops the rest without
   * a word; each dropped query then cost its whole timeout (measured: 611 of 20,000 queries in a
   * sweep, and the sweep a twentieth of its rate). Its timeout starts when it is sent.
   */
  private async ask(server: DnsServer, name: string, type: DnsQueryType): Promise<Transport> {
    if (this.inFlight >= this.maxInFlight) await new Promise<void>((resolve) => this.queued.push(resolve));
    else this.inFlight++;
    try {
      if (this.closed) return { failure: 'NETWORK', message: 'The resolver was closed' };
      return await this.askNow(server, name, type);
    } finally {
      // the place goes to the next waiting try, or is freed
      const next = this.queued.shift();
      if (next) next();
      else this.inFlight--;
    }
  }

  private async askNow(server: DnsServer, name: string, type: DnsQueryType): Promise<Transport> {
    const udp = await this.overUdp(server, name, type, true);
    if ('response' in udp && rcodeOf(udp.response) === 'FORMERR') return this.overUdp(server, name, type, false); // a server without EDNS0
    if ('response' in udp && udp.response.flag_tc) return this.overTcp(server, name, type);
    return udp;
  }

  private query(id: number, name: string, type: DnsQueryType, edns: boolean): Packet {
    return {
      type: 'query',
      id,
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ type, name, class: 'IN' }],
      additionals: edns ? [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_UDP_SIZE, flags: 0, options: [] } as unknown as Answer] : [],
    };
  }

  /**
   * One try over UDP on a socket that has no other query in flight: every socket has its own
   * random source port (RFC 5452) and receive buffer, so a burst of answers (a sweep has hundreds
   * in flight) is never dropped by one shared socket's full buffer. Sockets are reused (creating
   * one per query costs more than the lookup) and retired after MAX_SOCKET_USES queries.
   */
  private overUdp(server: DnsServer, name: string, type: DnsQueryType, edns: boolean): Promise<Transport> {
    const id = randomInt(0, 65536);
    const wire = dnsPacket.encode(this.query(id, name, type, edns));
    const socket = this.takeSocket(server.family);
    return new Promise((resolve) => {
      let done = false;
      const finish = (result: Transport, reusable: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.giveBack(socket, reusable);
        resolve(result);
      };
      const timer = setTimeout(() => finish({ failure: 'TIMEOUT', message: `No answer within ${this.timeoutMs} ms` }, true), this.timeoutMs);
      socket.waiter = (message, remote) => {
        if (remote.address !== server.host || remote.port !== server.port) return; // only the server asked
        let packet: DecodedPacket;
        try {
          packet = dnsPacket.decode(message);
        } catch {
          return; // not DNS
        }
        const question = packet.questions?.[0];
        if (packet.type !== 'response' || packet.id !== id || !question || !sameName(question.name, name) || question.type !== type) return;
        finish({ response: packet }, true);
      };
      socket.failed = (message) => finish({ failure: 'NETWORK', message }, false);
      socket.udp.send(wire, server.port, server.host, (error) => {
        if (error) finish({ failure: 'NETWORK', message: error.message }, false);
      });
    });
  }

  private takeSocket(family: 4 | 6): QuerySocket {
    const idle = this.idle[family];
    const reused = idle.pop();
    if (reused) return reused;
    const socket: QuerySocket = { udp: createSocket(family === 6 ? 'udp6' : 'udp4'), family, uses: 0, waiter: null, failed: null };
    socket.udp.on('message', (message, remote) => socket.waiter?.(message, remote)); // between queries: dropped
    socket.udp.on('error', (error) => socket.failed?.(error.message));
    socket.udp.on('close', () => socket.failed?.('The resolver was closed'));
    socket.udp.unref(); // an idle resolver never keeps the process alive
    this.open.add(socket);
    return socket;
  }

  private giveBack(socket: QuerySocket, reusable: boolean): void {
    socket.waiter = null;
    socket.failed = null;
    socket.uses++;
    const idle = this.idle[socket.family];
    if (reusable && socket.uses < MAX_SOCKET_USES && idle.length < MAX_IDLE_SOCKETS && this.open.has(socket)) {
      idle.push(socket);
      return;
    }
    this.open.delete(socket);
    try {
      socket.udp.close();
    } catch {
      // closed already (by close())
    }
  }

  private overTcp(server: DnsServer, name: string, type: DnsQueryType): Promise<Transport> {
    const id = randomInt(0, 65536);
    return new Promise((resolve) => {
      const socket = connect({ host: server.host, port: server.port });
      let buffered = Buffer.alloc(0);
      const finish = (result: Transport) => {
        clearTimeout(timer);
        socket.destroy();
        resolve(result);
      };
      const timer = setTimeout(() => finish({ failure: 'TIMEOUT', message: `No answer over TCP within ${this.timeoutMs} ms` }), this.timeoutMs);
      socket.on('connect', () => socket.write(dnsPacket.streamEncode(this.query(id, name, type, true))));
      socket.on('error', (error) => finish({ failure: 'NETWORK', message: error.message }));
      socket.on('data', (chunk) => {
        buffered = Buffer.concat([buffered, chunk]);
        if (buffered.length < 2 || buffered.length < 2 + buffered.readUInt16BE(0)) return;
        try {
          const response = dnsPacket.streamDecode(buffered) as DecodedPacket;
          const question = response.questions?.[0];
          if (response.id !== id || !question || !sameName(question.name, name) || question.type !== type) {
            finish({ failure: 'NETWORK', message: 'The answer over TCP did not match the question' });
          } else finish({ response });
        } catch (error) {
          finish({ failure: 'NETWORK', message: `Undecodable answer over TCP: ${(error as Error).message}` });
        }
      });
      socket.on('close', () => finish({ failure: 'NETWORK', message: 'The server closed the TCP connection without answering' }));
    });
  }
}

/** The answer's rcode by name (dns-packet decodes it; its type declarations leave it out). */
function rcodeOf(response: DecodedPacket): string {
  return (response as { rcode?: string }).rcode ?? 'NOERROR';
}

const lowerAscii = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const withoutDot = (name: string) => (name.endsWith('.') ? name.slice(0, -1) : name);
/** RFC 4343: names compare ignoring ASCII case; the trailing dot is not part of the name. */
const sameName = (a: string, b: string) => lowerAscii(withoutDot(a)) === lowerAscii(withoutDot(b));

/** A TXT record's character-strings, each as text. */
function txtChunks(record: Answer): string[] {
  const data = (record as { data?: unknown }).data;
  return (Array.isArray(data) ? data : [data]).map((chunk) => (Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk)));
}

/** A record's data as the port's text (see DnsLookupResult). */
function recordText(record: Answer): string {
  const data = (record as { data?: unknown }).data;
  switch (record.type) {
    case 'TXT':
      return txtChunks(record).join('');
    case 'MX': {
      const mx = data as { preference: number; exchange: string };
      return `${mx.preference} ${withoutDot(mx.exchange)}`;
    }
    case 'SOA': {
      const soa = data as { mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number };
      return [withoutDot(soa.mname), withoutDot(soa.rname), soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum].join(' ');
    }
    default:
      return withoutDot(String(data));
  }
}

const RCODE_MESSAGES: Record<string, string> = {
  SERVFAIL: 'The server failed to answer (SERVFAIL)',
  REFUSED: 'The server refused to answer (REFUSED)',
  FORMERR: 'The server could not read the question (FORMERR)',
  NOTIMP: 'The server does not answer such questions (NOTIMP)',
};

/**
 * What an answer says about (qname, qtype): follows the aliases inside it (CNAME, and CNAMEs
 * synthesised from DNAMEs when the server left them out), then reads the flags: AA (the server is
 * authoritative) or RA (a recursive resolver) make an empty answer or NXDOMAIN conclusive; an
 * empty answer from anything else is a referral (NS in the authority section) or lame: an error.
 */
export function interpretResponse(qname: string, qtype: DnsQueryType, response: DecodedPacket): DnsLookupResult {
  const rcode = rcodeOf(response);
  if (rcode !== 'NOERROR' && rcode !== 'NXDOMAIN') {
    return { kind: 'error', code: rcode, message: RCODE_MESSAGES[rcode] ?? `The server answered ${rcode}` };
  }
  if (response.flag_tc) return { kind: 'error', code: 'TRUNCATED', message: 'The answer was truncated' };
  const answers = response.answers ?? [];
  const chain: string[] = [];
  let current = qname;
  for (let hops = 0; hops <= 16; hops++) {
    const own = answers.filter((a) => sameName(a.name, current));
    const wanted = own.filter((a) => a.type === qtype);
    if (wanted.length > 0) {
      return qtype === 'TXT'
        ? { kind: 'answers', values: wanted.map(recordText), chain, chunks: wanted.map(txtChunks) }
        : { kind: 'answers', values: wanted.map(recordText), chain };
    }
    const alias = own.find((a) => a.type === 'CNAME');
    const dname = alias ? undefined : answers.find((a) => a.type === 'DNAME' && isBelow(current, a.name));
    const next = alias ? recordText(alias) : dname ? `${current.slice(0, current.length - withoutDot(dname.name).length - 1)}.${recordText(dname)}` : undefined;
    // asked for the CNAME of a name below a DNAME, from a server that left the synthesised one out
    if (qtype === 'CNAME' && dname && next !== undefined && hops === 0) return { kind: 'answers', values: [next], chain };
    if (next === undefined || chain.some((n) => sameName(n, next))) break;
    chain.push(next);
    current = next;
  }
  const conclusive = response.flag_aa || response.flag_ra;
  if (chain.length > 0 && rcode === 'NOERROR' && !response.flag_ra) return { kind: 'alias', chain };
  if (conclusive) return { kind: 'missing', reason: rcode === 'NXDOMAIN' ? 'NXDOMAIN' : 'NODATA', chain };
  if (chain.length > 0) return { kind: 'alias', chain };
  const delegation = referralIn(response);
  if (delegation) {
    return {
      kind: 'error',
      code: 'REFERRAL',
      message: `The server does not answer for this name itself: it refers to ${delegation.servers.join(', ')}, which serve ${delegation.zone} (it does not recurse)`,
      delegation,
    };
  }
  return {
    kind: 'error',
    code: 'NOT_AUTHORITATIVE',
    message: 'The server answered without authority and without recursion (a lame delegation, or a server that does not hold this zone)',
  };
}

/** True when `name` is strictly below `owner`. */
function isBelow(name: string, owner: string): boolean {
  const n = lowerAscii(withoutDot(name));
  const o = lowerAscii(withoutDot(owner));
  return n.endsWith(`.${o}`);
}

function referralIn(response: DecodedPacket): DnsDelegation | undefined {
  const ns = (response.authorities ?? []).filter((a) => a.type === 'NS');
  if (ns.length === 0) return undefined;
  return { zone: withoutDot(ns[0]!.name), servers: ns.map(recordText) };
}
