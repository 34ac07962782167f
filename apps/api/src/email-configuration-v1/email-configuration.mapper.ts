import { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';
import type { DnsRecordView } from '#dns-records';
import type { DomainDetailsView, DomainView } from '#domains';
import { cmBody } from './cm-envelope.js';
import type { RecordPurpose } from '#shared-kernel';

/** The records seed 000 shows: its three CNAMEs (DKIM and return path), whatever else a native registration added. */
const SEED_PURPOSES: readonly RecordPurpose[] = ['dkim', 'returnPath'];
export const seedRecords = (records: readonly DnsRecordView[]) => records.filter((r) => SEED_PURPOSES.includes(r.purpose));

/** ISO 8601 UTC, to the second, as the seed shows timestamps. */
export function isoUtc(date: Date | null): string | null {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}

export function toDnsEntry(record: DnsRecordView) {
  return { host: record.host, type: record.type, value: record.value, isValid: record.isValid };
}

/** A domain in the seed's shape, with its own records (any others are ignored). */
export function toDomainConfig(domain: DomainView, records: readonly DnsRecordView[]) {
  return {
    id: domain.id,
    domain: domain.domain,
    accountId: domain.accountId,
    isValid: domain.isValid,
    createdOn: isoUtc(domain.createdOn),
    modifiedOn: isoUtc(domain.modifiedOn),
    deletedOn: isoUtc(domain.deletedOn),
    dnsRecords: seedRecords(records.filter((r) => r.domainId === domain.id)).map(toDnsEntry),
  };
}

export function toDnsRecordWithId(record: DnsRecordView) {
  return { id: record.id, fromDomain: record.domainId, ...toDnsEntry(record) };
}

/**
 * The list route's answer, `{ statusCode, statusMessage, domains: [...] }`, written batch by batch
 * as the cursor gives them. The first batch is read before anything is sent, so a failure to
 * start (the database down) is still an ordinary error answer.
 */
export async function streamDomainList(batches: AsyncIterableIterator<DomainDetailsView[]>): Promise<StreamableFile> {
  let first: IteratorResult<DomainDetailsView[]>;
  try {
    first = await batches.next();
  } catch (error) {
    await batches.return?.();
    throw error;
  }
  const head = JSON.stringify(cmBody('listDomains', 'Ok', 'Success', { domains: [] })).slice(0, -2); // …"domains":[
  async function* body(): AsyncGenerator<string> {
    try {
      yield head;
      let separator = '';
      for (let batch = first; !batch.done; batch = await batches.next()) {
        let chunk = '';
        for (const d of batch.value) {
          chunk += separator + JSON.stringify(toDomainConfig(d, d.records));
          separator = ',';
        }
        yield chunk;
      }
      yield ']}';
    } finally {
      await batches.return?.(); // the client went away, or the end: the cursor's connection goes back
    }
  }
  return new StreamableFile(Readable.from(body()), { type: 'application/json; charset=utf-8' });
}
