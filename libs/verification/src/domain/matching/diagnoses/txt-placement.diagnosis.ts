import { displayName, normalizeDnsName } from '../dns-names.js';
import type { ExpectedRecord } from '../record-check.js';
import { type Diagnosis, type Probe, probeValues } from '../record-matcher.js';
import { txtRecordContains } from '../txt-values.js';

/** A TXT record meant for a name below the domain may sit at the domain itself. */
export function apexProbe(expected: ExpectedRecord, domain: string): Probe[] {
  return normalizeDnsName(expected.host) === domain ? [] : [{ purpose: 'apex', name: domain, type: 'TXT' }];
}

/** The record was published at the domain itself (the apex) instead of its own name. */
export const txtAtApex: Diagnosis = (context) => {
  if (!probeValues(context, 'apex').some((v) => txtRecordContains(v, context.expected.value))) return null;
  const host = displayName(context.expected.host);
  const label = host.slice(0, host.length - context.domain.length - 1);
  return `The TXT record was published at ${context.domain} itself instead of ${host}. Move it to the name "${label}" (your DNS host adds "${context.domain}").`;
};

/**
 * A long TXT value split into several strings (each at most 255 bytes) with a space lost, or
 * added, where they join: DNS joins them with nothing in between (RFC 7208 §3.3).
 */
export const txtSplitWrongly: Diagnosis = (context) => {
  if (context.primary.kind !== 'answers' || !context.primary.chunks) return null;
  for (const chunks of context.primary.chunks) {
    if (chunks.length < 2) continue;
    const joined = chunks.join('');
    if (txtRecordContains(joined, context.expected.value)) continue;
    const withSpaces = chunks.join(' ');
    const trimmed = chunks.map((c) => c.trim()).join('');
    const lost = txtRecordContains(withSpaces, context.expected.value);
    const added = txtRecordContains(trimmed, context.expected.value);
    if (!lost && !added) continue;
    return (
      `The TXT record at ${displayName(context.expected.host)} is split into ${chunks.length} strings, and DNS joins them with nothing in between, ` +
      `so ${lost ? 'the space where they join is lost' : 'the spaces at their ends end up inside the value'}: ${JSON.stringify(joined)}. ` +
      `${lost ? 'Put the space at the end of one string, or the start of the next' : 'Remove the spaces at the ends of the strings'}, or publish the value as one string if it fits in 255 characters.`
    );
  }
  return null;
};
