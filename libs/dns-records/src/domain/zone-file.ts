import type { RecordPurpose } from '#shared-kernel';
import type { DnsRecordState } from './dns-record.entity.js';

/** What the zone file shows of a record. */
export type ZoneRecord = Pick<DnsRecordState, 'purpose' | 'type' | 'host' | 'value' | 'priority' | 'required'>;

const PURPOSE_NAMES: Record<RecordPurpose, string> = {
  dkim: 'DKIM: signs your mail (required)',
  returnPath: 'Return path (MAIL FROM): bounces and SPF alignment (required)',
  spf: 'SPF: authorises the provider to send for the domain (recommended)',
  dmarc: 'DMARC: tells receivers what to do with mail that fails (recommended)',
  mx: 'MX: receiving mail for the domain',
  tracking: 'Tracking: click and open links',
  ownership: 'Ownership token: proves the domain is yours (required)',
};

const TTL = 3600;

/** A TXT value as zone-file character-strings: quoted, `"` and `\` escaped, split into chunks of at most 255 bytes. */
export function txtChunks(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const chunks: string[] = [];
  for (let start = 0; start < bytes.length || chunks.length === 0; ) {
    let end = Math.min(start + 255, bytes.length);
    while (end < bytes.length && end > start && (bytes[end]! & 0xc0) === 0x80) end--; // never split a UTF-8 character
    chunks.push(`"${bytes.subarray(start, end).toString('utf8').replace(/[\\"]/g, '\\$&')}"`);
    start = end;
    if (start >= bytes.length) break;
  }
  return chunks;
}

/**
 * A BIND zone fragment with every record of the domain, a comment before each, names fully
 * qualified (trailing dot), ready to paste into a zone file or a DNS host's import.
 */
export function renderZoneFile(domain: string, records: readonly ZoneRecord[]): string {
  const lines = [`; DNS records for ${domain}`, `; Paste into the zone of ${domain} (names are fully qualified; TTL ${TTL} s).`, ''];
  for (const record of records) {
    lines.push(`; ${PURPOSE_NAMES[record.purpose]}`);
    const owner = `${record.host}.`;
    switch (record.type) {
      case 'TXT':
        lines.push(`${owner}\t${TTL}\tIN\tTXT\t${txtChunks(record.value).join(' ')}`);
        break;
      case 'MX':
        lines.push(`${owner}\t${TTL}\tIN\tMX\t${record.priority ?? 10} ${record.value}`);
        break;
      default:
        lines.push(`${owner}\t${TTL}\tIN\t${record.type}\t${record.value}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
