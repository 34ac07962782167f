import { DomainError } from '#shared-kernel';
import { ALLOWED_TRANSITIONS, canTransition, DOMAIN_STATUSES, type DomainStatus } from './domain-status.js';
import { DomainStatusChangedEvent } from './domain.events.js';
import { SendingDomain, type SendingDomainState } from './sending-domain.entity.js';
import { DEFAULT_VERIFICATION_POLICY as POLICY } from './verification-policy.js';

const t0 = new Date('2026-01-01T00:00:00Z');
const at = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);

function domainIn(status: DomainStatus, extra: Partial<SendingDomainState> = {}): SendingDomain {
  const base = SendingDomain.register({ id: 1, accountId: 'a', name: 'example.com', emailAddress: null, now: t0 }).snapshot();
  return SendingDomain.restore({ ...base, status, ...extra });
}

/** Drives a domain to `to` by the aggregate's own behaviour, if some behaviour leads there. */
function attempt(domain: SendingDomain, to: DomainStatus): void {
  switch (to) {
    case 'deleted':
      return domain.delete(at(1));
    case 'suspended':
      return domain.suspend(at(1));
    case 'pending':
      return domain.resume(at(1));
    case 'active':
    case 'failed':
      // only verification leads there; exercised in the verification tests below
      throw new Error('not a direct command');
  }
}

describe('SendingDomain state machine', () => {
  const direct: DomainStatus[] = ['deleted', 'suspended', 'pending'];
  for (const from of DOMAIN_STATUSES) {
    for (const to of direct) {
      const allowed = ALLOWED_TRANSITIONS[from].includes(to) && (to !== 'pending' || from === 'suspended');
      it(`${from} → ${to} is ${allowed ? 'allowed' : 'rejected'}`, () => {
        const domain = domainIn(from);
        if (allowed) {
          attempt(domain, to);
          expect(domain.status).toBe(to);
        } else {
          expect(() => attempt(domain, to)).toThrow(DomainError);
          expect(domain.status).toBe(from);
        }
      });
    }
  }

  it('lists exactly the transitions of DESIGN.md §3', () => {
    expect(ALLOWED_TRANSITIONS).toEqual({
      pending: ['active', 'failed', 'suspended', 'deleted'],
      active: ['failed', 'suspended', 'deleted'],
      failed: ['active', 'suspended', 'deleted'],
      suspended: ['pending', 'deleted'],
      deleted: [],
    });
  });

  it.each(DOMAIN_STATUSES.flatMap((from) => DOMAIN_STATUSES.map((to) => [from, to] as const)))(
    'canTransition(%s, %s) matches the table',
    (from, to) => {
      expect(canTransition(from, to)).toBe(ALLOWED_TRANSITIONS[from].includes(to));
    },
  );

  it('verification takes pending and failed to active, never suspended or deleted', () => {
    for (const from of DOMAIN_STATUSES) {
      const d = domainIn(from);
      d.applyVerification('valid', at(1), POLICY);
      expect(d.status).toBe(from === 'suspended' || from === 'deleted' ? from : 'active');
    }
  });

  it('rejects the transitions no behaviour may take, with a code', () => {
    const deleted = domainIn('deleted');
    expect(() => deleted.delete(at(1))).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    expect(() => domainIn('active').resume(at(1))).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });

  it('delete sets deletedOn and modifiedOn and stops checks', () => {
    const domain = domainIn('pending');
    domain.delete(at(2));
    expect(domain.snapshot()).toMatchObject({ status: 'deleted', deletedOn: at(2), modifiedOn: at(2), nextCheckAt: null });
  });
});

describe('SendingDomain verification rules', () => {
  it('a new domain is pending, unmodified and due at once', () => {
    const d = SendingDomain.register({ id: 1, accountId: 'a', name: 'example.com', emailAddress: null, now: t0 });
    expect(d.snapshot()).toMatchObject({ status: 'pending', modifiedOn: null, deletedOn: null, nextCheckAt: t0 });
  });

  it('pending → active when every record is valid, with a status change that says why', () => {
    const d = domainIn('pending');
    d.pullEvents();
    d.applyVerification('valid', at(1), POLICY);
    expect(d.status).toBe('active');
    const events = d.pullEvents();
    expect(events).toEqual([expect.objectContaining({ from: 'pending', to: 'active', reason: expect.stringContaining('valid') })]);
    expect(events[0]).toBeInstanceOf(DomainStatusChangedEvent);
  });

  it('pending stays pending while invalid inside the window, then fails after it', () => {
    const d = domainIn('pending');
    d.applyVerification('invalid', at(71), POLICY);
    expect(d.status).toBe('pending');
    d.pullEvents();
    d.applyVerification('invalid', at(72), POLICY);
    expect(d.status).toBe('failed');
    expect(d.pullEvents()).toEqual([expect.objectContaining({ from: 'pending', to: 'failed', reason: 'the records were not valid within 72 hours' })]);
  });

  it('pending never fails on DNS errors alone, even after the window', () => {
    const d = domainIn('pending');
    d.applyVerification('inconclusive', at(100), POLICY);
    expect(d.status).toBe('pending');
  });

  it('active → failed only after 3 consecutive conclusive failures', () => {
    const d = domainIn('active');
    d.applyVerification('invalid', at(1), POLICY);
    d.applyVerification('invalid', at(2), POLICY);
    expect(d.status).toBe('active');
    d.applyVerification('invalid', at(3), POLICY);
    expect(d.status).toBe('failed');
  });

  it('a valid check resets the failure count', () => {
    const d = domainIn('active');
    d.applyVerification('invalid', at(1), POLICY);
    d.applyVerification('invalid', at(2), POLICY);
    d.applyVerification('valid', at(3), POLICY);
    d.applyVerification('invalid', at(4), POLICY);
    d.applyVerification('invalid', at(5), POLICY);
    expect(d.status).toBe('active');
  });

  it('DNS errors neither count towards failure nor reset the count, and never change state', () => {
    const d = domainIn('active');
    d.applyVerification('invalid', at(1), POLICY);
    d.applyVerification('inconclusive', at(2), POLICY);
    d.applyVerification('inconclusive', at(3), POLICY);
    d.applyVerification('invalid', at(4), POLICY);
    expect(d.status).toBe('active');
    expect(d.snapshot().consecutiveFailures).toBe(2);
    d.applyVerification('invalid', at(5), POLICY);
    expect(d.status).toBe('failed');
  });

  it('failed → active when valid again', () => {
    const d = domainIn('failed');
    d.applyVerification('valid', at(1), POLICY);
    expect(d.status).toBe('active');
  });

  it('failed stays failed on further failures', () => {
    const d = domainIn('failed');
    d.pullEvents();
    d.applyVerification('invalid', at(1), POLICY);
    expect(d.status).toBe('failed');
    expect(d.pullEvents()).toEqual([]);
  });

  it('suspended and deleted domains ignore verification', () => {
    for (const status of ['suspended', 'deleted'] as const) {
      const d = domainIn(status);
      d.applyVerification('valid', at(1), POLICY);
      expect(d.status).toBe(status);
    }
  });

  it('schedules the next check by status', () => {
    const d = domainIn('pending');
    d.applyVerification('invalid', at(0), POLICY);
    expect(d.snapshot().nextCheckAt).toEqual(new Date(at(0).getTime() + 60_000));
    d.applyVerification('invalid', at(0), POLICY);
    expect(d.snapshot().nextCheckAt).toEqual(new Date(at(0).getTime() + 120_000));
    for (let i = 0; i < 10; i++) d.applyVerification('invalid', at(0), POLICY);
    expect(d.snapshot().nextCheckAt).toEqual(at(1)); // capped at one hour
    d.applyVerification('valid', at(2), POLICY);
    expect(d.snapshot().nextCheckAt).toEqual(at(26));
    const f = domainIn('failed', { statusChangedAt: at(0) });
    f.applyVerification('invalid', at(24), POLICY);
    expect(f.snapshot().nextCheckAt).toEqual(at(48));
    f.applyVerification('invalid', at(8 * 24), POLICY);
    expect(f.snapshot().nextCheckAt).toEqual(at(15 * 24));
  });
});

describe('SendingDomain fields, default flag and suspension', () => {
  it('updates fields and says when records must be generated again (tracking prefix)', () => {
    const domain = domainIn('pending');
    expect(domain.update({ description: 'shop', metadata: { a: 'b' } }, at(1))).toBe(false);
    expect(domain.snapshot()).toMatchObject({ description: 'shop', metadata: { a: 'b' }, modifiedOn: at(1) });
    expect(domain.update({ trackingPrefix: 'email' }, at(2))).toBe(true);
    expect(domain.options.trackingPrefix).toBe('email');
    expect(domain.update({ trackingPrefix: 'email' }, at(3))).toBe(false);
  });

  it('keeps a suspension reason and clears it on resume', () => {
    const domain = domainIn('active');
    domain.suspend(at(1), 'bounce rate too high');
    expect(domain.snapshot().suspension).toEqual({ reason: 'bounce rate too high', at: at(1) });
    domain.resume(at(2));
    expect(domain.snapshot()).toMatchObject({ status: 'pending', suspension: null, nextCheckAt: at(2) });
  });

  it('marks and unmarks the default', () => {
    const domain = domainIn('pending');
    domain.markDefault(true, at(1));
    expect(domain.isDefault).toBe(true);
    domain.markDefault(false, at(2));
    expect(domain.snapshot()).toMatchObject({ isDefault: false, modifiedOn: at(2) });
  });
});

describe('SendingDomain events (what the outbox announces)', () => {
  const kinds = (d: SendingDomain) => d.pullEvents().map((e) => e.kind);

  it('a registration is created', () => {
    const d = SendingDomain.register({ id: 7, accountId: 'a', name: 'example.com', emailAddress: null, now: t0 });
    expect(d.pullEvents()).toEqual([expect.objectContaining({ kind: 'created', domainId: 7, accountId: 'a', occurredAt: t0 })]);
  });

  it('a change names the fields whose values changed, and none when nothing did', () => {
    const d = domainIn('pending', { description: 'old', metadata: { a: '1', b: '2' } });
    d.update({ description: 'old', metadata: { b: '2', a: '1' } }, at(1));
    expect(d.pullEvents()).toEqual([]);
    d.update({ description: 'new', externalId: 'x-1', metadata: { a: '1' } }, at(2));
    expect(d.pullEvents()).toEqual([expect.objectContaining({ kind: 'updated', changes: ['description', 'externalId', 'metadata'], occurredAt: at(2) })]);
  });

  it('a new tracking prefix is an update and a change of the records to publish', () => {
    const d = domainIn('active');
    expect(d.update({ trackingPrefix: 'links' }, at(1))).toBe(true);
    expect(d.pullEvents()).toEqual([
      expect.objectContaining({ kind: 'updated', changes: ['trackingPrefix'] }),
      expect.objectContaining({ kind: 'records_changed', reason: 'trackingPrefix' }),
    ]);
    expect(d.update({ trackingPrefix: 'links' }, at(2))).toBe(false);
    expect(d.pullEvents()).toEqual([]);
  });

  it('the default flag switched is an update; unchanged, nothing', () => {
    const d = domainIn('pending');
    d.markDefault(false, at(1));
    expect(d.pullEvents()).toEqual([]);
    d.markDefault(true, at(1));
    expect(d.pullEvents()).toEqual([expect.objectContaining({ kind: 'updated', changes: ['isDefault'] })]);
  });

  it('a delete is deleted, not a status change, and losing the default flag with it says nothing more', () => {
    const d = domainIn('active', { isDefault: true });
    d.delete(at(1));
    d.markDefault(false, at(1));
    expect(kinds(d)).toEqual(['deleted']);
  });

  it('the provider set up later changes the records to publish', () => {
    const d = domainIn('pending', { providerState: 'pending', providerIdentity: null });
    d.provisioned({ provider: 'ses', tokens: [] }, at(1));
    expect(d.pullEvents()).toEqual([expect.objectContaining({ kind: 'records_changed', reason: 'provider' })]);
  });

  it('suspension and its end are status changes', () => {
    const d = domainIn('active');
    d.suspend(at(1), 'paused');
    d.resume(at(2));
    expect(d.pullEvents()).toEqual([
      expect.objectContaining({ kind: 'status_changed', from: 'active', to: 'suspended', reason: 'paused' }),
      expect.objectContaining({ kind: 'status_changed', from: 'suspended', to: 'pending' }),
    ]);
  });
});
