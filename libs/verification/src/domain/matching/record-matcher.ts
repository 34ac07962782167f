import type { DnsQueryType } from '../dns-resolver.port.js';
import type { FollowedLookup } from './follow.js';
import type { ExpectedRecord, ExpectedRecordType, RecordCheck } from './record-check.js';

/** A DNS result that carries information about the customer's records (errors carry none). */
export type DnsAnswer = Exclude<FollowedLookup, { kind: 'error' }>;

/**
 * Why a probe is looked up; diagnoses find their probe by purpose.
 * - `zone-doubled`: the expected type at `<host>.<zone>` (the domain, or a parent zone).
 * - `other-type`: the expected host with the type customers confuse it with (CNAME ↔ TXT).
 * - `address-a` / `address-aaaa`: addresses at the host (a proxied or flattened record).
 * - `wildcard` / `wildcard-a`: a name beside the host that nobody publishes (a wildcard answers it).
 * - `target-txt` / `target-a` / `host-txt`: what a flattening DNS host copies from our target.
 * - `delegation`: NS at a name between the domain and the host, or at the domain (its own zone).
 * - `underscore-dropped`: the host without the underscores of its labels.
 */
export type ProbePurpose =
  | 'zone-doubled'
  | 'other-type'
  | 'address-a'
  | 'address-aaaa'
  | 'wildcard'
  | 'wildcard-a'
  | 'target-txt'
  | 'target-a'
  | 'host-txt'
  | 'delegation'
  | 'underscore-dropped'
  | (string & {});

/** An extra DNS lookup a matcher wants when the primary lookup is not valid. */
export interface Probe {
  readonly purpose: ProbePurpose;
  readonly name: string;
  readonly type: DnsQueryType;
}

/** A probe and its answer. Probes that failed with a DNS error are never passed to a diagnosis. */
export interface ProbeResult {
  readonly probe: Probe;
  readonly result: DnsAnswer;
}

/** Everything a diagnosis may look at; all pure data. */
export interface DiagnosisContext {
  readonly expected: ExpectedRecord;
  /** The customer's domain (zone), normalized: lower case, no trailing dot. */
  readonly domain: string;
  /** The primary lookup (expected host and type, followed to the end); never an error when diagnosing. */
  readonly primary: DnsAnswer;
  readonly probes: readonly ProbeResult[];
}

/** One well-known mistake: a customer-readable explanation when it applies, otherwise null. */
export type Diagnosis = (context: DiagnosisContext) => string | null;

/**
 * Knows one record kind. All methods are pure; `checkRecord` does the DNS I/O.
 * `stopAt` says when a CNAME chain has gone far enough (the expected target, or an obvious typo
 * of it that leads nowhere we care about), `match` classifies the followed primary lookup (with
 * a generic diagnosis), `probes` lists the extra lookups that help explain a failure, `diagnose`
 * returns a specific explanation or null.
 */
export interface RecordMatcher<T extends ExpectedRecordType = ExpectedRecordType> {
  readonly type: T;
  /** The DNS type to query for the primary lookup. */
  readonly queryType: DnsQueryType;
  stopAt?(expected: ExpectedRecord, domain: string, target: string): boolean;
  match(expected: ExpectedRecord, primary: FollowedLookup): RecordCheck;
  probes(expected: ExpectedRecord, domain: string): Probe[];
  diagnose(context: DiagnosisContext): string | null;
}

/** Runs diagnoses in order of priority; the first that applies wins. */
export function firstDiagnosis(diagnoses: readonly Diagnosis[]): Diagnosis {
  return (context) => {
    for (const diagnosis of diagnoses) {
      const sentence = diagnosis(context);
      if (sentence !== null) return sentence;
    }
    return null;
  };
}

/** Values a probe of the given purpose found (empty when it found nothing or was not run). */
export function probeValues(context: DiagnosisContext, purpose: ProbePurpose): string[] {
  return context.probes.flatMap(({ probe, result }) => (probe.purpose === purpose && result.kind === 'answers' ? result.values : []));
}

/** The probes of a purpose that found records, with their names. */
export function probeHits(context: DiagnosisContext, purpose: ProbePurpose): { name: string; values: string[]; chain: string[] }[] {
  return context.probes.flatMap(({ probe, result }) =>
    probe.purpose === purpose && result.kind === 'answers' && result.values.length > 0 ? [{ name: probe.name, values: result.values, chain: result.chain }] : [],
  );
}

/** Values the primary lookup found: for a CNAME every target of the chain, else the records at its end. */
export function primaryValues(context: DiagnosisContext): string[] {
  const primary = context.primary;
  if (primary.kind === 'answers') return context.expected.type === 'CNAME' ? primary.chain : primary.values;
  return primary.chain;
}

/**
 * A diagnosis that only looks at values found at some name (the primary lookup, or a probe);
 * reusable to tell whether a value elsewhere is a near miss of the expected one.
 */
export type ValueDiagnosis = (expected: ExpectedRecord, domain: string, found: readonly string[]) => string | null;

/** Applies a value diagnosis to what the primary lookup found. */
export function onPrimaryValues(valueDiagnosis: ValueDiagnosis): Diagnosis {
  return (context) => {
    const found = primaryValues(context);
    return found.length === 0 ? null : valueDiagnosis(context.expected, context.domain, found);
  };
}

/** The first value diagnosis that applies (in order of priority). */
export function firstValueDiagnosis(diagnoses: readonly ValueDiagnosis[]): ValueDiagnosis {
  return (expected, domain, found) => {
    for (const diagnosis of diagnoses) {
      const sentence = diagnosis(expected, domain, found);
      if (sentence !== null) return sentence;
    }
    return null;
  };
}

/**
 * A record kind whose check is more than one lookup and its probes (SPF walks includes, DMARC
 * falls back to the organisational domain, MX reads preferences): it does its own DNS questions
 * through the port and gives the whole RecordCheck.
 */
export interface RecordEvaluator {
  evaluate(expected: ExpectedRecord, domain: string, dns: import('../dns-resolver.port.js').DnsResolverPort): Promise<RecordCheck>;
}
