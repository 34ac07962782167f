import type { RecordPurpose } from '#shared-kernel';
import { cnameMatcher } from './cname.matcher.js';
import { dmarcMatcher } from './dmarc.matcher.js';
import { mxMatcher } from './mx.matcher.js';
import type { ExpectedRecordType } from './record-check.js';
import type { RecordEvaluator, RecordMatcher } from './record-matcher.js';
import { returnPathEvaluator } from './return-path.evaluator.js';
import { spfMatcher } from './spf/spf.matcher.js';
import { txtMatcher } from './txt.matcher.js';

/** The matcher of each record type: what a purpose without a checker of its own uses. */
export const RECORD_MATCHERS: { readonly [K in Exclude<ExpectedRecordType, 'MX'>]: RecordMatcher<K> } = {
  CNAME: cnameMatcher,
  TXT: txtMatcher,
};

/**
 * The checker of each purpose: SPF, DMARC and MX have their own logic; the others are checked
 * by their type's matcher (the mapped type makes a missing purpose a compile error).
 */
export const RECORD_CHECKERS: { readonly [P in RecordPurpose]: RecordMatcher | RecordEvaluator } = {
  dkim: cnameMatcher,
  returnPath: returnPathEvaluator,
  tracking: cnameMatcher,
  ownership: txtMatcher,
  spf: spfMatcher,
  dmarc: dmarcMatcher,
  mx: mxMatcher,
};
