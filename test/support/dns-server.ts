import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIPv4, isIPv6, type Server, type Socket } from 'node:net';
import dnsPacket, { type Answer, type DecodedPacket, type Packet, type SoaData } from 'dns-packet';

/** Record types the test server can publish. */
export type TestRecordType = 'CNAME' | 'DNAME' | 'TXT' | 'MX' | 'NS' | 'SOA' | 'A' | 'AAAA' | 'PTR' | 'SPF';

/**
 * The value of one record, per type. TXT: a string is one record with one character-string,
 * a string[] is ONE record made of several character-strings (each at most 255 bytes); SPF (type
 * 99, RFC 7208 §3.1: published by some, never to be asked for) has the same data as TXT.
 */
export interface TestRecordValues {
  CNAME: string;
  DNAME: string;
  NS: string;
  A: string;
  AAAA: string;
  TXT: string | string[];
  SPF: string | string[];
  PTR: string;
  MX: { preference: number; exchange: string };
  SOA: SoaData;
}

/** How the server treats queries for a name, instead of answering from its records. */
export type TestNameMode = 'servfail' | 'refuse' | 'blackhole' | 'lame';

/**
 * A zone cut: `zone` is delegated to `servers`. As an authoritative server for the parent, this
 * server answers every name at or below the cut with a referral. As a recursive resolver it
 * reaches the delegated servers: `dead` ones fail (SERVFAIL), `empty` ones hold nothing (so the
 * records this server has below the cut, "published in the parent", are not seen), `serving`
 * ones hold the records this server has below the cut.
 */
export interface TestDelegation {
  servers: string[];
  state: 'dead' | 'empty' | 'serving';
}

/** `authoritative` (the default): AA set, no recursion, CNAMEs never followed. `recursive`: RA set, chains followed. */
export type TestServerRole = 'authoritative' | 'recursive';

/** One question the server received (name as asked, without trailing dot). */
export interface TestDnsQuery {
  name: string;
  type: string;
  transport: 'udp' | 'tcp';
  /** the client's source port (UDP) */
  port?: number;
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
  /**
   * How many owners lie below each name (empty non-terminals included): whether a name exists is
   * then one lookup, not a scan of the zone (a sweep's NXDOMAIN answers, against a zone of tens of
   * thousands of names, made this server the benchmark's limit).
   */
  private readonly below = new Map<string, number>();
  private readonly modes = new Map<string, TestNameMode>();
  /** names whose questions go unanswered (a timeout), but for the types listed */
  private readonly timeouts = new Map<string, ReadonlySet<string>>();
  /** every UDP answer waits this long (a slow server); 0: answered at once */
  private delayMs = 0;
  private readonly cuts = new Map<string, TestDelegation>();
  private readonly connections = new Set<Socket>();
  /** how this server answers; switch freely between tests */
  role: TestServerRole = 'authoritative';
  /** leave out the CNAME a DNAME synthesises (as old servers do), so clients synthesise it */
  omitSynthesizedCname = false;

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
    if (type === undefined) this.dropOwner(key(name));
    else this.set(name, type);
    return this;
  }

  /** Removes every record, delegation and per-name mode, and answers as authoritative again (not the query log: see `resetQueries`). */
  clear(): this {
    this.zone.clear();
    this.below.clear();
    this.modes.clear();
    this.timeouts.clear();
    this.delayMs = 0;
    this.cuts.clear();
    this.role = 'authoritative';
    this.omitSynthesizedCname = false;
    return this;
  }

  /** Delegates `zone` to `servers` (see TestDelegation). */
  delegate(zone: string, servers: string[], state: TestDelegation['state'] = 'dead'): this {
    this.cuts.set(key(zone), { servers, state });
    return this;
  }

  /** Queries for `name` get an empty, non-authoritative answer without referral (a lame server). */
  lame(name: string): this {
    this.modes.set(key(name), 'lame');
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

  /**
   * Queries for `name` are never answered (the client times out), except those for the types in
   * `answered`, which get the name's records as usual: the OpenSPF test suite's `TIMEOUT` entry,
   * which follows the records still served.
   */
  timeout(name: string, answered: readonly TestRecordType[] = []): this {
    this.timeouts.set(key(name), new Set(answered));
    return this;
  }

  /** Queries for `name` are answered from its records again. */
  healthy(name: string): this {
    this.modes.delete(key(name));
    this.timeouts.delete(key(name));
    return this;
  }

  /** Every UDP answer is sent `ms` later (a slow server); 0 answers at once again. */
  slow(ms: number): this {
    this.delayMs = ms;
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
    if (rrsets.size > 0) {
      if (!this.zone.has(key(name))) this.countBelow(key(name), 1);
      this.zone.set(key(name), rrsets);
    } else this.dropOwner(key(name));
    return this;
  }

  private dropOwner(name: string): void {
    if (this.zone.delete(name)) this.countBelow(name, -1);
  }

  /** Adds `delta` to the count of owners below each ancestor of `owner`. */
  private countBelow(owner: string, delta: 1 | -1): void {
    for (let dot = owner.indexOf('.'); dot !== -1; dot = owner.indexOf('.', dot + 1)) {
      const ancestor = owner.slice(dot + 1);
      const n = (this.below.get(ancestor) ?? 0) + delta;
      if (n > 0) this.below.set(ancestor, n);
      else this.below.delete(ancestor);
    }
  }

  /** The name owns records, or names below it do (an empty non-terminal). */
  private existsInZone(name: string): boolean {
    return this.zone.has(name) || this.below.has(name);
  }

  private onUdpMessage(message: Buffer, remote: RemoteInfo): void {
    const response = this.respond(message, 'udp', remote.port);
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
    if (this.delayMs > 0) setTimeout(() => this.udp.send(wire, remote.port, remote.address), this.delayMs);
    else this.udp.send(wire, remote.port, remote.address);
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
  private respond(message: Buffer, transport: TestDnsQuery['transport'], port?: number): Packet | undefined {
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

    this.queries.push({ name: question.name, type: question.type, transport, ...(port === undefined ? {} : { port }) });
    const name = key(question.name);
    switch (this.modes.get(name)) {
      case 'blackhole':
        return undefined;
      case 'servfail':
        return reply(RCODE.SERVFAIL);
      case 'refuse':
        return reply(RCODE.REFUSED);
      case 'lame':
        return { ...reply(RCODE.NOERROR), flags: (query.flags ?? 0) & dnsPacket.RECURSION_DESIRED };
    }
    const answeredDespiteTimeout = this.timeouts.get(name);
    if (answeredDespiteTimeout && !answeredDespiteTimeout.has(question.type)) return undefined;
    const type = question.type as TestRecordType;
    if (this.role === 'recursive') return this.resolveRecursively(question.name, type, reply, query.flags ?? 0);

    const cut = this.cutAt(name);
    if (cut) {
      // a referral: not authoritative (AA clear), the delegation's NS records in the authority section
      const authorities: Answer[] = cut.delegation.servers.map((server) => ({ name: cut.zone, type: 'NS', ttl: 0, data: server.replace(/\.$/, '') }));
      return { ...reply(RCODE.NOERROR, { authorities }), flags: (query.flags ?? 0) & dnsPacket.RECURSION_DESIRED };
    }
    const found = this.recordsAt(question.name, type);
    if (found.answers.length > 0) return reply(RCODE.NOERROR, { answers: found.answers });
    return reply(found.exists ? RCODE.NOERROR : RCODE.NXDOMAIN, { authorities: this.enclosingSoa(name) });
  }

  /**
   * Records answering (qname, type) at one name, as an authoritative server has them: the rrset of
   * the type; else the name's CNAME; else a DNAME above it with the CNAME it synthesises; else a
   * wildcard at the closest encloser of a name that does not exist.
   */
  private recordsAt(qname: string, type: TestRecordType): { answers: Answer[]; exists: boolean; next?: string } {
    const name = key(qname);
    const owned = (rrsets: Map<TestRecordType, Answer[]> | undefined, owner: string) => {
      const rrset = rrsets?.get(type);
      if (rrset) return { answers: rrset.map((a) => ({ ...a, name: owner })), exists: true };
      const cname = rrsets?.get('CNAME');
      if (cname) return { answers: cname.map((a) => ({ ...a, name: owner })), exists: true, next: String((cname[0] as { data: unknown }).data) };
      return undefined;
    };
    const direct = owned(this.zone.get(name), qname);
    if (direct) return direct;
    const dname = this.dnameAbove(name);
    if (dname) {
      const target = `${name.slice(0, name.length - dname.owner.length - 1)}.${dname.target}`;
      const synthesized: Answer = { name: qname, type: 'CNAME', ttl: 0, data: target };
      return { answers: [{ ...dname.record, name: dname.owner }, ...(this.omitSynthesizedCname ? [] : [synthesized])], exists: true, next: target };
    }
    const exists = this.existsInZone(name);
    if (exists) return { answers: [], exists };
    const encloser = this.closestEncloser(name);
    const wildcard = encloser === undefined ? undefined : owned(this.zone.get(`*.${encloser}`), qname);
    return wildcard ?? { answers: [], exists: false };
  }

  /** Answers as a recursive resolver would: follows aliases, reaches delegated zones, RA set, AA clear. */
  private resolveRecursively(qname: string, type: TestRecordType, reply: (rcode: number, sections?: Pick<Packet, 'answers' | 'authorities'>) => Packet, queryFlags: number): Packet {
    const asResolver = (packet: Packet): Packet => ({ ...packet, flags: (queryFlags & dnsPacket.RECURSION_DESIRED) | dnsPacket.RECURSION_AVAILABLE | ((packet.flags ?? 0) & 0xf) });
    const answers: Answer[] = [];
    const seen = new Set<string>();
    let current = qname;
    for (let hops = 0; hops < 16 && !seen.has(key(current)); hops++) {
      seen.add(key(current));
      const cut = this.cutAt(key(current));
      if (cut?.delegation.state === 'dead') return asResolver(reply(RCODE.SERVFAIL));
      if (cut && key(current) === cut.zone && type === 'NS') {
        const ns: Answer[] = cut.delegation.servers.map((server) => ({ name: current, type: 'NS', ttl: 0, data: server.replace(/\.$/, '') }));
        return asResolver(reply(RCODE.NOERROR, { answers: [...answers, ...ns] }));
      }
      if (cut?.delegation.state === 'empty') {
        const apex = key(current) === cut.zone;
        return asResolver(reply(apex ? RCODE.NOERROR : RCODE.NXDOMAIN, { answers }));
      }
      const found = this.recordsAt(current, type);
      answers.push(...found.answers);
      if (found.next === undefined || found.answers.some((a) => a.type === type)) {
        const rcode = found.answers.length > 0 || found.exists ? RCODE.NOERROR : RCODE.NXDOMAIN;
        return asResolver(reply(rcode, { answers, authorities: found.answers.length > 0 ? [] : this.enclosingSoa(key(current)) }));
      }
      current = found.next;
    }
    return asResolver(reply(RCODE.NOERROR, { answers })); // a loop, or a chain too long: what was found
  }

  /** The delegation at `name` or above it, if any. */
  private cutAt(name: string): { zone: string; delegation: TestDelegation } | undefined {
    const labels = name.split('.');
    for (let i = 0; i < labels.length; i++) {
      const zone = labels.slice(i).join('.');
      const delegation = this.cuts.get(zone);
      if (delegation) return { zone, delegation };
    }
    return undefined;
  }

  /** The DNAME at a proper ancestor of `name`, if any. */
  private dnameAbove(name: string): { owner: string; target: string; record: Answer } | undefined {
    const labels = name.split('.');
    for (let i = 1; i < labels.length; i++) {
      const owner = labels.slice(i).join('.');
      const record = this.zone.get(owner)?.get('DNAME')?.[0];
      if (record) return { owner, target: String((record as { data: unknown }).data), record };
    }
    return undefined;
  }

  /** The longest existing ancestor of a name that does not exist (RFC 4592). */
  private closestEncloser(name: string): string | undefined {
    const labels = name.split('.');
    for (let i = 1; i < labels.length; i++) {
      const ancestor = labels.slice(i).join('.');
      if (this.existsInZone(ancestor)) return ancestor;
    }
    return undefined;
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

/** TXT data as character-strings of at most 255 bytes each (UTF-8), in one record. */
function characterStrings(value: string | string[]): Buffer[] {
  const chunks = (Array.isArray(value) ? value : [value]).map((s) => Buffer.from(s));
  const tooLong = chunks.find((chunk) => chunk.length > 255);
  if (tooLong) throw new Error(`TXT character-string of ${tooLong.length} bytes: at most 255 allowed`);
  return chunks;
}

/** A record ready to encode; its owner name is filled in with the question's when answering. */
function toAnswer(record: TestRecord): Answer {
  const base = { name: '', ttl: 0 } as const;
  switch (record.type) {
    case 'CNAME':
    case 'DNAME':
    case 'NS':
    case 'PTR':
      return { ...base, type: record.type, data: record.value.replace(/\.$/, '') };
    case 'A':
      if (!isIPv4(record.value)) throw new Error(`A record value "${record.value}" is not an IPv4 address`);
      return { ...base, type: 'A', data: record.value };
    case 'AAAA':
      if (!isIPv6(record.value)) throw new Error(`AAAA record value "${record.value}" is not an IPv6 address`);
      return { ...base, type: 'AAAA', data: record.value };
    case 'TXT': {
      // Buffers, not strings: dns-packet converts string chunks in place while encoding.
      return { ...base, type: 'TXT', data: characterStrings(record.value) };
    }
    case 'SPF': {
      // dns-packet has no codec for type 99: its rdata is written as TXT's, raw
      const rdata = Buffer.concat(characterStrings(record.value).flatMap((chunk) => [Buffer.from([chunk.length]), chunk]));
      return { ...base, type: 'SPF', data: rdata } as unknown as Answer;
    }
    case 'MX':
      return { ...base, type: 'MX', data: { ...record.value } };
    case 'SOA':
      return { ...base, type: 'SOA', data: { ...record.value } };
  }
}
