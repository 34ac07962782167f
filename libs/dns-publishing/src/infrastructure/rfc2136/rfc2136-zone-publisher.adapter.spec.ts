import { createServer, type Server, type Socket } from 'node:net';
import type { RRset } from '../../domain/rrset.js';
import { ZonePublishError } from '../../domain/zone-publish-error.js';
import { Rfc2136ZonePublisher } from './rfc2136-zone-publisher.adapter.js';
import { signMessage, splitTsig, TSIG_BADSIG, TSIG_BADTIME, verifyMessage } from './tsig.js';
import { TsigKey } from './tsig-key.js';

/**
 * The adapter's side of the conversation, against a scripted server on loopback (signing with
 * our own TSIG code: test/bind checks both against BIND). Each request is answered by `answer`.
 */
type Answer = (request: Buffer, mac: Buffer) => Buffer | 'silence' | 'close';

const ZONE = 'email.cmtest.nl';
const KEY = new TsigKey('sds-publisher', 'hmac-sha256', Buffer.alloc(32, 3));
const OTHER_KEY = new TsigKey('sds-publisher', 'hmac-sha256', Buffer.alloc(32, 4));
const now = () => Math.floor(Date.now() / 1000);

/** The server's answer to `request`: same ID and zone section, QR set, `rcode`, signed over the request's MAC unless `unsigned`. */
function reply(request: Buffer, mac: Buffer, rcode: number, options: { key?: TsigKey; unsigned?: boolean; error?: number; otherData?: Buffer; id?: number } = {}): Buffer {
  const unsigned = splitTsig(request)!.unsigned;
  // header and zone section only (RFC 2136 §3.8: the answer may echo the zone)
  let end = 12;
  while (unsigned[end] !== 0) end += 1 + unsigned[end]!;
  const answer = Buffer.from(unsigned.subarray(0, end + 5));
  answer.writeUInt16BE(options.id ?? request.readUInt16BE(0), 0);
  answer.writeUInt16BE(0x8000 | (5 << 11) | rcode, 2);
  answer.writeUInt16BE(0, 8);
  answer.writeUInt16BE(0, 10);
  if (options.unsigned) return answer;
  return signMessage(answer, options.key ?? KEY, { timeSigned: now(), requestMac: options.error === TSIG_BADSIG ? undefined : mac, error: options.error, otherData: options.otherData }).message;
}

class ScriptedServer {
  readonly requests: Buffer[] = [];
  private readonly sockets = new Set<Socket>();
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(answer: Answer): Promise<ScriptedServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const scripted = new ScriptedServer(server, (server.address() as { port: number }).port);
    server.on('connection', (socket) => {
      scripted.sockets.add(socket);
      let pending = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
          const request = Buffer.from(pending.subarray(2, 2 + pending.readUInt16BE(0)));
          pending = pending.subarray(2 + request.length);
          scripted.requests.push(request);
          const verdict = verifyMessage(request, KEY, { now: now() });
          const out = answer(request, verdict.ok ? verdict.tsig.mac : Buffer.alloc(0));
          if (out === 'close') socket.destroy();
          else if (out !== 'silence') {
            const length = Buffer.alloc(2);
            length.writeUInt16BE(out.length, 0);
            socket.write(Buffer.concat([length, out]));
          }
        }
      });
    });
    return scripted;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const txt = (name: string, values = ['x']): RRset => ({ name: `${name}.${ZONE}`, type: 'TXT', ttl: 300, values });
/** enough RRsets for three UPDATE messages */
const threeMessages = () => Array.from({ length: 700 }, (_, i) => txt(`n${i}`, [`${'v'.repeat(180)}`]));

/**
 * A publisher against a scripted server. Its timeout is long unless a test waits for it: on a
 * loaded machine, three signed UPDATEs of 130 kB and their verification have taken longer than
 * 0.3 s each.
 */
async function withServer(answer: Answer, test: (server: ScriptedServer, publisher: Rfc2136ZonePublisher) => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const server = await ScriptedServer.start(answer);
  try {
    await test(server, new Rfc2136ZonePublisher({ server: { host: '127.0.0.1', port: server.port }, tsig: KEY, timeoutMs }));
  } finally {
    await server.stop();
  }
}

async function failure(promise: Promise<unknown>): Promise<ZonePublishError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ZonePublishError);
    return error as ZonePublishError;
  }
  throw new Error('expected a ZonePublishError');
}

describe('Rfc2136ZonePublisher', () => {
  it('sends signed UPDATE messages one after the other on one connection and reports them', async () => {
    await withServer(
      (request, mac) => reply(request, mac, 0),
      async (server, publisher) => {
        const report = await publisher.apply(ZONE, threeMessages());
        expect(report.requests).toBe(3);
        expect(server.requests).toHaveLength(3);
        expect(report.bytes).toBe(server.requests.reduce((n, r) => n + r.length, 0));
        for (const request of server.requests) {
          expect(request.length).toBeLessThanOrEqual(65_535);
          expect(verifyMessage(request, KEY, { now: now() })).toMatchObject({ ok: true, tsig: { keyName: 'sds-publisher', algorithm: 'hmac-sha256', fudge: 300 } });
        }
        expect(new Set(server.requests.map((r) => r.readUInt16BE(0))).size).toBe(3);
        expect(publisher.target).toBe(`127.0.0.1:${server.port}`);
      },
    );
  });

  it('sends nothing for no RRsets', async () => {
    await withServer(
      () => 'close',
      async (server, publisher) => {
        expect(await publisher.apply(ZONE, [])).toEqual({ requests: 0, bytes: 0 });
        expect(server.requests).toHaveLength(0);
      },
    );
  });

  it('stops at the first refusal, saying how far it got', async () => {
    let answered = 0;
    await withServer(
      (request, mac) => reply(request, mac, ++answered === 2 ? 5 : 0),
      async (s, publisher) => {
        const error = await failure(publisher.apply(ZONE, threeMessages()));
        expect(error).toMatchObject({ retryable: false, reason: 'REFUSED' });
        expect(error.message).toMatch(/^DNS UPDATE of zone email\.cmtest\.nl at 127\.0\.0\.1:\d+ failed: the server refused the update: .* \(REFUSED\) \(1 of 3 UPDATE messages were applied before\)$/);
        expect(s.requests).toHaveLength(2);
      },
    );
  });

  it('retries SERVFAIL (retryable), not NOTZONE', async () => {
    await withServer(
      (request, mac) => reply(request, mac, 2),
      async (_, publisher) => expect(await failure(publisher.apply(ZONE, [txt('a')]))).toMatchObject({ retryable: true, reason: 'SERVFAIL' }),
    );
    await withServer(
      (request, mac) => reply(request, mac, 10),
      async (_, publisher) => expect(await failure(publisher.apply(ZONE, [txt('a')]))).toMatchObject({ retryable: false, reason: 'NOTZONE' }),
    );
  });

  it('takes the unsigned BADSIG answer of RFC 8945 §5.3.2 as the refusal it is', async () => {
    await withServer(
      (request, mac) => reply(request, mac, 9, { error: TSIG_BADSIG }),
      async (_, publisher) => {
        const error = await failure(publisher.apply(ZONE, [txt('a')]));
        expect(error).toMatchObject({ retryable: false, reason: 'BADSIG' });
        expect(error.message).toContain("the secret of key sds-publisher differs from the server's (NOTAUTH, TSIG error BADSIG)");
      },
    );
  });

  it("names the server's clock from a signed BADTIME answer", async () => {
    const serverTime = Buffer.alloc(6);
    serverTime.writeUIntBE(now() + 3600, 0, 6);
    await withServer(
      (request, mac) => reply(request, mac, 9, { error: TSIG_BADTIME, otherData: serverTime }),
      async (_, publisher) => {
        const error = await failure(publisher.apply(ZONE, [txt('a')]));
        expect(error).toMatchObject({ retryable: false, reason: 'BADTIME' });
        expect(error.message).toMatch(/its clock says .*, ours .* \(360\d s apart\), more than the 300 s allowed/);
      },
    );
  });

  it.each([
    ['unsigned', (request: Buffer, mac: Buffer) => reply(request, mac, 0, { unsigned: true }), 'UNSIGNED', /answered NOERROR without signing it: the answer cannot be trusted/],
    ['signed with another secret', (request: Buffer, mac: Buffer) => reply(request, mac, 0, { key: OTHER_KEY }), 'UNVERIFIED', /not signed by key sds-publisher over our request \(BADSIG: its MAC does not match\)/],
    ['signed without our MAC', (request: Buffer) => reply(request, Buffer.alloc(0), 0), 'UNVERIFIED', /not signed by key sds-publisher over our request/],
    ['for another message', (request: Buffer, mac: Buffer) => reply(request, mac, 0, { id: (request.readUInt16BE(0) + 1) % 65536 }), 'FORMERR', /the server answered another message/],
  ])('does not trust a NOERROR answer %s (retryable)', async (_, answer, reason, message) => {
    await withServer(answer, async (__, publisher) => {
      const error = await failure(publisher.apply(ZONE, [txt('a')]));
      expect(error).toMatchObject({ retryable: true, reason });
      expect(error.message).toMatch(message);
    });
  });

  it('names an unsigned refusal as what it says', async () => {
    await withServer(
      (request, mac) => reply(request, mac, 5, { unsigned: true }),
      async (_, publisher) => expect(await failure(publisher.apply(ZONE, [txt('a')]))).toMatchObject({ retryable: false, reason: 'REFUSED', message: expect.stringContaining('(REFUSED), in an unsigned answer') }),
    );
  });

  it('gives up on a server that does not answer, or closes the connection (retryable)', async () => {
    await withServer(
      () => 'silence',
      async (_, publisher) =>
        expect(await failure(publisher.apply(ZONE, [txt('a')]))).toMatchObject({ retryable: true, reason: 'TIMEOUT', message: expect.stringMatching(/failed: no answer from 127\.0\.0\.1:\d+ within 0\.3 s$/) }),
      300,
    );
    await withServer(
      () => 'close',
      async (_, publisher) => expect(await failure(publisher.apply(ZONE, [txt('a')]))).toMatchObject({ retryable: true, reason: 'CLOSED', message: expect.stringContaining('closed the connection before answering') }),
    );
  });

  it('says the TCP connection was refused (retryable)', async () => {
    const server = await ScriptedServer.start(() => 'close');
    const port = server.port;
    await server.stop();
    const publisher = new Rfc2136ZonePublisher({ server: { host: '127.0.0.1', port }, tsig: KEY, timeoutMs: 300 });
    expect(await failure(publisher.apply(ZONE, [txt('a')]))).toMatchObject({ retryable: true, reason: 'ECONNREFUSED', message: expect.stringContaining(`127.0.0.1:${port} refused the TCP connection`) });
  });
});
