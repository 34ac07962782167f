import { AsyncSlot } from '#shared-kernel';
import type { ExpectedRecord } from './record-check.js';

/**
 * What a check of one record may know of the domain it belongs to, beyond the record itself:
 * the addresses the platform sends the domain's mail from, its provider, and every record the
 * domain was told to publish (an MX among several of ours, the return path DMARC aligns with).
 */
export interface MatchingContext {
  /** PROVIDER_SENDING_IPS as CIDR ranges, when they are the addresses this domain's mail leaves from (the built-in provider); empty otherwise */
  readonly sendingIps: readonly string[];
  /** the domain's mail provider (`builtin`, `ses`); null when not known */
  readonly provider: string | null;
  /** every record expected of the domain; empty when not known */
  readonly records: readonly ExpectedRecord[];
}

export const NO_MATCHING_CONTEXT: MatchingContext = { sendingIps: [], provider: null, records: [] };

const current = new AsyncSlot<MatchingContext>();

/**
 * Runs a domain's checks with its context. It travels with the calls (an AsyncSlot, as the
 * unit of work's transaction does) because checkRecord's callers hand each record on by itself.
 */
export function withMatchingContext<T>(context: MatchingContext, work: () => Promise<T>): Promise<T> {
  return current.run(context, work);
}

/** The context of the domain being checked; NO_MATCHING_CONTEXT outside one. */
export function matchingContext(): MatchingContext {
  return current.getStore() ?? NO_MATCHING_CONTEXT;
}
