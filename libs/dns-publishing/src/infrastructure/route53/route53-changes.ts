import type { Change, ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { RRset } from '../../domain/rrset.js';
import { txtStrings } from '../../domain/txt-strings.js';
import { ZonePublishError } from '../../domain/zone-publish-error.js';

/**
 * Route 53's limits on one ChangeResourceRecordSets request: 1,000 changes, 1,000 ResourceRecord
 * elements and 32,000 characters of Value elements, an UPSERT counting its records and
 * characters twice.
 */
export const ROUTE53_LIMITS = { changes: 1000, records: 1000, valueCharacters: 32_000 };

/**
 * One character-string as Route 53 takes it in a TXT value: in double quotes, `"` and `\`
 * escaped with a backslash, and any byte outside printable ASCII as a three-digit octal escape
 * (`\303\251` for é), as Route 53 asks for characters 0–31 and 127–255.
 */
function quoted(bytes: Buffer): string {
  let out = '"';
  for (const byte of bytes) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte < 0x20 || byte > 0x7e) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return `${out}"`;
}

/** A TXT value as Route 53 wants it: the text cut into strings of at most 255 bytes, each quoted, separated by spaces. */
export function route53TxtValue(text: string): string {
  return txtStrings(text).map(quoted).join(' ');
}

/** The record set Route 53 should hold for a non-empty RRset (its name absolute, with the final dot). */
export function toRecordSet(rrset: RRset): ResourceRecordSet {
  return {
    Name: `${rrset.name}.`,
    Type: rrset.type,
    TTL: rrset.ttl,
    ResourceRecords: rrset.values.map((value) => ({ Value: rrset.type === 'TXT' ? route53TxtValue(value) : value })),
  };
}

/** The name of a record set Route 53 listed, as we write names (lower-case, no final dot). */
export function listedName(name: string | undefined): string {
  return (name ?? '').replace(/\.$/, '').toLowerCase();
}

function weight(change: Change): { records: number; characters: number } {
  const factor = change.Action === 'UPSERT' ? 2 : 1;
  const records = change.ResourceRecordSet?.ResourceRecords ?? [];
  return { records: records.length * factor, characters: records.reduce((sum, record) => sum + (record.Value ?? '').length, 0) * factor };
}

/**
 * Cuts changes into ChangeResourceRecordSets batches within Route 53's limits, in order (each
 * batch is applied atomically by Route 53; one change is one whole record set). Throws
 * ZonePublishError when a single change is over a limit.
 */
export function batchChanges(changes: readonly Change[], limits = ROUTE53_LIMITS): Change[][] {
  const batches: Change[][] = [];
  let batch: Change[] = [];
  let records = 0;
  let characters = 0;
  for (const change of changes) {
    const w = weight(change);
    if (w.records > limits.records || w.characters > limits.valueCharacters) {
      throw new ZonePublishError(
        `The record set ${change.ResourceRecordSet?.Name} ${change.ResourceRecordSet?.Type} is over Route 53's limits for one request (${w.records} records, ${w.characters} characters counted)`,
        false,
        'TOO_LARGE',
      );
    }
    if (batch.length + 1 > limits.changes || records + w.records > limits.records || characters + w.characters > limits.valueCharacters) {
      batches.push(batch);
      batch = [];
      records = 0;
      characters = 0;
    }
    batch.push(change);
    records += w.records;
    characters += w.characters;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
