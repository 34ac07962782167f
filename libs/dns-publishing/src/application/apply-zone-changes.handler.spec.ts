import { Logger } from '@nestjs/common';
import { DnsZonePublisher, type PublishReport } from '../domain/dns-zone-publisher.port.js';
import type { RRset } from '../domain/rrset.js';
import { ZonePublishError } from '../domain/zone-publish-error.js';
import { ApplyZoneChangesCommand } from './apply-zone-changes.command.js';
import { ApplyZoneChangesHandler } from './apply-zone-changes.handler.js';
import { GetZonePublisherHandler } from './get-zone-publisher.query.js';

/** A publisher whose applies end when the test says so. */
class HeldPublisher extends DnsZonePublisher {
  readonly kind = 'rfc2136' as const;
  readonly target = '192.0.2.1:53';
  readonly calls: { zone: string; rrsets: readonly RRset[]; release(error?: Error): void }[] = [];

  apply(zone: string, rrsets: readonly RRset[]): Promise<PublishReport> {
    return new Promise((resolve, reject) => this.calls.push({ zone, rrsets, release: (error) => (error ? reject(error) : resolve({ requests: 1, bytes: 1 })) }));
  }
}

const ZONE = 'email.cmtest.nl';
const txt = (label: string, values = ['x']): RRset => ({ name: `${label}.${ZONE}`, type: 'TXT', ttl: 300, values });
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ApplyZoneChangesHandler', () => {
  beforeAll(() => Logger.overrideLogger(false));
  it('hands the publisher the checked change, and refuses an invalid one before sending anything', async () => {
    const publisher = new HeldPublisher();
    const handler = new ApplyZoneChangesHandler(publisher);
    const done = handler.execute(new ApplyZoneChangesCommand(ZONE, [txt('a', ['x', 'x']), txt('a', ['y'])]));
    await tick();
    expect(publisher.calls.map((c) => c.rrsets)).toEqual([[txt('a', ['y'])]]);
    publisher.calls[0]!.release();
    await done;

    await expect(handler.execute(new ApplyZoneChangesCommand(ZONE, [{ ...txt('a'), name: 'a.elsewhere.example' }]))).rejects.toThrow(ZonePublishError);
    await expect(handler.execute(new ApplyZoneChangesCommand(ZONE, []))).resolves.toBeUndefined();
    expect(publisher.calls).toHaveLength(1);
  });

  it('applies changes to one zone one after the other, in order, even after a failure; other zones do not wait', async () => {
    const publisher = new HeldPublisher();
    const handler = new ApplyZoneChangesHandler(publisher);
    const first = handler.execute(new ApplyZoneChangesCommand(ZONE, [txt('first')]));
    const second = handler.execute(new ApplyZoneChangesCommand(ZONE, [txt('second')]));
    const other = handler.execute(new ApplyZoneChangesCommand('other.example', [{ name: 'a.other.example', type: 'TXT', ttl: 1, values: [] }]));
    await tick();
    expect(publisher.calls.map((c) => c.zone)).toEqual([ZONE, 'other.example']);
    publisher.calls[0]!.release(new ZonePublishError('refused', false, 'REFUSED'));
    await expect(first).rejects.toThrow('refused');
    await tick();
    expect(publisher.calls.map((c) => c.rrsets[0]!.name)).toEqual([`first.${ZONE}`, 'a.other.example', `second.${ZONE}`]);
    publisher.calls[2]!.release();
    publisher.calls[1]!.release();
    await Promise.all([second, other]);
  });

  it('tells where it publishes', async () => {
    expect(await new GetZonePublisherHandler(new HeldPublisher()).execute()).toEqual({ kind: 'rfc2136', target: '192.0.2.1:53' });
  });
});
