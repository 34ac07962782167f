import type { DnsLookupResult, DnsQueryType } from '../dns-resolver.port.js';
import type { ExpectedRecord, ExpectedRecordType, RecordCheck } from './record-check.js';

/** A DNS result that carries information about the customer's records (errors carry none). */
export type DnsAnswer = Exclude<DnsLookupResult, { kind: 'error' }>;

/**
 * Why a probe is looked up; diagnoses find their probe by purpose.
 * - `zone-doubled`: the expected type at `<host>.<domain>`.
 * - `other-type`: the expected host with the type customers confuse it with (CNAME ↔ TXT).
 * Matchers for later kinds may add purposes of their own.
 */
export type ProbePurpose = 'zone-doubled' | 'other-type' | (string & {});

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
  /** The primary lookup (expected host and type); never an error when diagnosing. */
  readonly primary: DnsAnswer;
  readonly probes: readonly ProbeResult[];
}

/** One well-known mistake: a customer-readable explanation when it applies, otherwise null. */
export type Diagnosis = (context: DiagnosisContext) => string | null;

/**
 * Knows one record kind. All methods are pure; `checkRecord` does the DNS I/O.
 * `match` classifies the primary lookup (with a generic diagnosis), `probes` lists the extra
 * lookups that help explain a failure, `diagnose` returns a specific explanation or null.
 */
export interface RecordMatcher<T extends ExpectedRecordType = ExpectedRecordType> {
  readonly type: T;
  /** The DNS type to query for the primary lookup. */
  readonly queryType: DnsQueryType;
  match(expected: ExpectedRecord, primary: DnsLookupResult): RecordCheck;
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
  return context.probes.flatMap(({ probe, result }) =>
    probe.purpose === purpose && result.kind === 'answers' ? result.values : [],
  );
}

/** Values the primary lookup found (empty when missing). */
export function primaryValues(context: DiagnosisContext): string[] {
  return context.primary.kind === 'answers' ? context.primary.values : [];
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
