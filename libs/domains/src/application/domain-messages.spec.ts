import type { QueryBus } from '@nestjs/cqrs';
import type { DnsRecordView } from '#dns-records';
import { Outbox, type OutboxMessage } from '#shared-kernel';
import { SendingDomain } from '../domain/sending-domain.entity.js';
import { DomainMessages, readDomainSnapshot } from './domain-messages.js';
import { toDomainView } from './domain.view.js';

const t0 = new Date('2025-03-14T09:26:53.512Z');
const record: DnsRecordView = {
  id: 456,
  domainId: 1,
  purpose: 'dkim',
  type: 'CNAME',
  host: 'cm2abc._domainkey.example.com',
  value: 'abccm2._domainkey.email.cmtest.nl.',
  priority: null,
  required: true,
  status: 'valid',
  isValid: true,
  foundValues: ['abccm2._domainkey.email.cmtest.nl'],
  diagnosis: null,
  suggestedValue: null,
  details: null,
  lastCheckedAt: new Date('2025-03-14T09:27:59.931Z'),
  checkAttempts: 1,
  verifiedAt: new Date('2025-03-14T09:27:59.931Z'),
  createdAt: t0,
};

class RecordingOutbox extends Outbox {
  readonly added: OutboxMessage[] = [];
  async add(messages: readonly OutboxMessage[]): Promise<void> {
    this.added.push(...messages);
  }
}

function setup(read: DnsRecordView[] = []) {
  const outbox = new RecordingOutbox();
  const asked: unknown[] = [];
  const queryBus = { execute: async (query: unknown) => (asked.push(query), read) } as unknown as QueryBus;
  return { outbox, asked, messages: new DomainMessages(outbox, queryBus) };
}

describe('DomainMessages', () => {
  it('writes each event with the domain as the transaction leaves it, which reads back as the same view and records', async () => {
    const { outbox, asked, messages } = setup();
    const domain = SendingDomain.register({ id: 1, accountId: '903e1cef-84b3-4500-a9a5-b2ca219f76f5', name: 'example.com', emailAddress: 'admin@example.com', now: t0 });
    await messages.write([domain], new Map([[1, [record]]]));
    expect(asked).toEqual([]);
    expect(outbox.added).toEqual([expect.objectContaining({ type: 'domain.created', version: 1, occurredAt: t0, data: expect.objectContaining({ domainId: 1, domain: 'example.com', occurredAt: t0.toISOString() }) })]);
    // stored as JSON and read back
    const stored = JSON.parse(JSON.stringify(outbox.added[0]!.data)) as Record<string, unknown>;
    expect(readDomainSnapshot(stored)).toEqual({ domain: toDomainView(domain), records: [record] });
    expect(readDomainSnapshot({ domainId: 1 })).toBeNull();
  });

  it('a status change keeps the fields of its first version beside the snapshot; records not given are read', async () => {
    const { outbox, asked, messages } = setup([record]);
    const domain = SendingDomain.restore({ ...SendingDomain.register({ id: 1, accountId: 'a', name: 'example.com', emailAddress: 'admin@example.com', now: t0 }).snapshot() });
    domain.suspend(new Date('2025-04-02T16:05:12.377Z'), 'bounce rate too high');
    await messages.write([domain]);
    expect(asked).toHaveLength(1);
    expect(outbox.added).toHaveLength(1);
    expect(outbox.added[0]).toMatchObject({
      type: 'domain.status_changed',
      data: { domainId: 1, accountId: 'a', domain: 'example.com', emailAddress: 'admin@example.com', previousStatus: 'pending', status: 'suspended', reason: 'bounce rate too high', occurredAt: '2025-04-02T16:05:12.377Z' },
    });
    expect(readDomainSnapshot(JSON.parse(JSON.stringify(outbox.added[0]!.data)))?.domain.suspension).toEqual({ reason: 'bounce rate too high', at: new Date('2025-04-02T16:05:12.377Z') });
  });

  it('several updates of one domain in one transaction are one domain.updated', async () => {
    const { outbox, messages } = setup([record]);
    const domain = SendingDomain.restore({ ...SendingDomain.register({ id: 1, accountId: 'a', name: 'example.com', emailAddress: null, now: t0 }).snapshot() });
    domain.update({ description: 'Shop mail' }, t0);
    domain.markDefault(true, t0);
    await messages.write([domain]);
    expect(outbox.added.map((m) => [m.type, m.data.changes])).toEqual([['domain.updated', ['description', 'isDefault']]]);
  });

  it('writes nothing when nothing happened', async () => {
    const { outbox, asked, messages } = setup();
    await messages.write([SendingDomain.restore(SendingDomain.register({ id: 1, accountId: 'a', name: 'example.com', emailAddress: null, now: t0 }).snapshot())]);
    expect(outbox.added).toEqual([]);
    expect(asked).toEqual([]);
  });
});
