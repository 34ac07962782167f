import { CommandBus, CqrsModule, QueryBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { ApplyZoneChangesCommand, DnsPublishingModule, GetZonePublisherQuery, type RRset, ZonePublishError } from '#dns-publishing';
import { Route53Stub, type StubRecordSet } from './support/route53-stub.js';

// the SDK's default credential chain finds these in the environment, as it would a real deployment's
process.env.AWS_ACCESS_KEY_ID = 'AKIDTESTONLY';
process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-never-logged';
process.env.AWS_EC2_METADATA_DISABLED = 'true';

const ZONE = 'email.test.example';
const HOSTED_ZONE = 'Z0TESTZONE0001';
const DKIM = `v=DKIM1; k=rsa; p=${'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'.padEnd(392, 'Q')}`;
const OPERATOR: StubRecordSet[] = [
  { name: `www.${ZONE}.`, type: 'A', ttl: 300, values: ['192.0.2.80'] },
  { name: `${ZONE}.`, type: 'MX', ttl: 300, values: [`10 mail.${ZONE}.`] },
  { name: `_dmarc.${ZONE}.`, type: 'TXT', ttl: 300, values: ['"v=DMARC1; p=none"'] },
  { name: `shared.${ZONE}.`, type: 'TXT', ttl: 300, values: ['"the operator\'s TXT at a name we also use"'] },
];

let stub: Route53Stub;

beforeEach(async () => {
  stub = await Route53Stub.start();
  stub.addZone(HOSTED_ZONE, ZONE, OPERATOR);
});

afterEach(async () => {
  await stub.stop();
});

async function publishing(overrides: { maxAttempts?: number; syncTimeoutMs?: number } = {}) {
  const moduleRef = await Test.createTestingModule({
    imports: [
      CqrsModule.forRoot(),
      DnsPublishingModule.forRoot({ kind: 'route53', hostedZoneId: `/hostedzone/${HOSTED_ZONE}`, endpoint: stub.endpoint, region: 'eu-west-1', pollIntervalMs: 5, ...overrides }),
    ],
  }).compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  return {
    apply: (rrsets: RRset[], zone = ZONE) => moduleRef.get(CommandBus).execute(new ApplyZoneChangesCommand(zone, rrsets)),
    publisher: () => moduleRef.get(QueryBus).execute(new GetZonePublisherQuery()),
    close: () => moduleRef.close(),
  };
}

async function failure(promise: Promise<unknown>): Promise<ZonePublishError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ZonePublishError);
    expect((error as Error).message).not.toContain('test-secret-never-logged');
    expect((error as Error).message).not.toContain('SECRET-RESPONSE-BODY');
    return error as ZonePublishError;
  }
  throw new Error('expected the publication to fail');
}

/** The stub's zone as name, type, TTL and values (SOA and NS left out). */
const zone = () => stub.recordSets(HOSTED_ZONE).filter((s) => s.type !== 'SOA' && s.type !== 'NS');

describe('DnsPublishingModule (route53) through the real SDK against a local Route 53', () => {
  it('publishes RRsets as UPSERTs, TXT values quoted and split into 255-byte strings, signed with the chain’s credentials', async () => {
    const app = await publishing();
    try {
      expect(await app.publisher()).toEqual({ kind: 'route53', target: HOSTED_ZONE });
      await app.apply([
        { name: `acct1cm1._domainkey.${ZONE}`, type: 'TXT', ttl: 300, values: [DKIM] },
        { name: `acct1.${ZONE}`, type: 'MX', ttl: 600, values: [`10 bounces.${ZONE}.`] },
        { name: `acct1.${ZONE}`, type: 'TXT', ttl: 300, values: ['v=spf1 include:_spf.email.test.example -all', 'say "hi"'] },
        { name: `track.${ZONE}`, type: 'CNAME', ttl: 300, values: ['tracking.example.net.'] },
        { name: `bounces.${ZONE}`, type: 'A', ttl: 300, values: ['192.0.2.10'] },
        { name: `bounces.${ZONE}`, type: 'AAAA', ttl: 300, values: ['2001:db8::10'] },
      ]);
      expect(stub.recordSet(HOSTED_ZONE, `acct1cm1._domainkey.${ZONE}.`, 'TXT')).toEqual({ name: `acct1cm1._domainkey.${ZONE}.`, type: 'TXT', ttl: 300, values: [`"${DKIM.slice(0, 255)}" "${DKIM.slice(255)}"`] });
      expect(stub.recordSet(HOSTED_ZONE, `acct1.${ZONE}.`, 'MX')).toMatchObject({ ttl: 600, values: [`10 bounces.${ZONE}.`] });
      expect(stub.recordSet(HOSTED_ZONE, `acct1.${ZONE}.`, 'TXT')?.values).toEqual(['"v=spf1 include:_spf.email.test.example -all"', '"say \\"hi\\""']);
      expect(stub.recordSet(HOSTED_ZONE, `track.${ZONE}.`, 'CNAME')?.values).toEqual(['tracking.example.net.']);
      expect(stub.recordSet(HOSTED_ZONE, `bounces.${ZONE}.`, 'AAAA')?.values).toEqual(['2001:db8::10']);
      // one atomic batch, nothing read first (nothing to delete), then polled until INSYNC
      expect(stub.calls('POST', '/rrset')).toHaveLength(1);
      expect(stub.calls('GET', '/rrset')).toHaveLength(0);
      expect(stub.calls('GET', '/change/')).toHaveLength(1);
      const { authorization } = stub.calls('POST', '/rrset')[0]!;
      expect(authorization).toContain('Credential=AKIDTESTONLY/');
      expect(authorization).not.toContain('test-secret-never-logged');
    } finally {
      await app.close();
    }
  });

  it('replaces RRsets whole and deletes them as Route 53 holds them, leaving the operator’s record sets alone', async () => {
    const app = await publishing();
    try {
      const before = zone().filter((s) => OPERATOR.some((o) => o.name === s.name && o.type === s.type));
      await app.apply([
        { name: `a.${ZONE}`, type: 'TXT', ttl: 300, values: ['one', 'two'] },
        { name: `shared.${ZONE}`, type: 'MX', ttl: 300, values: ['10 bounces.example.net.'] },
      ]);
      await app.apply([{ name: `a.${ZONE}`, type: 'TXT', ttl: 60, values: ['three'] }]);
      expect(stub.recordSet(HOSTED_ZONE, `a.${ZONE}.`, 'TXT')).toMatchObject({ ttl: 60, values: ['"three"'] });

      // the set was changed elsewhere since: the DELETE states what Route 53 holds now
      stub.put(HOSTED_ZONE, { name: `a.${ZONE}.`, type: 'TXT', ttl: 120, values: ['"changed by hand"'] });
      await app.apply([
        { name: `a.${ZONE}`, type: 'TXT', ttl: 60, values: [] },
        { name: `shared.${ZONE}`, type: 'MX', ttl: 300, values: [] },
        { name: `never.${ZONE}`, type: 'CNAME', ttl: 300, values: [] },
      ]);
      expect(stub.recordSet(HOSTED_ZONE, `a.${ZONE}.`, 'TXT')).toBeUndefined();
      expect(stub.recordSet(HOSTED_ZONE, `shared.${ZONE}.`, 'MX')).toBeUndefined();
      expect(zone()).toEqual(before);

      // deleting what is not there sends no change at all
      const changes = stub.calls('POST', '/rrset').length;
      await app.apply([{ name: `a.${ZONE}`, type: 'TXT', ttl: 60, values: [] }]);
      expect(stub.calls('POST', '/rrset')).toHaveLength(changes);
    } finally {
      await app.close();
    }
  });

  it('reads a set again when it changes between the read and the DELETE', async () => {
    const app = await publishing();
    try {
      await app.apply([{ name: `race.${ZONE}`, type: 'TXT', ttl: 300, values: ['ours'] }]);
      stub.beforeChange(() => stub.put(HOSTED_ZONE, { name: `race.${ZONE}.`, type: 'TXT', ttl: 300, values: ['"someone else"'] }));
      await app.apply([{ name: `race.${ZONE}`, type: 'TXT', ttl: 300, values: [] }]);
      expect(stub.recordSet(HOSTED_ZONE, `race.${ZONE}.`, 'TXT')).toBeUndefined();
      // the UPSERT, the DELETE Route 53 refused (the values no longer matched), the DELETE read again
      expect(stub.calls('POST', '/rrset')).toHaveLength(3);
    } finally {
      await app.close();
    }
  });

  it('waits until Route 53 reports the change INSYNC, and no longer than told', async () => {
    const app = await publishing();
    try {
      stub.pendingFor(3);
      await app.apply([{ name: `sync.${ZONE}`, type: 'TXT', ttl: 300, values: ['x'] }]);
      expect(stub.calls('GET', '/change/')).toHaveLength(4);
    } finally {
      await app.close();
    }
    const impatient = await publishing({ syncTimeoutMs: 20 });
    try {
      stub.pendingFor(1_000_000);
      await impatient.apply([{ name: `sync.${ZONE}`, type: 'TXT', ttl: 300, values: ['y'] }]);
      expect(stub.recordSet(HOSTED_ZONE, `sync.${ZONE}.`, 'TXT')?.values).toEqual(['"y"']);
    } finally {
      await impatient.close();
    }
  });

  it('splits 2,000 accounts’ RRsets into requests within Route 53’s limits, and deletes them all again', async () => {
    const app = await publishing();
    try {
      const rrsets: RRset[] = Array.from({ length: 2000 }, (_, i) => [
        { name: `a${i}cm1._domainkey.${ZONE}`, type: 'TXT' as const, ttl: 300, values: [DKIM] },
        { name: `a${i}cm2._domainkey.${ZONE}`, type: 'TXT' as const, ttl: 300, values: [DKIM] },
        { name: `a${i}.${ZONE}`, type: 'MX' as const, ttl: 300, values: [`10 bounces.${ZONE}.`] },
        { name: `a${i}.${ZONE}`, type: 'TXT' as const, ttl: 300, values: [`v=spf1 include:_spf.${ZONE} -all`] },
        { name: `_dmarc.a${i}.${ZONE}`, type: 'TXT' as const, ttl: 300, values: ['v=DMARC1; p=reject'] },
      ]).flat();
      await app.apply(rrsets);
      // the stub refuses any request over the limits, so every batch was within them
      expect(stub.calls('POST', '/rrset').length).toBeGreaterThan(100);
      expect(zone()).toHaveLength(OPERATOR.length + rrsets.length);

      await app.apply(rrsets.map((rrset) => ({ ...rrset, values: [] })));
      expect(zone()).toHaveLength(OPERATOR.length);
      expect(zone()).toEqual(expect.arrayContaining(OPERATOR));
      // 10,000 deletions are read by listing the zone, not one set at a time
      expect(stub.calls('GET', '/rrset').length).toBeLessThan(60);
    } finally {
      await app.close();
    }
  });

  it('rides out throttling and a 500 with the SDK’s retries', async () => {
    const app = await publishing();
    try {
      stub.throttle(2);
      await app.apply([{ name: `t.${ZONE}`, type: 'TXT', ttl: 300, values: ['x'] }]);
      stub.fail(1);
      await app.apply([{ name: `t.${ZONE}`, type: 'TXT', ttl: 300, values: ['y'] }]);
      expect(stub.recordSet(HOSTED_ZONE, `t.${ZONE}.`, 'TXT')?.values).toEqual(['"y"']);
      expect(stub.calls('POST', '/rrset')).toHaveLength(5);
    } finally {
      await app.close();
    }
  });

  it('names what Route 53 answered when it keeps failing: throttling and 5xx retryable, access denied and an invalid change not', async () => {
    const app = await publishing({ maxAttempts: 2 });
    const rrsets: RRset[] = [{ name: `f.${ZONE}`, type: 'TXT', ttl: 300, values: ['x'] }];
    try {
      stub.throttle(2);
      expect(await failure(app.apply(rrsets))).toMatchObject({ retryable: true, reason: 'Throttling', message: expect.stringContaining('Route 53 is throttling the requests, still after the SDK\'s retries (Throttling, HTTP 400)') });
      stub.fail(2);
      expect(await failure(app.apply(rrsets))).toMatchObject({ retryable: true, reason: 'InternalFailure', message: expect.stringContaining('internal error (InternalFailure, HTTP 500)') });
      stub.deny(1);
      expect(await failure(app.apply(rrsets))).toMatchObject({ retryable: false, reason: 'AccessDenied', message: expect.stringContaining(`the IAM identity needs route53:ChangeResourceRecordSets, route53:ListResourceRecordSets and route53:GetChange on hostedzone/${HOSTED_ZONE}`) });
      expect(await failure(app.apply([{ name: 'x.other.example', type: 'TXT', ttl: 300, values: ['x'] }], 'other.example'))).toMatchObject({
        retryable: false,
        reason: 'InvalidChangeBatch',
        message: expect.stringContaining(`Route 53 refused the change: [RRSet with DNS name x.other.example. is not permitted in zone ${ZONE}.] (InvalidChangeBatch, HTTP 400)`),
      });
      expect(stub.recordSet(HOSTED_ZONE, `f.${ZONE}.`, 'TXT')).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it('says when Route 53 cannot be reached (retryable), and when its zone does not exist (not)', async () => {
    const app = await publishing({ maxAttempts: 1 });
    try {
      stub.down();
      expect(await failure(app.apply([{ name: `d.${ZONE}`, type: 'TXT', ttl: 300, values: ['x'] }]))).toMatchObject({ retryable: true, message: expect.stringContaining('Route 53 could not be reached') });
      stub.up();
    } finally {
      await app.close();
    }
    const elsewhere = await Test.createTestingModule({
      imports: [CqrsModule.forRoot(), DnsPublishingModule.forRoot({ kind: 'route53', hostedZoneId: 'ZNOSUCHZONE', endpoint: stub.endpoint })],
    }).compile();
    elsewhere.useLogger(false);
    await elsewhere.init();
    try {
      expect(await failure(elsewhere.get(CommandBus).execute(new ApplyZoneChangesCommand(ZONE, [{ name: `d.${ZONE}`, type: 'TXT', ttl: 300, values: ['x'] }])))).toMatchObject({
        retryable: false,
        reason: 'NoSuchHostedZone',
      });
    } finally {
      await elsewhere.close();
    }
  });
});
