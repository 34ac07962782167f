import { RECORD_MATCHERS } from './record-matchers.js';

describe('RECORD_MATCHERS', () => {
  it('holds one matcher per record type, under its own type', () => {
    expect(Object.keys(RECORD_MATCHERS).sort()).toEqual(['CNAME', 'TXT']);
    for (const [type, matcher] of Object.entries(RECORD_MATCHERS)) expect(matcher.type).toBe(type);
  });
});
