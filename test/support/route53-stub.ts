import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** One record set the stub holds, as Route 53 keeps it: an absolute name, lower-case. */
export interface StubRecordSet {
  name: string;
  type: string;
  ttl: number;
  values: string[];
  setIdentifier?: string;
}

export interface StubRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  authorization: string | undefined;
}

interface StubChange {
  action: string;
  set: StubRecordSet;
}

/** Route 53's own limits on one ChangeResourceRecordSets request (an UPSERT counts twice). */
const LIMITS = { changes: 1000, records: 1000, characters: 32_000 };
const XMLNS = 'https://route53.amazonaws.com/doc/2013-04-01/';

const unescapeXml = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|apos|#x[0-9a-f]+|#\d+);/gi, (_, entity: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (named[entity]) return named[entity]!;
    return String.fromCodePoint(entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
  });
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const tag = (xml: string, name: string) => {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return match ? unescapeXml(match[1]!) : undefined;
};
const key = (name: string, type: string, setIdentifier?: string) => `${name.toLowerCase()}|${type}|${setIdentifier ?? ''}`;
/**
 * Route 53's listing order: by name with its labels reversed (com, example, www), label by label,
 * a name before the names below it; then by type.
 */
function compare(a: { name: string; type: string }, b: { name: string; type: string }): number {
  const la = a.name.toLowerCase().replace(/\.$/, '').split('.').reverse();
  const lb = b.name.toLowerCase().replace(/\.$/, '').split('.').reverse();
  for (let i = 0; i < Math.min(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return la[i]! < lb[i]! ? -1 : 1;
  }
  if (la.length !== lb.length) return la.length - lb.length;
  return a.type === b.type ? 0 : a.type < b.type ? -1 : 1;
}

/** A TXT value as Route 53 checks it: one or more quoted strings of at most 255 characters each (escapes counting as one). */
function txtProblem(value: string): string | null {
  const strings = value.match(/"(?:[^"\\]|\\.)*"/g);
  if (!strings || strings.join(' ') !== value.trim()) return 'InvalidCharacterString (Value should be enclosed in quotation marks)';
  for (const s of strings) {
    const length = s.slice(1, -1).replace(/\\\d{3}|\\./g, 'x').length;
    if (length > 255) return 'TXTRDATATooLong (Value is too long)';
  }
  return null;
}

/**
 * A local Route 53 (REST-XML) for the tests, so the real AWS SDK talks real HTTP to it through
 * ROUTE53_ENDPOINT: ChangeResourceRecordSets (atomic batches, Route 53's limits and checks:
 * DELETE must match the set exactly, names inside the zone, TXT strings quoted and at most 255
 * characters), ListResourceRecordSets (in Route 53's order, paged), GetChange (PENDING for as
 * many polls as told, then INSYNC). It can throttle (400 Throttling), fail with 500, deny access
 * (403) or be down (connections reset), on demand.
 */
export class Route53Stub {
  readonly requests: StubRequest[] = [];
  private readonly zones = new Map<string, { name: string; sets: Map<string, StubRecordSet> }>();
  private readonly changeStatus = new Map<string, number>();
  private pendingPolls = 0;
  private throttled = 0;
  private failing = 0;
  private denied = 0;
  private isDown = false;
  /** runs before the next ChangeResourceRecordSets is applied (to change a set behind the client's back) */
  private beforeNextChange: (() => void) | null = null;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<Route53Stub> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const stub = new Route53Stub(server, (server.address() as { port: number }).port);
    server.on('request', (req, res) => void stub.handle(req, res));
    server.on('connection', (socket) => {
      stub.sockets.add(socket);
      socket.on('close', () => stub.sockets.delete(socket));
      if (stub.isDown) socket.destroy();
    });
    return stub;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A hosted zone with its SOA and NS, and the operator's own record sets. */
  addZone(id: string, name: string, sets: StubRecordSet[] = []): this {
    const zone = { name: `${name}.`, sets: new Map<string, StubRecordSet>() };
    for (const set of [
      { name: `${name}.`, type: 'SOA', ttl: 900, values: [`ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400`] },
      { name: `${name}.`, type: 'NS', ttl: 172800, values: ['ns-1.awsdns-01.org.', 'ns-2.awsdns-02.com.'] },
      ...sets,
    ]) {
      zone.sets.set(key(set.name, set.type, set.setIdentifier), set);
    }
    this.zones.set(id, zone);
    return this;
  }

  /** Every record set of a zone, in Route 53's order. */
  recordSets(id: string): StubRecordSet[] {
    return [...this.zones.get(id)!.sets.values()].sort(compare);
  }

  recordSet(id: string, name: string, type: string): StubRecordSet | undefined {
    return this.zones.get(id)!.sets.get(key(name, type));
  }

  /** Changes a record set as someone else would (the console, another tool). */
  put(id: string, set: StubRecordSet): this {
    this.zones.get(id)!.sets.set(key(set.name, set.type, set.setIdentifier), set);
    return this;
  }

  /** Runs `change` right before the next ChangeResourceRecordSets is applied. */
  beforeChange(change: () => void): this {
    this.beforeNextChange = change;
    return this;
  }

  /** New changes answer PENDING for `polls` GetChange calls, then INSYNC. */
  pendingFor(polls: number): this {
    this.pendingPolls = polls;
    return this;
  }

  /** The next `n` requests answer 400 Throttling (Rate exceeded). */
  throttle(n: number): this {
    this.throttled = n;
    return this;
  }

  /** The next `n` requests answer 500, with a body that must never reach a message. */
  fail(n: number): this {
    this.failing = n;
    return this;
  }

  /** The next `n` requests answer 403 AccessDenied. */
  deny(n: number): this {
    this.denied = n;
    return this;
  }

  /** Every connection is reset until `up()`. */
  down(): this {
    this.isDown = true;
    for (const socket of this.sockets) socket.destroy();
    return this;
  }

  up(): this {
    this.isDown = false;
    return this;
  }

  /** Requests of one operation: `POST` `/rrset` (ChangeResourceRecordSets), `GET` `/rrset` (List…), `GET` `/change/` (GetChange). */
  calls(method: string, fragment: string): StubRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.includes(fragment));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://stub');
    const request: StubRequest = { method: req.method ?? '', path: decodeURIComponent(url.pathname), query: url.searchParams, body: Buffer.concat(chunks).toString('utf8'), authorization: req.headers.authorization };
    this.requests.push(request);
    const send = (status: number, xml: string) => {
      res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomBytes(8).toString('hex') });
      res.end(`<?xml version="1.0"?>\n${xml}`);
    };
    const error = (status: number, code: string, message: string, type = status >= 500 ? 'Receiver' : 'Sender') =>
      send(status, `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${randomBytes(8).toString('hex')}</RequestId></ErrorResponse>`);

    if (this.throttled > 0) {
      this.throttled--;
      return error(400, 'Throttling', 'Rate exceeded');
    }
    if (this.failing > 0) {
      this.failing--;
      return error(500, 'InternalFailure', 'internal failure SECRET-RESPONSE-BODY');
    }
    if (this.denied > 0) {
      this.denied--;
      return error(403, 'AccessDenied', 'User: arn:aws:iam::123456789012:user/sds is not authorized to perform: route53:ChangeResourceRecordSets');
    }

    const change = /^\/2013-04-01\/change\/([^/]+)$/.exec(request.path);
    if (change && request.method === 'GET') {
      const left = this.changeStatus.get(change[1]!);
      if (left === undefined) return error(404, 'NoSuchChange', `A change with the specified change ID does not exist.`);
      this.changeStatus.set(change[1]!, Math.max(0, left - 1));
      return send(200, `<GetChangeResponse xmlns="${XMLNS}">${this.changeInfo(change[1]!, left > 0 ? 'PENDING' : 'INSYNC')}</GetChangeResponse>`);
    }
    const rrset = /^\/2013-04-01\/hostedzone\/([^/]+)\/rrset\/?$/.exec(request.path);
    if (!rrset) return error(404, 'NotFound', `no route ${request.method} ${request.path}`);
    const zone = this.zones.get(rrset[1]!);
    if (!zone) return error(404, 'NoSuchHostedZone', `No hosted zone found with ID: ${rrset[1]}`);

    if (request.method === 'GET') {
      const max = Math.min(Number(request.query.get('maxitems') ?? 300), 300);
      const startName = request.query.get('name');
      const startType = request.query.get('type');
      const sets = this.recordSets(rrset[1]!).filter((set) => !startName || compare(set, { name: startName, type: startType ?? '' }) >= 0);
      const page = sets.slice(0, max);
      const next = sets[max];
      return send(
        200,
        `<ListResourceRecordSetsResponse xmlns="${XMLNS}"><ResourceRecordSets>${page.map((set) => this.recordSetXml(set)).join('')}</ResourceRecordSets><IsTruncated>${next ? 'true' : 'false'}</IsTruncated>` +
          `${next ? `<NextRecordName>${escapeXml(next.name)}</NextRecordName><NextRecordType>${next.type}</NextRecordType>` : ''}<MaxItems>${max}</MaxItems></ListResourceRecordSetsResponse>`,
      );
    }
    if (request.method !== 'POST') return error(405, 'InvalidInput', 'method not allowed');

    const changes: StubChange[] = [...request.body.matchAll(/<Change>([\s\S]*?)<\/Change>/g)].map(([, xml]) => ({
      action: tag(xml!, 'Action') ?? '',
      set: {
        name: (tag(xml!, 'Name') ?? '').toLowerCase(),
        type: tag(xml!, 'Type') ?? '',
        ttl: Number(tag(xml!, 'TTL') ?? 0),
        values: [...xml!.matchAll(/<Value>([\s\S]*?)<\/Value>/g)].map(([, v]) => unescapeXml(v!)),
        setIdentifier: tag(xml!, 'SetIdentifier'),
      },
    }));
    const problems = this.check(zone, changes);
    if (problems.length > 0) return error(400, 'InvalidChangeBatch', `[${problems.join(', ')}]`);
    this.beforeNextChange?.();
    this.beforeNextChange = null;
    const after = new Map(zone.sets);
    for (const { action, set } of changes) {
      const k = key(set.name, set.type, set.setIdentifier);
      const current = after.get(k);
      const same = current && current.ttl === set.ttl && [...current.values].sort().join('\n') === [...set.values].sort().join('\n');
      if (action === 'DELETE' && !current) return error(400, 'InvalidChangeBatch', `[Tried to delete resource record set [name='${set.name}', type='${set.type}'] but it was not found]`);
      if (action === 'DELETE' && !same) return error(400, 'InvalidChangeBatch', `[Tried to delete resource record set [name='${set.name}', type='${set.type}'] but the values provided do not match the current values]`);
      if (action === 'CREATE' && current) return error(400, 'InvalidChangeBatch', `[Tried to create resource record set [name='${set.name}', type='${set.type}'] but it already exists]`);
      if (action === 'DELETE') after.delete(k);
      else after.set(k, set);
    }
    zone.sets.clear();
    for (const [k, set] of after) zone.sets.set(k, set);
    const id = `C${randomBytes(10).toString('hex').toUpperCase()}`;
    this.changeStatus.set(id, this.pendingPolls);
    return send(200, `<ChangeResourceRecordSetsResponse xmlns="${XMLNS}">${this.changeInfo(id, 'PENDING')}</ChangeResourceRecordSetsResponse>`);
  }

  /** Route 53's checks of a batch before anything is applied. */
  private check(zone: { name: string }, changes: StubChange[]): string[] {
    const problems: string[] = [];
    const weight = changes.reduce(
      (sum, { action, set }) => ({
        records: sum.records + set.values.length * (action === 'UPSERT' ? 2 : 1),
        characters: sum.characters + set.values.reduce((n, v) => n + v.length, 0) * (action === 'UPSERT' ? 2 : 1),
      }),
      { records: 0, characters: 0 },
    );
    if (changes.length === 0) problems.push('No changes in the request');
    if (changes.length > LIMITS.changes) problems.push(`Number of changes limit of ${LIMITS.changes} exceeded`);
    if (weight.records > LIMITS.records) problems.push(`Number of records limit of ${LIMITS.records} exceeded`);
    if (weight.characters > LIMITS.characters) problems.push(`Number of characters limit of ${LIMITS.characters} exceeded`);
    const seen = new Set<string>();
    for (const { action, set } of changes) {
      if (!['CREATE', 'UPSERT', 'DELETE'].includes(action)) problems.push(`Invalid action ${action}`);
      if (set.name !== zone.name && !set.name.endsWith(`.${zone.name}`)) problems.push(`RRSet with DNS name ${set.name} is not permitted in zone ${zone.name}`);
      const k = key(set.name, set.type, set.setIdentifier);
      if (seen.has(k)) problems.push(`The request contains an invalid set of changes for a resource record set '${set.type} ${set.name}'`);
      seen.add(k);
      if (set.type === 'TXT') {
        for (const value of set.values) {
          const problem = txtProblem(value);
          if (problem) problems.push(`Invalid Resource Record: 'FATAL problem: ${problem} encountered with '${value.slice(0, 40)}''`);
        }
      }
    }
    return problems;
  }

  private changeInfo(id: string, status: string): string {
    return `<ChangeInfo><Id>/change/${id}</Id><Status>${status}</Status><SubmittedAt>${new Date().toISOString()}</SubmittedAt></ChangeInfo>`;
  }

  private recordSetXml(set: StubRecordSet): string {
    return (
      `<ResourceRecordSet><Name>${escapeXml(set.name)}</Name><Type>${set.type}</Type>${set.setIdentifier ? `<SetIdentifier>${escapeXml(set.setIdentifier)}</SetIdentifier><Weight>10</Weight>` : ''}` +
      `<TTL>${set.ttl}</TTL><ResourceRecords>${set.values.map((v) => `<ResourceRecord><Value>${escapeXml(v)}</Value></ResourceRecord>`).join('')}</ResourceRecords></ResourceRecordSet>`
    );
  }
}
