import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CommandBus, CqrsModule, QueryBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import {
  ApplyZoneChangesCommand,
  DnsPublishingModule,
  type DnsPublishingOptions,
  GetZonePublisherQuery,
  parseTsigKey,
  parseZoneServer,
  type RRset,
  ZonePublishError,
} from '#dns-publishing';
import { Rfc2136ZonePublisher } from '../../libs/dns-publishing/src/infrastructure/rfc2136/rfc2136-zone-publisher.adapter.js';
import { splitTsig, verifyMessage } from '../../libs/dns-publishing/src/infrastructure/rfc2136/tsig.js';
import { CountingProxy } from './counting-proxy.js';
import { findProgram, type NamedKey, NamedServer } from './named.js';
import { accountLabel, accountRRsets, dkimValue } from './provider-zone-records.js';

const run = promisify(execFile);
const ZONE = 'email.test.example';
const key = (name: string, algorithm: NamedKey['algorithm']): NamedKey => ({ name, algorithm, secret: randomBytes(algorithm === 'hmac-sha256' ? 32 : 64).toString('base64') });
const PUBLISHER = key('sds-publisher', 'hmac-sha256');
const PUBLISHER_512 = key('sds-publisher-512', 'hmac-sha512');
const NARROW = key('sds-narrow', 'hmac-sha256');
const yForm = (k: NamedKey, secret = k.secret) => `${k.algorithm}:${k.name}:${secret}`;

/** The operator's own records, which no publication may touch. */
const OPERATOR_RECORDS = [
  'www IN A 192.0.2.80',
  '@ IN MX 10 mail.email.test.example.',
  'mail IN A 192.0.2.25',
  // the bounce host the MX records we publish point to: BIND refuses an MX into the zone without it
  'bounces IN A 192.0.2.26',
  '_dmarc IN TXT "v=DMARC1; p=none"',
  'operator IN TXT "the operator\'s own"',
  // a name we publish an MX at: its TXT is the operator's
  'shared IN TXT "the operator\'s TXT at a name we also use"',
];

let named: NamedServer;

beforeAll(async () => {
  named = await NamedServer.start({
    zone: ZONE,
    records: OPERATOR_RECORDS,
    keys: [PUBLISHER, PUBLISHER_512, NARROW],
    updatePolicy: [
      `grant ${PUBLISHER.name} zonesub TXT MX CNAME A AAAA;`,
      `grant ${PUBLISHER_512.name} zonesub TXT MX CNAME A AAAA;`,
      `grant ${NARROW.name} name only.${ZONE}. TXT;`,
    ].join(' '),
  });
  console.log(`against ${named.version} on ${named.address}`);
});

afterAll(async () => {
  await named?.stop();
});

/** The module as the application wires it, its command and query buses. */
async function publishing(options: DnsPublishingOptions) {
  const moduleRef = await Test.createTestingModule({ imports: [CqrsModule.forRoot(), DnsPublishingModule.forRoot(options)] }).compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  const commands = moduleRef.get(CommandBus);
  return {
    apply: (rrsets: RRset[], zone = ZONE) => commands.execute(new ApplyZoneChangesCommand(zone, rrsets)),
    publisher: () => moduleRef.get(QueryBus).execute(new GetZonePublisherQuery()),
    close: () => moduleRef.close(),
  };
}

const rfc2136 = (k: NamedKey, secret = k.secret, address = named.address): DnsPublishingOptions => ({
  kind: 'rfc2136',
  server: parseZoneServer(address),
  tsig: parseTsigKey(yForm(k, secret)),
  timeoutMs: 20_000,
});

/** The zone without the SOA (its serial moves with every update) and without the given RRsets. */
async function zoneExcept(rrsets: RRset[] = []): Promise<string[]> {
  const ours = new Set(rrsets.map((r) => `${r.name}. ${r.type}`));
  return (await named.axfr()).filter((line) => {
    const [owner, , , type] = line.split(' ');
    return type !== 'SOA' && !ours.has(`${owner} ${type}`);
  });
}

/** The error a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<ZonePublishError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ZonePublishError);
    return error as ZonePublishError;
  }
  throw new Error('expected the publication to fail');
}

describe('DnsPublishingModule (rfc2136) against a real BIND', () => {
  it('publishes RRsets: they appear as given, TXT values split into strings of at most 255 bytes', async () => {
    const app = await publishing(rfc2136(PUBLISHER));
    try {
      expect(await app.publisher()).toEqual({ kind: 'rfc2136', target: named.address });
      const acct = accountLabel(1);
      const dkim = dkimValue();
      await app.apply([
        { name: `${acct}cm1._domainkey.${ZONE}`, type: 'TXT', ttl: 300, values: [dkim] },
        { name: `${acct}.${ZONE}`, type: 'MX', ttl: 600, values: [`10 bounces.${ZONE}.`, '20 backup.example.net.'] },
        { name: `${acct}.${ZONE}`, type: 'TXT', ttl: 300, values: [`v=spf1 include:_spf.${ZONE} -all`] },
        { name: `track.${ZONE}`, type: 'CNAME', ttl: 300, values: ['tracking.example.net.'] },
        { name: `relay.${ZONE}`, type: 'A', ttl: 300, values: ['192.0.2.10', '192.0.2.11'] },
        { name: `relay.${ZONE}`, type: 'AAAA', ttl: 300, values: ['2001:db8::10'] },
      ]);
      const [record] = await named.dig(`${acct}cm1._domainkey.${ZONE}`, 'TXT');
      expect(record).toBe(`${acct}cm1._domainkey.${ZONE}. 300 IN TXT "${dkim.slice(0, 255)}" "${dkim.slice(255)}"`);
      expect(await named.txt(`${acct}cm1._domainkey.${ZONE}`)).toEqual([dkim]);
      expect((await named.dig(`${acct}.${ZONE}`, 'MX')).sort()).toEqual([`${acct}.${ZONE}. 600 IN MX 10 bounces.${ZONE}.`, `${acct}.${ZONE}. 600 IN MX 20 backup.example.net.`]);
      expect(await named.txt(`${acct}.${ZONE}`)).toEqual([`v=spf1 include:_spf.${ZONE} -all`]);
      expect(await named.dig(`track.${ZONE}`, 'CNAME')).toEqual([`track.${ZONE}. 300 IN CNAME tracking.example.net.`]);
      expect((await named.dig(`relay.${ZONE}`, 'A')).sort()).toEqual([`relay.${ZONE}. 300 IN A 192.0.2.10`, `relay.${ZONE}. 300 IN A 192.0.2.11`]);
      expect(await named.dig(`relay.${ZONE}`, 'AAAA')).toEqual([`relay.${ZONE}. 300 IN AAAA 2001:db8::10`]);
    } finally {
      await app.close();
    }
  });

  it('replaces an RRset whole and removes one, idempotently, leaving every other record of the zone as it was', async () => {
    const app = await publishing(rfc2136(PUBLISHER));
    try {
      const name = `replace.${ZONE}`;
      const ours: RRset[] = [
        { name, type: 'TXT', ttl: 300, values: ['one', 'two', 'three'] },
        { name, type: 'MX', ttl: 300, values: ['10 a.example.net.'] },
        { name: `shared.${ZONE}`, type: 'MX', ttl: 300, values: ['10 bounces.example.net.'] },
      ];
      const before = await zoneExcept(ours);
      await app.apply(ours);
      expect(await named.txt(name)).toEqual(['one', 'three', 'two']);

      // the whole RRset is stated: values left out go, the TTL is the new one
      await app.apply([{ name, type: 'TXT', ttl: 60, values: ['two', 'four'] }]);
      expect(await named.txt(name)).toEqual(['four', 'two']);
      expect((await named.dig(name, 'TXT')).every((line) => line.startsWith(`${name}. 60 IN TXT`))).toBe(true);
      expect(await named.dig(name, 'MX')).toEqual([`${name}. 300 IN MX 10 a.example.net.`]);

      // the same change again changes nothing
      const once = await named.axfr();
      await app.apply([{ name, type: 'TXT', ttl: 60, values: ['two', 'four'] }]);
      expect((await named.axfr()).filter((l) => !l.includes(' SOA '))).toEqual(once.filter((l) => !l.includes(' SOA ')));

      // empty values delete the RRset; deleting what is not there is fine
      await app.apply([
        { name, type: 'TXT', ttl: 60, values: [] },
        { name: `never-published.${ZONE}`, type: 'CNAME', ttl: 60, values: [] },
      ]);
      expect(await named.dig(name, 'TXT')).toEqual([]);
      expect(await named.dig(name, 'MX')).toHaveLength(1);
      await app.apply([
        { name, type: 'MX', ttl: 60, values: [] },
        { name: `shared.${ZONE}`, type: 'MX', ttl: 300, values: [] },
      ]);

      // the operator's records, the shared name's TXT included, are exactly as before
      expect(await zoneExcept(ours)).toEqual(before);
      expect(await zoneExcept()).toEqual(before);
      expect(await named.txt(`shared.${ZONE}`)).toEqual(["the operator's TXT at a name we also use"]);
    } finally {
      await app.close();
    }
  });

  it('signs with hmac-sha512 too', async () => {
    const app = await publishing(rfc2136(PUBLISHER_512));
    try {
      await app.apply([{ name: `sha512.${ZONE}`, type: 'TXT', ttl: 300, values: ['signed with hmac-sha512'] }]);
      expect(await named.txt(`sha512.${ZONE}`)).toEqual(['signed with hmac-sha512']);
    } finally {
      await app.close();
    }
  });

  it('is refused with a wrong secret: NOTAUTH with TSIG error BADSIG named, not retryable, the zone unchanged; the right one then works', async () => {
    const before = await named.axfr();
    const wrong = await publishing(rfc2136(PUBLISHER, randomBytes(32).toString('base64')));
    const right = await publishing(rfc2136(PUBLISHER));
    try {
      const rrsets: RRset[] = [{ name: `refused.${ZONE}`, type: 'TXT', ttl: 300, values: ['must not appear'] }];
      const error = await failure(wrong.apply(rrsets));
      expect(error).toMatchObject({ retryable: false, reason: 'BADSIG' });
      expect(error.message).toBe(
        `DNS UPDATE of zone ${ZONE} at ${named.address} failed: the server does not accept our signature: the secret of key sds-publisher differs from the server's (NOTAUTH, TSIG error BADSIG)`,
      );
      expect(await named.axfr()).toEqual(before);

      await right.apply(rrsets);
      expect(await named.txt(`refused.${ZONE}`)).toEqual(['must not appear']);
      await right.apply([{ ...rrsets[0]!, values: [] }]);
    } finally {
      await wrong.close();
      await right.close();
    }
  });

  it('names BADKEY for a key the server does not know, REFUSED for names the key may not change, NOTAUTH for a zone it does not hold', async () => {
    const before = await named.axfr();
    const unknown = await publishing(rfc2136(key('no-such-key', 'hmac-sha256')));
    const narrow = await publishing(rfc2136(NARROW));
    try {
      expect(await failure(unknown.apply([{ name: `x.${ZONE}`, type: 'TXT', ttl: 300, values: ['x'] }]))).toMatchObject({
        retryable: false,
        reason: 'BADKEY',
        message: expect.stringContaining('the server does not know key no-such-key with algorithm hmac-sha256: its name or algorithm differs from the server\'s key (NOTAUTH, TSIG error BADKEY)'),
      });
      expect(await failure(narrow.apply([{ name: `x.${ZONE}`, type: 'MX', ttl: 300, values: ['10 x.example.net.'] }]))).toMatchObject({
        retryable: false,
        reason: 'REFUSED',
        message: expect.stringContaining('its update-policy (or allow-update) does not let key sds-narrow change these names and types, or a record fails its checks'),
      });
      expect(await failure(narrow.apply([{ name: 'x.not-served.example', type: 'TXT', ttl: 300, values: ['x'] }], 'not-served.example'))).toMatchObject({
        retryable: false,
        reason: 'NOTAUTH',
        message: expect.stringContaining('the server is not authoritative for zone not-served.example (or not its primary) (NOTAUTH)'),
      });
      // what the narrow key may change, it changes
      await narrow.apply([{ name: `only.${ZONE}`, type: 'TXT', ttl: 300, values: ['allowed'] }]);
      expect(await named.txt(`only.${ZONE}`)).toEqual(['allowed']);
      await narrow.apply([{ name: `only.${ZONE}`, type: 'TXT', ttl: 300, values: [] }]);
      expect((await named.axfr()).filter((l) => !l.includes(' SOA '))).toEqual(before.filter((l) => !l.includes(' SOA ')));
    } finally {
      await unknown.close();
      await narrow.close();
    }
  });

  it('is refused (REFUSED) when an MX points into the zone at a name without an address, and the whole message with it', async () => {
    const app = await publishing(rfc2136(PUBLISHER));
    try {
      const before = await zoneExcept();
      const error = await failure(
        app.apply([
          { name: `fine.${ZONE}`, type: 'TXT', ttl: 300, values: ['in the same message'] },
          { name: `orphan.${ZONE}`, type: 'MX', ttl: 300, values: [`10 no-address.${ZONE}.`] },
        ]),
      );
      expect(error).toMatchObject({ retryable: false, reason: 'REFUSED', message: expect.stringContaining('an MX whose target inside the zone has no A or AAAA record') });
      expect(named.log()).toContain(`orphan.${ZONE}/MX 'no-address.${ZONE}' has no address records (A or AAAA)`);
      expect(await zoneExcept()).toEqual(before);
    } finally {
      await app.close();
    }
  });

  it('names BADTIME and both clocks when ours is 20 minutes off', async () => {
    const publisher = new Rfc2136ZonePublisher({ server: parseZoneServer(named.address), tsig: parseTsigKey(yForm(PUBLISHER)), now: () => Date.now() + 1_200_000 });
    const error = await failure(publisher.apply(ZONE, [{ name: `late.${ZONE}`, type: 'TXT', ttl: 300, values: ['x'] }]));
    expect(error).toMatchObject({ retryable: false, reason: 'BADTIME' });
    expect(error.message).toMatch(/the server refused the time of our signature: its clock says .*, ours .* \(1[12]\d\d s apart\), more than the 300 s allowed/);
    expect(await named.dig(`late.${ZONE}`, 'TXT')).toEqual([]);
  });

  it('says when nothing listens (connection refused), retryable', async () => {
    const proxy = await CountingProxy.start(named.port);
    const address = proxy.address;
    await proxy.stop();
    const app = await publishing(rfc2136(PUBLISHER, PUBLISHER.secret, address));
    try {
      expect(await failure(app.apply([{ name: `x.${ZONE}`, type: 'TXT', ttl: 300, values: ['x'] }]))).toMatchObject({
        retryable: true,
        reason: 'ECONNREFUSED',
        message: `DNS UPDATE of zone ${ZONE} at ${address} failed: ${address} refused the TCP connection (is the DNS server listening on TCP there?)`,
      });
    } finally {
      await app.close();
    }
  });

  it('publishes 10,000 accounts × 5 RRsets in several UPDATE messages of at most 64 kB, every record there and nothing else touched', async () => {
    const proxy = await CountingProxy.start(named.port);
    const app = await publishing(rfc2136(PUBLISHER, PUBLISHER.secret, proxy.address));
    try {
      const before = await zoneExcept();
      const rrsets = Array.from({ length: 10_000 }, (_, i) => accountRRsets(ZONE, 100_000 + i)).flat();
      await app.apply(rrsets);
      const sizes = proxy.requests.map((m) => m.length);
      console.log(`${rrsets.length} RRsets in ${sizes.length} UPDATE messages of ${Math.min(...sizes)}–${Math.max(...sizes)} bytes`);
      expect(sizes.length).toBeGreaterThan(100);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(65_535);
      expect(proxy.responses).toHaveLength(sizes.length);

      const zone = await named.axfr();
      const served = new Set(zone);
      const line = (rrset: RRset) => `${rrset.name}. ${rrset.ttl} IN ${rrset.type} ${rrset.type === 'TXT' ? (rrset.values[0]!.match(/.{1,255}/g) ?? []).map((s) => `"${s}"`).join(' ') : rrset.values[0]}`;
      expect(rrsets.map(line).filter((expected) => !served.has(expected))).toEqual([]);
      expect(zone.filter((line) => !line.includes(' SOA '))).toHaveLength(before.length + rrsets.length);
      expect(await zoneExcept(rrsets)).toEqual(before);

      // and all of it withdrawn again
      await app.apply(rrsets.map((rrset) => ({ ...rrset, values: [] })));
      expect(await zoneExcept()).toEqual(before);
    } finally {
      await app.close();
      await proxy.stop();
    }
  });
});

describe('TSIG between nsupdate and BIND, checked by our code', () => {
  it.each([PUBLISHER, PUBLISHER_512].map((k) => [k.algorithm, k] as const))("verifies nsupdate's request and BIND's signed answer with %s", async (_, k) => {
    const proxy = await CountingProxy.start(named.port);
    const dir = mkdtempSync(path.join(tmpdir(), 'sds-nsupdate-'));
    try {
      const script = path.join(dir, 'update.txt');
      writeFileSync(script, `server 127.0.0.1 ${proxy.port}\nzone ${ZONE}\nupdate delete nsupdate.${ZONE} TXT\nupdate add nsupdate.${ZONE} 300 TXT "by nsupdate"\nsend\n`);
      await run(findProgram('nsupdate')!, ['-v', '-t', '10', '-y', yForm(k), script]);
      expect(await named.txt(`nsupdate.${ZONE}`)).toEqual(['by nsupdate']);

      const now = Math.floor(Date.now() / 1000);
      const tsigKey = parseTsigKey(yForm(k));
      const [request] = proxy.requests;
      const [answer] = proxy.responses;
      const signedRequest = verifyMessage(request!, tsigKey, { now });
      expect(signedRequest).toMatchObject({ ok: true, tsig: { keyName: k.name, algorithm: k.algorithm } });
      expect(verifyMessage(answer!, tsigKey, { now, requestMac: splitTsig(request!)!.tsig.mac })).toMatchObject({ ok: true });
      // and not with another request's MAC, nor another secret
      expect(verifyMessage(answer!, tsigKey, { now, requestMac: Buffer.alloc(splitTsig(request!)!.tsig.mac.length) })).toMatchObject({ ok: false, error: 'BADSIG' });
      expect(verifyMessage(request!, parseTsigKey(yForm(k, randomBytes(32).toString('base64'))), { now })).toMatchObject({ ok: false, error: 'BADSIG' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await proxy.stop();
    }
  });
});
