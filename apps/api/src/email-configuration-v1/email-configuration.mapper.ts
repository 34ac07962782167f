import { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';
import type { DnsRecordView } from '#dns-records';
import type { DomainView } from '#domains';
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
 * The list route's answer, `{ statusCode, statusMessage, domains: [...] }`, from the domains as
 * the database gives them, a page at a time (already JSON, rendered by the database). The first
 * two pages are read before anything is sent, so a failure to start (the database down) is still
 * an ordinary error answer. A list that fits in them (most accounts) is sent whole, with its
 * Content-Length; a longer one is streamed page by page, and reading stops at the end or when the
 * client goes away.
 */
export async function streamDomainList(batches: AsyncIterableIterator<string[]>): Promise<StreamableFile> {
  const type = 'application/json; charset=utf-8';
  const pages: string[] = []; // each page's domains, joined
  let ended = false;
  try {
    while (!ended && pages.length < 2) {
      const page = await batches.next();
      if (page.done) ended = true;
      else if (page.value.length > 0) pages.push(page.value.join(','));
    }
  } catch (error) {
    await batches.return?.();
    throw error;
  }
  const head = JSON.stringify(cmBody('listDomains', 'Ok', 'Success', { domains: [] })).slice(0, -2); // …"domains":[
  if (ended) {
    const whole = Buffer.from(`${head}${pages.join(',')}]}`);
    return new StreamableFile(whole, { type, length: whole.length });
  }
  async function* body(): AsyncGenerator<string> {
    yield `${head}${pages.join(',')}`;
    for (let page = await batches.next(); !page.done; page = await batches.next()) {
      if (page.value.length > 0) yield `,${page.value.join(',')}`;
    }
    yield ']}';
  }
  const readable = Readable.from(body());
  readable.once('close', () => void batches.return?.()); // ended, failed or abandoned: no further page is read
  return new StreamableFile(readable, { type });
}
