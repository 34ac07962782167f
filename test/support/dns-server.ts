import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIPv4, type Server, type Socket } from 'node:net';
import dnsPacket, { type Answer, type DecodedPacket, type Packet, type SoaData } from 'dns-packet';

/** Record types the test server can publish. */
export type TestRecordType = 'CNAME' | 'TXT' | 'MX' | 'NS' | 'SOA' | 'A';

/**
 * The value of one record, per type. TXT: a string is one record with one character-string,
 * a string[] is ONE record made of several character-strings (each at most 255 bytes).
 */
export interface TestRecordValues {
  CNAME: string;
  NS: string;
  A: string;
  TXT: string | string[];
  MX: { preference: number; exchange: string };
  SOA: SoaData;
}

/** How the server treats queries for a name, instead of answering from its records. */
export type TestNameMode = 'servfail' | 'refuse' | 'blackhole';

/** One question the server received (name as asked, without trailing dot). */
export interface TestDnsQuery {
  name: string;
  type: string;
  transport: 'udp' | 'tcp';
}

type TestRecord = { [T in TestRecordType]: { type: T; value: TestRecordValues[T] } }[TestRecordType];

const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
const OPCODE_MASK = 0x7800;
/** RFC 1035 §4.2.1. The server ignores EDNS0 (it never returns an OPT record), so this is the UDP limit. */
const MAX_UDP_PAYLOAD = 512;
const BIND_ATTEMPTS = 20;

/**
 * In-process authoritative DNS server for tests: real DNS wire format (dns-packet) over UDP and
 * TCP on 127.0.0.1, both on the same port, so `address` can be given to any resolver (node:dns,
 * DNS_SERVERS). It answers like an authoritative server for every name it holds:
 * - AA set, question and id echoed, RD copied, no recursion (RA clear);
 * - the rrset of the asked type; else, if the name has a CNAME, just that CNAME (never followed);
 *   else NODATA (NOERROR, empty answer) when the name has other records or records below it
 *   (empty non-terminal); else NXDOMAIN. Negative answers carry the closest enclosing SOA, if any;
 * - every record has TTL 0, so no resolver-side cache can hide a change between tests;
 * - a UDP answer over 512 bytes is replaced by an empty one with TC set, so clients retry over TCP
 *   (length-prefixed frames, RFC 1035 §4.2.2).
 * Per-name modes (`servfail`, `refuse`, `blackhole`) simulate broken servers.
 */
export class TestDnsServer {
  /** Every question received since start or the last `resetQueries()`, in arrival order. */
  readonly queries: TestDnsQuery[] = [];
  private readonly zone = new Map<string, Map<TestRecordType, Answer[]>>();
  private readonly modes = new Map<string, TestNameMode>();
  private readonly connections = new Set<Socket>();

  private constructor(
    private readonly udp: UdpSocket,
    private readonly tcp: Server,
    readonly port: number,
  ) {
    udp.on('message', (message, remote) => this.onUdpMessage(message, remote));
    tcp.on('connection', (socket) => this.onTcpConnection(socket));
  }

  /** Starts a server on a free port: UDP is bound first (port 0), then TCP on the same number. */
  static async start(): Promise<TestDnsServer> {
    for (let attempt = 1; ; attempt++) {
      const udp = createSocket('udp4');
      await new Promise<void>((resolve, reject) => {
        udp.once('error', reject);
        udp.bind(0, '127.0.0.1', () => {
          udp.off('error', reject);
          resolve();
        });
      });
      const port = udp.address().port;
      const tcp = createServer();
      try {
        await new Promise<void>((resolve, reject) => {
          tcp.once('error', reject);
          tcp.listen(port, '127.0.0.1', () => {
            tcp.off('error', reject);
            resolve();
          });
        });
        return new TestDnsServer(udp, tcp, port);
      } catch (error) {
        // The TCP port is taken by someone else: give both up and try another number.
        await new Promise<void>((resolve) => udp.close(() => resolve()));
        if (attempt >= BIND_ATTEMPTS) throw error;
      }
    }
  }

  /** `127.0.0.1:PORT`, as resolvers (node:dns setServers, DNS_SERVERS) expect it. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.connections) socket.destroy();
    await Promise.all([
      new Promise<void>((resolve) => this.udp.close(() => resolve())),
      new Promise<void>((resolve) => this.tcp.close(() => resolve())),
    ]);
  }

  /**
   * Replaces the `type` rrset of `name` with one record per value (none: removes it).
   * `set(n, 'TXT', 'a', 'b')` publishes two TXT records; `set(n, 'TXT', ['a', 'b'])` one record
   * of two character-strings. Names are matched case-insensitively; data keeps its case.
   */
  set<T extends TestRecordType>(name: string, type: T, ...values: TestRecordValues[T][]): this {
    return this.put(name, type, values.map((value) => toAnswer({ type, value } as TestRecord)));
  }

  /** Appends one record to the `type` rrset of `name`. */
  add<T extends TestRecordType>(name: string, type: T, value: TestRecordValues[T]): this {
    const rrset = this.zone.get(key(name))?.get(type) ?? [];
    return this.put(name, type, [...rrset, toAnswer({ type, value } as TestRecord)]);
  }

  /** Removes the `type` rrset of `name`, or all its records when no type is given. */
  remove(name: string, type?: TestRecordType): this {
    if (type === undefined) this.zone.delete(key(name));
    else this.set(name, type);
    return this;
  }

  /** Removes every record and every per-name mode (not the query log: see `resetQueries`). */
  clear(): this {
    this.zone.clear();
    this.modes.clear();
    return this;
  }

  /** Queries for `name` get SERVFAIL. */
  servfail(name: string): this {
    this.modes.set(key(name), 'servfail');
    return this;
  }

  /** Queries for `name` get REFUSED. */
  refuse(name: string): this {
    this.modes.set(key(name), 'refuse');
    return this;
  }

  /** Queries for `name` are never answered (the client times out). */
  blackhole(name: string): this {
    this.modes.set(key(name), 'blackhole');
    return this;
  }

  /** Queries for `name` are answered from its records again. */
  healthy(name: string): this {
    this.modes.delete(key(name));
    return this;
  }

  resetQueries(): void {
    this.queries.length = 0;
  }

  /** Stores an rrset (empty: deletes it), dropping names left without records. */
  private put(name: string, type: TestRecordType, rrset: Answer[]): this {
    const rrsets = this.zone.get(key(name)) ?? new Map<TestRecordType, Answer[]>();
    if (rrset.length > 0) rrsets.set(type, rrset);
    else rrsets.delete(type);
    if (rrsets.size > 0) this.zone.set(key(name), rrsets);
    else this.zone.delete(key(name));
    return this;
  }

  private onUdpMessage(message: Buffer, remote: RemoteInfo): void {
    const response = this.respond(message, 'udp');
    if (!response) return;
    let wire = dnsPacket.encode(response);
    if (wire.length > MAX_UDP_PAYLOAD) {
      wire = dnsPacket.encode({
        ...response,
        flags: (response.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE,
        answers: [],
        authorities: [],
        additionals: [],
      });
    }
    this.udp.send(wire, remote.port, remote.address);
  }

  private onTcpConnection(socket: Socket): void {
    this.connections.add(socket);
    socket.on('close', () => this.connections.delete(socket));
    socket.on('error', () => socket.destroy()); // clients may reset; nothing to report
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      // Each message is preceded by its length on two bytes; a chunk may hold several or a part.
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const message = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
        buffered = buffered.subarray(2 + message.length);
        const response = this.respond(message, 'tcp');
        if (response) socket.write(dnsPacket.streamEncode(response));
      }
    });
  }

  /** The response to one wire-format message, or undefined when it gets none (garbage, blackhole). */
  private respond(message: Buffer, transport: TestDnsQuery['transport']): Packet | undefined {
    let query: DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return undefined;
    }
    if (query.type !== 'query') return undefined;
    const questions = query.questions ?? [];
    const reply = (rcode: number, sections: Pick<Packet, 'answers' | 'authorities'> = {}): Packet => ({
      type: 'response',
      id: query.id,
      flags:
        dnsPacket.AUTHORITATIVE_ANSWER |
        ((query.flags ?? 0) & (OPCODE_MASK | dnsPacket.RECURSION_DESIRED)) |
        rcode,
      questions,
      ...sections,
    });
    if (((query.flags ?? 0) & OPCODE_MASK) !== 0) return reply(RCODE.NOTIMP);
    const [question] = questions;
    if (!question || questions.length > 1) return reply(RCODE.FORMERR);

    this.queries.push({ name: question.name, type: question.type, transport });
    const name = key(question.name);
    switch (this.modes.get(name)) {
      case 'blackhole':
        return undefined;
      case 'servfail':
        return reply(RCODE.SERVFAIL);
      case 'refuse':
        return reply(RCODE.REFUSED);
    }

    const rrsets = this.zone.get(name);
    const answers = rrsets?.get(question.type as TestRecordType) ?? rrsets?.get('CNAME');
    if (answers) return reply(RCODE.NOERROR, { answers: answers.map((a) => ({ ...a, name: question.name })) });
    const authorities = this.enclosingSoa(name);
    const exists = rrsets !== undefined || [...this.zone.keys()].some((owner) => owner.endsWith(`.${name}`));
    return reply(exists ? RCODE.NOERROR : RCODE.NXDOMAIN, { authorities });
  }

  /** The SOA of the closest enclosing name (the name itself or an ancestor) that has one. */
  private enclosingSoa(name: string): Answer[] {
    const labels = name.split('.');
    for (let i = 0; i < labels.length; i++) {
      const owner = labels.slice(i).join('.');
      const soa = this.zone.get(owner)?.get('SOA');
      if (soa) return soa.map((answer) => ({ ...answer, name: owner }));
    }
    return [];
  }
}

/** Lookup key for a name: case-insensitive, trailing dot ignored. */
function key(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** A record ready to encode; its owner name is filled in with the question's when answering. */
function toAnswer(record: TestRecord): Answer {
  const base = { name: '', ttl: 0 } as const;
  switch (record.type) {
    case 'CNAME':
    case 'NS':
      return { ...base, type: record.type, data: record.value.replace(/\.$/, '') };
    case 'A':
      if (!isIPv4(record.value)) throw new Error(`A record value "${record.value}" is not an IPv4 address`);
      return { ...base, type: 'A', data: record.value };
    case 'TXT': {
      // Buffers, not strings: dns-packet converts string chunks in place while encoding.
      const chunks = (Array.isArray(record.value) ? record.value : [record.value]).map((s) => Buffer.from(s));
      const tooLong = chunks.find((chunk) => chunk.length > 255);
      if (tooLong) throw new Error(`TXT character-string of ${tooLong.length} bytes: at most 255 allowed`);
      return { ...base, type: 'TXT', data: chunks };
    }
    case 'MX':
      return { ...base, type: 'MX', data: { ...record.value } };
    case 'SOA':
      return { ...base, type: 'SOA', data: { ...record.value } };
  }
}
