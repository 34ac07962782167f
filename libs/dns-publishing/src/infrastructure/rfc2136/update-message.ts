import dnsPacket, { type Answer } from 'dns-packet';
import type { RRset, RRsetType } from '../../domain/rrset.js';
import { txtStrings } from '../../domain/txt-strings.js';
import { ZonePublishError } from '../../domain/zone-publish-error.js';

/** The largest DNS message TCP can carry (its 2-byte length prefix, RFC 1035 §4.2.2). */
export const MAX_MESSAGE_BYTES = 65_535;
const OPCODE_UPDATE = 5;
const CLASS_IN = 1;
const CLASS_ANY = 255;
const TYPE_SOA = 6;
const TYPE_CODES: Record<RRsetType, number> = { A: 1, CNAME: 5, MX: 15, TXT: 16, AAAA: 28 };

/** dns-packet encodes single records too; its type declarations only show whole packets. */
const answerCodec = (dnsPacket as unknown as { answer: { encode(answer: Answer): Buffer } }).answer;

/** A name in wire form, uncompressed (each RRset's records stand alone, so a message can be cut between any two RRsets). */
function encodeName(name: string): Buffer {
  const parts: Buffer[] = [];
  for (const label of name.replace(/\.$/, '').split('.').filter((l) => l !== '')) {
    const bytes = Buffer.from(label, 'utf8');
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

/** RFC 2136 §2.5.2 "Delete An RRset": the name and type, CLASS ANY, TTL 0, no RDATA. */
function deleteRRset(rrset: RRset): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(TYPE_CODES[rrset.type], 0);
  fixed.writeUInt16BE(CLASS_ANY, 2);
  fixed.writeUInt32BE(0, 4);
  fixed.writeUInt16BE(0, 8);
  return Buffer.concat([encodeName(rrset.name), fixed]);
}

/** RFC 2136 §2.5.1 "Add To An RRset": one record, CLASS IN. */
function addRecord(rrset: RRset, value: string): Buffer {
  const base = { name: rrset.name, class: 'IN' as const, ttl: rrset.ttl };
  switch (rrset.type) {
    case 'TXT':
      return answerCodec.encode({ ...base, type: 'TXT', data: txtStrings(value) });
    case 'MX': {
      const [preference, exchange] = value.split(' ') as [string, string];
      return answerCodec.encode({ ...base, type: 'MX', data: { preference: Number(preference), exchange } });
    }
    case 'CNAME':
      return answerCodec.encode({ ...base, type: 'CNAME', data: value });
    case 'A':
      return answerCodec.encode({ ...base, type: 'A', data: value });
    case 'AAAA':
      return answerCodec.encode({ ...base, type: 'AAAA', data: value });
  }
}

/** One UPDATE message before it is signed: ID 0 (the sender sets its own), the zone section, then the update section. */
export interface UpdateMessage {
  body: Buffer;
  /** the RRsets it states, in order */
  rrsets: RRset[];
}

function header(records: number): Buffer {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(OPCODE_UPDATE << 11, 2);
  h.writeUInt16BE(1, 4); // ZOCOUNT
  h.writeUInt16BE(0, 6); // PRCOUNT
  h.writeUInt16BE(records, 8); // UPCOUNT
  h.writeUInt16BE(0, 10); // ADCOUNT (the TSIG RR is added when signing)
  return h;
}

/**
 * The UPDATE messages (RFC 2136) that make `rrsets` of `zone` equal to their values: for each
 * RRset, "delete the RRset" and then "add" each of its records, so its records end up exactly the
 * given ones (and none when there are none); no prerequisites. RRsets go into as few messages as
 * fit in `maxBytes` each (the caller leaves room for the TSIG RR), in the order given, an RRset
 * never split across two: each message is applied atomically by the server, so an RRset is never
 * seen half-replaced. Throws ZonePublishError when one RRset alone does not fit.
 */
export function buildUpdateMessages(zone: string, rrsets: readonly RRset[], maxBytes: number): UpdateMessage[] {
  const zoneSection = Buffer.concat([encodeName(zone), Buffer.from([0, TYPE_SOA, 0, CLASS_IN])]);
  const fixed = 12 + zoneSection.length;
  const messages: UpdateMessage[] = [];
  let parts: Buffer[] = [];
  let members: RRset[] = [];
  let size = fixed;
  let records = 0;
  const flush = () => {
    if (members.length === 0) return;
    messages.push({ body: Buffer.concat([header(records), zoneSection, ...parts]), rrsets: members });
    parts = [];
    members = [];
    size = fixed;
    records = 0;
  };
  for (const rrset of rrsets) {
    const encoded = [deleteRRset(rrset), ...rrset.values.map((value) => addRecord(rrset, value))];
    const bytes = encoded.reduce((sum, part) => sum + part.length, 0);
    if (fixed + bytes > maxBytes) {
      throw new ZonePublishError(
        `The RRset ${rrset.name} ${rrset.type} takes ${bytes.toLocaleString('en')} bytes: more than one UPDATE message can carry (${(maxBytes - fixed).toLocaleString('en')} bytes with the zone and the signature)`,
        false,
        'TOO_LARGE',
      );
    }
    if (size + bytes > maxBytes || records + encoded.length > 0xffff) flush();
    parts.push(...encoded);
    members.push(rrset);
    size += bytes;
    records += encoded.length;
  }
  flush();
  return messages;
}
