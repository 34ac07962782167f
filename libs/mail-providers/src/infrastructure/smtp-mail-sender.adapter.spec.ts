import { smtpError } from './smtp-mail-sender.adapter.js';

describe('smtpError: what an SMTP failure means for a retry', () => {
  it.each([
    ['451 (try again later)', { responseCode: 451, response: '451 4.3.0 Temporary failure', code: 'EMESSAGE' }, true, 'SMTP451'],
    ['421 (service not available)', { responseCode: 421, response: '421 busy' }, true, 'SMTP421'],
    ['550 (mailbox unavailable)', { responseCode: 550, response: '550 5.1.1 No such user', code: 'EENVELOPE' }, false, 'SMTP550'],
    ['554 (transaction failed)', { responseCode: 554, response: '554 rejected' }, false, 'SMTP554'],
    ['a refused connection', { code: 'ESOCKET' }, true, 'ESOCKET'],
    ['a timeout', { code: 'ETIMEDOUT' }, true, 'ETIMEDOUT'],
    ['anything else', new Error('boom'), true, 'SMTP'],
  ])('%s', (_what, error, retryable, errorType) => {
    const mapped = smtpError(error);
    expect({ retryable: mapped.retryable, errorType: mapped.errorType }).toEqual({ retryable, errorType });
  });

  it('names the reply, never the URL or its credentials', () => {
    const mapped = smtpError({ responseCode: 535, response: '535 5.7.8 Authentication failed', message: 'Invalid login for smtp://user:hunter2@mail' });
    expect(mapped.message).toBe('The SMTP server answered 535 5.7.8 Authentication failed');
  });
});
