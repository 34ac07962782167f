import { randomInt } from 'node:crypto';
import { DnsZonePublisher, type PublishReport } from '../../domain/dns-zone-publisher.port.js';
import type { RRset } from '../../domain/rrset.js';
import { ZonePublishError } from '../../domain/zone-publish-error.js';
import { ConnectionFailure, DnsTcpConnection } from './dns-tcp-connection.js';
import { signMessage, splitTsig, TSIG_BADKEY, TSIG_BADSIG, tsigRecordLength, verifyMessage } from './tsig.js';
import type { TsigKey } from './tsig-key.js';
import { buildUpdateMessages, MAX_MESSAGE_BYTES } from './update-message.js';
import { describeRefusal } from './update-refusal.js';
import { formatZoneServer, type ZoneServer } from './zone-server.js';

export interface Rfc2136Options {
  /** the zone's primary server (PROVIDER_ZONE_SERVER) */
  server: ZoneServer;
  /** the key the server's update-policy grants (PROVIDER_ZONE_TSIG) */
  tsig: TsigKey;
  /** per wait: connecting, and each answer (default 10 s) */
  timeoutMs?: number;
  /** the clock signatures are dated by, in milliseconds (tests move it) */
  now?: () => number;
}

const OPCODE_UPDATE = 5;

/** Thrown inside one exchange; becomes a ZonePublishError naming the zone, the server and the progress. */
class Failed extends Error {
  constructor(
    readonly sentence: string,
    readonly retryable: boolean,
    readonly reason: string,
  ) {
    super(sentence);
  }
}

/**
 * RFC 2136 dynamic updates over TCP to the zone's primary, signed with TSIG (RFC 8945). Each
 * apply opens one connection and sends its UPDATE messages one after the other (each within
 * 64 kB, RRsets never split), each answer checked before the next is sent: it must answer our
 * message, be signed by our key over our request's MAC (§5.3), and say NOERROR. The first
 * failure ends the apply; the messages before it stay applied, which is harmless since every
 * message states whole RRsets and a retry states them again.
 */
export class Rfc2136ZonePublisher extends DnsZonePublisher {
  readonly kind = 'rfc2136' as const;
  readonly target: string;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(private readonly options: Rfc2136Options) {
    super();
    this.target = formatZoneServer(options.server);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async apply(zone: string, rrsets: readonly RRset[]): Promise<PublishReport> {
    const messages = buildUpdateMessages(zone, rrsets, MAX_MESSAGE_BYTES - tsigRecordLength(this.options.tsig));
    let connection: DnsTcpConnection | null = null;
    let applied = 0;
    let bytes = 0;
    try {
      for (const message of messages) {
        connection ??= await DnsTcpConnection.open(this.options.server, this.timeoutMs);
        const id = randomInt(0, 0x10000);
        const body = Buffer.from(message.body);
        body.writeUInt16BE(id, 0);
        const request = signMessage(body, this.options.tsig, { timeSigned: this.seconds() });
        const answer = await connection.exchange(request.message, this.timeoutMs);
        this.check(answer, id, request.mac, zone);
        applied += 1;
        bytes += request.message.length;
      }
    } catch (error) {
      throw this.publishError(error, zone, applied, messages.length);
    } finally {
      connection?.close();
    }
    return { requests: applied, bytes };
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Throws Failed unless `answer` is our server's signed NOERROR to message `id`. */
  private check(answer: Buffer, id: number, requestMac: Buffer, zone: string): void {
    if (answer.length < 12) throw new Failed('the server sent a message too short to be a DNS answer', true, 'FORMERR');
    if (answer.readUInt16BE(0) !== id) throw new Failed(`the server answered another message (ID ${answer.readUInt16BE(0)} instead of ${id})`, true, 'FORMERR');
    const flags = answer.readUInt16BE(2);
    if ((flags & 0x8000) === 0 || ((flags >> 11) & 0xf) !== OPCODE_UPDATE) throw new Failed('the server sent something that is not an answer to an UPDATE', true, 'FORMERR');
    const rcode = flags & 0xf;
    const key = this.options.tsig;
    const context = { zone, keyName: key.name, algorithm: key.algorithm };

    let split: ReturnType<typeof splitTsig>;
    try {
      split = splitTsig(answer);
    } catch (error) {
      throw new Failed(`the server's answer is malformed (${(error as Error).message})`, true, 'FORMERR');
    }
    if (split === null) {
      // an unsigned answer proves nothing; an unsigned refusal is still a refusal worth naming
      if (rcode === 0) throw new Failed('the server answered NOERROR without signing it: the answer cannot be trusted, so the update may not have been applied', true, 'UNSIGNED');
      const refusal = describeRefusal(rcode, 0, context);
      throw new Failed(`${refusal.sentence}, in an unsigned answer`, refusal.retryable, refusal.reason);
    }
    const { tsig } = split;
    // RFC 8945 §5.3.2: a server that could not check our key or MAC answers without a MAC of its own
    if ((tsig.error === TSIG_BADSIG || tsig.error === TSIG_BADKEY) && tsig.mac.length === 0) {
      const refusal = describeRefusal(rcode, tsig.error, context);
      throw new Failed(refusal.sentence, refusal.retryable, refusal.reason);
    }
    const now = this.seconds();
    const verdict = verifyMessage(answer, key, { now, requestMac });
    if (!verdict.ok && verdict.error !== 'BADTIME') {
      throw new Failed(`the server's answer is not signed by key ${key.name} over our request (${verdict.error}: ${verdict.detail}): it may not come from the server, so the update may not have been applied`, true, 'UNVERIFIED');
    }
    if (tsig.error !== 0) {
      const clocks = tsig.otherData.length === 6 ? { server: tsig.otherData.readUIntBE(0, 6), ours: now } : undefined;
      const refusal = describeRefusal(rcode, tsig.error, { ...context, clocks });
      throw new Failed(refusal.sentence, refusal.retryable, refusal.reason);
    }
    if (!verdict.ok) {
      throw new Failed(`the server's signature is dated ${new Date(tsig.timeSigned * 1000).toISOString()}, ${Math.abs(now - tsig.timeSigned)} s from our clock (more than the ${tsig.fudge} s allowed): set both clocks right with NTP`, false, 'BADTIME');
    }
    if (rcode !== 0) {
      const refusal = describeRefusal(rcode, 0, context);
      throw new Failed(refusal.sentence, refusal.retryable, refusal.reason);
    }
  }

  private publishError(error: unknown, zone: string, applied: number, total: number): Error {
    if (error instanceof ZonePublishError) return error;
    const progress = total > 1 ? ` (${applied} of ${total} UPDATE messages were applied before)` : '';
    const lead = `DNS UPDATE of zone ${zone} at ${this.target} failed: `;
    if (error instanceof Failed) return new ZonePublishError(`${lead}${error.sentence}${progress}`, error.retryable, error.reason);
    if (error instanceof ConnectionFailure) return new ZonePublishError(`${lead}${error.message}${progress}`, true, error.code);
    return new ZonePublishError(`${lead}${error instanceof Error ? error.message : String(error)}${progress}`, true, 'ERROR');
  }
}
