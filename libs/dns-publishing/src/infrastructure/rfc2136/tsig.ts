import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TsigAlgorithm, TsigKey } from './tsig-key.js';

/**
 * TSIG (RFC 8945): signing a DNS message with a shared key and verifying a signed message, for the
 * HMAC-SHA256 and HMAC-SHA512 algorithms. `dns-packet` has no TSIG; everything TSIG is here.
 *
 * The MAC covers (§4.3): for a response, the request's MAC (its 2-byte size, then the MAC); the DNS
 * message as it was before the TSIG RR was added (ARCOUNT not counting it, the ID replaced by the
 * TSIG's Original ID); then the TSIG variables: key name and algorithm name (canonical wire form:
 * lower-case, uncompressed), CLASS ANY, TTL 0, Time Signed (48 bits), Fudge, Error, Other Len and
 * Other Data. Only single messages are handled (no TCP continuation with "timers only" MACs,
 * which only zone transfers use).
 */

export const TYPE_TSIG = 250;
const CLASS_ANY = 255;
/** RFC 8945 §10 recommends 300 seconds */
export const DEFAULT_FUDGE = 300;

/** TSIG error codes (RFC 8945 §3, and the IANA registry) by number. */
export const TSIG_ERROR_NAMES: Readonly<Record<number, string>> = {
  0: 'NOERROR',
  16: 'BADSIG',
  17: 'BADKEY',
  18: 'BADTIME',
  19: 'BADMODE',
  20: 'BADNAME',
  21: 'BADALG',
  22: 'BADTRUNC',
  23: 'BADCOOKIE',
};
export const TSIG_BADSIG = 16;
export const TSIG_BADKEY = 17;
export const TSIG_BADTIME = 18;

const HASHES: Record<TsigAlgorithm, { hash: string; length: number }> = {
  'hmac-sha256': { hash: 'sha256', length: 32 },
  'hmac-sha512': { hash: 'sha512', length: 64 },
};

/** The TSIG RR of a message, as read from the wire. */
export interface TsigRecord {
  /** lower-case, without the trailing dot */
  keyName: string;
  /** lower-case, without the trailing dot (`hmac-sha256`) */
  algorithm: string;
  /** seconds since the epoch */
  timeSigned: number;
  fudge: number;
  mac: Buffer;
  originalId: number;
  error: number;
  otherData: Buffer;
}

export interface SignOptions {
  /** seconds since the epoch */
  timeSigned: number;
  fudge?: number;
  /** the request's MAC, when signing a response */
  requestMac?: Buffer;
  /** the message's own ID unless given (a forwarder's message keeps the ID its client signed) */
  originalId?: number;
  /** a TSIG error code (0 unless a server answers a TSIG failure) */
  error?: number;
  otherData?: Buffer;
}

/** A name in canonical wire form (RFC 4034 §6.2): lower-case labels, uncompressed, ending with the root. */
function canonicalName(name: string): Buffer {
  const labels = name.toLowerCase().replace(/\.$/, '').split('.').filter((label) => label !== '');
  const parts: Buffer[] = [];
  for (const label of labels) {
    const bytes = Buffer.from(label, 'ascii');
    if (bytes.length > 63) throw new Error(`DNS label "${label}" is longer than 63 bytes`);
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

/** The TSIG variables of §4.3.3, in wire order. */
function variables(keyName: string, algorithm: string, timeSigned: number, fudge: number, error: number, otherData: Buffer): Buffer {
  const fixed = Buffer.alloc(6 + 2 + 2 + 2);
  fixed.writeUIntBE(timeSigned, 0, 6);
  fixed.writeUInt16BE(fudge, 6);
  fixed.writeUInt16BE(error, 8);
  fixed.writeUInt16BE(otherData.length, 10);
  const classTtl = Buffer.alloc(6);
  classTtl.writeUInt16BE(CLASS_ANY, 0);
  classTtl.writeUInt32BE(0, 2);
  return Buffer.concat([canonicalName(keyName), classTtl, canonicalName(algorithm), fixed, otherData]);
}

/** The DNS message as the MAC covers it: its ID replaced by the Original ID. */
function withId(message: Buffer, id: number): Buffer {
  const copy = Buffer.from(message);
  copy.writeUInt16BE(id, 0);
  return copy;
}

function mac(key: TsigKey, parts: Buffer[]): Buffer {
  const hmac = createHmac(HASHES[key.algorithm].hash, key.secret());
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

function requestMacPart(requestMac: Buffer | undefined): Buffer[] {
  if (requestMac === undefined) return [];
  const size = Buffer.alloc(2);
  size.writeUInt16BE(requestMac.length, 0);
  return [size, requestMac];
}

/** The length in bytes of the TSIG RR `key` adds to a message (for fitting messages into 64 kB). */
export function tsigRecordLength(key: TsigKey): number {
  const rdata = canonicalName(key.algorithm).length + 6 + 2 + 2 + HASHES[key.algorithm].length + 2 + 2 + 2;
  return canonicalName(key.name).length + 10 + rdata;
}

/**
 * Signs `message` (a complete DNS message without a TSIG RR) with `key`: answers the message with
 * the TSIG RR appended (ARCOUNT incremented) and the MAC, which the caller keeps to verify the
 * response. With a TSIG error BADSIG or BADKEY the RR carries no MAC (§5.3.2).
 */
export function signMessage(message: Buffer, key: TsigKey, options: SignOptions): { message: Buffer; mac: Buffer } {
  if (message.length < 12) throw new Error('a DNS message has a 12-byte header');
  const fudge = options.fudge ?? DEFAULT_FUDGE;
  const error = options.error ?? 0;
  const otherData = options.otherData ?? Buffer.alloc(0);
  const originalId = options.originalId ?? message.readUInt16BE(0);
  const unsignedError = error === TSIG_BADSIG || error === TSIG_BADKEY;
  const digest = unsignedError
    ? Buffer.alloc(0)
    : mac(key, [...requestMacPart(options.requestMac), withId(message, originalId), variables(key.name, key.algorithm, options.timeSigned, fudge, error, otherData)]);

  const algorithm = canonicalName(key.algorithm);
  const rdata = Buffer.alloc(algorithm.length + 10 + digest.length + 6 + otherData.length);
  let at = algorithm.copy(rdata, 0);
  rdata.writeUIntBE(options.timeSigned, at, 6);
  rdata.writeUInt16BE(fudge, at + 6);
  rdata.writeUInt16BE(digest.length, at + 8);
  at += 10;
  at += digest.copy(rdata, at);
  rdata.writeUInt16BE(originalId, at);
  rdata.writeUInt16BE(error, at + 2);
  rdata.writeUInt16BE(otherData.length, at + 4);
  otherData.copy(rdata, at + 6);

  const header = Buffer.alloc(10);
  header.writeUInt16BE(TYPE_TSIG, 0);
  header.writeUInt16BE(CLASS_ANY, 2);
  header.writeUInt32BE(0, 4);
  header.writeUInt16BE(rdata.length, 8);

  const signed = Buffer.concat([message, canonicalName(key.name), header, rdata]);
  signed.writeUInt16BE(message.readUInt16BE(10) + 1, 10);
  return { message: signed, mac: digest };
}

class Reader {
  constructor(
    private readonly buf: Buffer,
    public at: number,
  ) {}

  need(bytes: number): void {
    if (this.at + bytes > this.buf.length) throw new Error('the message ends in the middle of a record');
  }

  u16(): number {
    this.need(2);
    const value = this.buf.readUInt16BE(this.at);
    this.at += 2;
    return value;
  }

  u32(): number {
    this.need(4);
    const value = this.buf.readUInt32BE(this.at);
    this.at += 4;
    return value;
  }

  u48(): number {
    this.need(6);
    const value = this.buf.readUIntBE(this.at, 6);
    this.at += 6;
    return value;
  }

  bytes(length: number): Buffer {
    this.need(length);
    const value = Buffer.from(this.buf.subarray(this.at, this.at + length));
    this.at += length;
    return value;
  }

  /** A name, following compression pointers (only backwards, so a loop cannot happen). */
  name(): string {
    const labels: string[] = [];
    let at = this.at;
    let end: number | null = null;
    for (;;) {
      if (at >= this.buf.length) throw new Error('a name runs past the end of the message');
      const length = this.buf[at]!;
      if (length === 0) {
        at += 1;
        break;
      }
      if ((length & 0xc0) === 0xc0) {
        if (at + 1 >= this.buf.length) throw new Error('a name runs past the end of the message');
        const target = this.buf.readUInt16BE(at) & 0x3fff;
        if (target >= at) throw new Error('a name points forwards');
        end ??= at + 2;
        at = target;
        continue;
      }
      if ((length & 0xc0) !== 0) throw new Error('a name has an unknown label type');
      if (at + 1 + length > this.buf.length) throw new Error('a name runs past the end of the message');
      labels.push(this.buf.toString('latin1', at + 1, at + 1 + length));
      at += 1 + length;
    }
    this.at = end ?? at;
    return labels.join('.').toLowerCase();
  }
}

/**
 * Finds the TSIG RR of a message: null when it has none; throws when the message is malformed or
 * a TSIG RR is anywhere but last (§5.2: such a message is a FORMERR). `unsigned` is the message as
 * the MAC covers it, without the TSIG RR and with ARCOUNT decremented (its ID is still its own).
 */
export function splitTsig(message: Buffer): { unsigned: Buffer; tsig: TsigRecord } | null {
  const reader = new Reader(message, 0);
  reader.need(12);
  const counts = [message.readUInt16BE(4), message.readUInt16BE(6), message.readUInt16BE(8), message.readUInt16BE(10)] as const;
  reader.at = 12;
  for (let i = 0; i < counts[0]; i++) {
    reader.name();
    reader.bytes(4);
  }
  const records = counts[1] + counts[2] + counts[3];
  let last: { start: number; type: number; rdataAt: number; rdataLength: number; name: string } | null = null;
  for (let i = 0; i < records; i++) {
    const start = reader.at;
    const name = reader.name();
    const type = reader.u16();
    reader.u16(); // class
    reader.u32(); // TTL
    const rdataLength = reader.u16();
    const rdataAt = reader.at;
    reader.bytes(rdataLength);
    if (type === TYPE_TSIG && i !== records - 1) throw new Error('a TSIG record is not the last record of the message');
    last = { start, type, rdataAt, rdataLength, name };
  }
  if (reader.at !== message.length) throw new Error('the message has bytes after its last record');
  if (last === null || last.type !== TYPE_TSIG) return null;
  if (counts[3] === 0) throw new Error('the TSIG record is not in the additional section');

  const rdata = new Reader(message, last.rdataAt);
  const algorithm = rdata.name();
  const timeSigned = rdata.u48();
  const fudge = rdata.u16();
  const mac = rdata.bytes(rdata.u16());
  const originalId = rdata.u16();
  const error = rdata.u16();
  const otherData = rdata.bytes(rdata.u16());
  if (rdata.at !== last.rdataAt + last.rdataLength) throw new Error('the TSIG record’s length does not match its fields');

  const unsigned = Buffer.from(message.subarray(0, last.start));
  unsigned.writeUInt16BE(counts[3] - 1, 10);
  return { unsigned, tsig: { keyName: last.name, algorithm, timeSigned, fudge, mac, originalId, error, otherData } };
}

export type TsigVerdict =
  | { ok: true; tsig: TsigRecord }
  | { ok: false; error: 'FORMERR' | 'BADKEY' | 'BADSIG' | 'BADTIME'; detail: string; tsig?: TsigRecord };

/**
 * Verifies a signed message with `key` (§5.2 for requests, §5.3 and §5.4 for responses: give the
 * request's MAC as `requestMac`), in the RFC's order: the key (name and algorithm), the MAC
 * (only a MAC of the hash's full length is accepted), then the time (`now`, in seconds, within
 * the record's fudge).
 */
export function verifyMessage(message: Buffer, key: TsigKey, options: { now: number; requestMac?: Buffer }): TsigVerdict {
  let split: ReturnType<typeof splitTsig>;
  try {
    split = splitTsig(message);
  } catch (error) {
    return { ok: false, error: 'FORMERR', detail: error instanceof Error ? error.message : String(error) };
  }
  if (split === null) return { ok: false, error: 'FORMERR', detail: 'the message has no TSIG record' };
  const { unsigned, tsig } = split;
  if (tsig.keyName !== key.name || tsig.algorithm !== key.algorithm) {
    return { ok: false, error: 'BADKEY', detail: `signed with key ${tsig.keyName} (${tsig.algorithm}), not ${key.name} (${key.algorithm})`, tsig };
  }
  const expected = mac(key, [...requestMacPart(options.requestMac), withId(unsigned, tsig.originalId), variables(tsig.keyName, tsig.algorithm, tsig.timeSigned, tsig.fudge, tsig.error, tsig.otherData)]);
  if (tsig.mac.length !== expected.length) return { ok: false, error: 'BADSIG', detail: `its MAC is ${tsig.mac.length} bytes, not ${expected.length}`, tsig };
  if (!timingSafeEqual(tsig.mac, expected)) return { ok: false, error: 'BADSIG', detail: 'its MAC does not match', tsig };
  if (Math.abs(options.now - tsig.timeSigned) > tsig.fudge) {
    return { ok: false, error: 'BADTIME', detail: `signed at ${tsig.timeSigned}, ${options.now - tsig.timeSigned} s from our clock (fudge ${tsig.fudge} s)`, tsig };
  }
  return { ok: true, tsig };
}
