import { cnameMatcher } from './cname.matcher.js';
import type { ExpectedRecordType } from './record-check.js';
import type { RecordMatcher } from './record-matcher.js';
import { txtMatcher } from './txt.matcher.js';

/** One matcher per record kind, keyed by type. A new kind is one matcher file and one entry here
 *  (the mapped type makes a missing entry, or an entry under the wrong key, a compile error). */
export const RECORD_MATCHERS: { readonly [K in ExpectedRecordType]: RecordMatcher<K> } = {
  CNAME: cnameMatcher,
  TXT: txtMatcher,
};
