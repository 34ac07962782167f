export type { ExpectedRecord, ExpectedRecordType, RecordCheck, RecordCheckStatus } from './record-check.js';
export type { Diagnosis, DiagnosisContext, DnsAnswer, Probe, ProbePurpose, ProbeResult, RecordMatcher } from './record-matcher.js';
export { checkRecord } from './check-record.js';
export { RECORD_MATCHERS } from './record-matchers.js';
export { cnameAccepts, cnameMatcher } from './cname.matcher.js';
export { txtAccepts, txtMatcher } from './txt.matcher.js';
export { isSpfRecord, normalizeTxt, txtRecordContains } from './txt-values.js';
