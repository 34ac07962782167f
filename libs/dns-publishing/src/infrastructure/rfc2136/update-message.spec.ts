import type { RRset } from '../../domain/rrset.js';
import { ZonePublishError } from '../../domain/zone-publish-error.js';
import { buildUpdateMessages, MAX_MESSAGE_BYTES } from './update-message.js';

interface WireRecord {
  name: string;
  type: number;
  klass: number;
  ttl: number;
  rdata: Buffer;
}

/** Reads an UPDATE message back (the test's own reader: names are never compressed here). */
function read(message: Buffer): { opcode: number; zone: { name: string; type: number; klass: number }; prerequisites: number; updates: WireRecord[]; additional: number } {
  let at = 12;
  const name = () => {
    const labels: string[] = [];
    while (message[at] !== 0) {
      labels.push(message.toString('utf8', at + 1, at + 1 + message[at]!));
      at += 1 + message[at]!;
    }
    at += 1;
    return labels.join('.');
  };
  const zone = { name: name(), type: message.readUInt16BE(at), klass: message.readUInt16BE(at + 2) };
  at += 4;
  const updates: WireRecord[] = [];
  for (let i = 0; i < message.readUInt16BE(8); i++) {
    const owner = name();
    const rdlength = message.readUInt16BE(at + 8);
    updates.push({ name: owner, type: message.readUInt16BE(at), klass: message.readUInt16BE(at + 2), ttl: message.readUInt32BE(at + 4), rdata: message.subarray(at + 10, at + 10 + rdlength) });
    at += 10 + rdlength;
  }
  expect(at).toBe(message.length);
  return { opcode: (message.readUInt16BE(2) >> 11) & 0xf, zone, prerequisites: message.readUInt16BE(6), updates, additional: message.readUInt16BE(10) };
}

/** TXT RDATA as its character-strings */
function strings(rdata: Buffer): string[] {
  const out: string[] = [];
  for (let at = 0; at < rdata.length; at += 1 + rdata[at]!) out.push(rdata.toString('utf8', at + 1, at + 1 + rdata[at]!));
  return out;
}

const ZONE = 'email.cmtest.nl';
const DKIM = `v=DKIM1; k=rsa; p=${'M'.repeat(392)}`; // ~410 characters, as a 2048-bit key's record

/** The five RRsets of one account in the provider zone. */
export function accountRRsets(i: number): RRset[] {
  const acct = i.toString(16).padStart(32, '0');
  return [
    { name: `${acct}cm1._domainkey.${ZONE}`, type: 'TXT', ttl: 300, values: [DKIM] },
    { name: `${acct}cm2._domainkey.${ZONE}`, type: 'TXT', ttl: 300, values: [DKIM] },
    { name: `${acct}.${ZONE}`, type: 'MX', ttl: 300, values: [`10 bounces.${ZONE}.`] },
    { name: `${acct}.${ZONE}`, type: 'TXT', ttl: 300, values: [`v=spf1 include:_spf.${ZONE} -all`] },
    { name: `${acct}.${ZONE}`, type: 'AAAA', ttl: 300, values: [] },
  ];
}

describe('buildUpdateMessages', () => {
  it('states each RRset whole: delete the RRset (ANY, TTL 0, no RDATA), then add each record (IN)', () => {
    const rrsets: RRset[] = [
      { name: `a.${ZONE}`, type: 'TXT', ttl: 300, values: [DKIM, 'second'] },
      { name: `b.${ZONE}`, type: 'MX', ttl: 60, values: ['10 bounces.example.net.', '0 .'] },
      { name: `c.${ZONE}`, type: 'CNAME', ttl: 3600, values: ['target.example.net.'] },
      { name: `d.${ZONE}`, type: 'A', ttl: 5, values: ['192.0.2.1'] },
      { name: `e.${ZONE}`, type: 'AAAA', ttl: 5, values: ['2001:db8::1'] },
      { name: `f.${ZONE}`, type: 'TXT', ttl: 300, values: [] },
    ];
    const messages = buildUpdateMessages(ZONE, rrsets, MAX_MESSAGE_BYTES);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.rrsets).toEqual(rrsets);
    const message = read(messages[0]!.body);
    expect(message).toMatchObject({ opcode: 5, zone: { name: ZONE, type: 6, klass: 1 }, prerequisites: 0, additional: 0 });
    const u = message.updates;
    expect(u.map((r) => [r.name, r.type, r.klass, r.ttl, r.klass === 255 ? r.rdata.length : -1])).toEqual([
      [`a.${ZONE}`, 16, 255, 0, 0],
      [`a.${ZONE}`, 16, 1, 300, -1],
      [`a.${ZONE}`, 16, 1, 300, -1],
      [`b.${ZONE}`, 15, 255, 0, 0],
      [`b.${ZONE}`, 15, 1, 60, -1],
      [`b.${ZONE}`, 15, 1, 60, -1],
      [`c.${ZONE}`, 5, 255, 0, 0],
      [`c.${ZONE}`, 5, 1, 3600, -1],
      [`d.${ZONE}`, 1, 255, 0, 0],
      [`d.${ZONE}`, 1, 1, 5, -1],
      [`e.${ZONE}`, 28, 255, 0, 0],
      [`e.${ZONE}`, 28, 1, 5, -1],
      [`f.${ZONE}`, 16, 255, 0, 0],
    ]);
    // the TXT split into strings of at most 255 bytes, joined back to the value
    expect(strings(u[1]!.rdata).map((s) => s.length)).toEqual([255, DKIM.length - 255]);
    expect(strings(u[1]!.rdata).join('')).toBe(DKIM);
    expect(strings(u[2]!.rdata)).toEqual(['second']);
    expect(u[4]!.rdata.toString('hex')).toBe('000a' + '07626f756e63657307' + Buffer.from('example').toString('hex') + '036e657400');
    expect(u[5]!.rdata.toString('hex')).toBe('000000'); // 0 .
    expect(u[9]!.rdata.toString('hex')).toBe('c0000201');
    expect(u[11]!.rdata.toString('hex')).toBe('20010db8000000000000000000000001');
  });

  it('fills messages of at most the given size, in order, never splitting an RRset', () => {
    const rrsets = Array.from({ length: 10_000 }, (_, i) => accountRRsets(i)).flat();
    const maxBytes = MAX_MESSAGE_BYTES - 100; // room for a TSIG RR
    const messages = buildUpdateMessages(ZONE, rrsets, maxBytes);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.flatMap((m) => m.rrsets)).toEqual(rrsets);
    for (const [i, message] of messages.entries()) {
      expect(message.body.length).toBeLessThanOrEqual(maxBytes);
      const updates = read(message.body).updates;
      expect(updates.filter((r) => r.klass === 255).map((r) => r.name)).toEqual(message.rrsets.map((r) => r.name));
      // full: the next message's first RRset would not have fitted
      if (i < messages.length - 1) {
        const next = buildUpdateMessages(ZONE, [...message.rrsets, messages[i + 1]!.rrsets[0]!], MAX_MESSAGE_BYTES)[0]!;
        expect(next.body.length).toBeGreaterThan(maxBytes);
      }
    }
    // an account's five RRsets take ~1.5 kB (names are not compressed): some 43 accounts per message
    expect(messages.length).toBeLessThan(240);
  });

  it('refuses an RRset that no message can carry', () => {
    const huge: RRset = { name: `big.${ZONE}`, type: 'TXT', ttl: 300, values: Array.from({ length: 300 }, (_, i) => `${i} ${'x'.repeat(250)}`) };
    expect(() => buildUpdateMessages(ZONE, [huge], MAX_MESSAGE_BYTES - 100)).toThrow(ZonePublishError);
    expect(() => buildUpdateMessages(ZONE, [huge], MAX_MESSAGE_BYTES - 100)).toThrow(/The RRset big\.email\.cmtest\.nl TXT takes 8\d,\d{3} bytes: more than one UPDATE message can carry/);
  });

  it('sends nothing for nothing', () => {
    expect(buildUpdateMessages(ZONE, [], MAX_MESSAGE_BYTES)).toEqual([]);
  });
});
