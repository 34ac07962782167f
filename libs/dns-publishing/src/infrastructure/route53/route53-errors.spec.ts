import { route53Error } from './route53-errors.js';

const context = { hostedZoneId: 'Z0123456789', operation: 'ChangeResourceRecordSets' };
const sdkError = (name: string, status: number | undefined, message = 'SECRET-RESPONSE-BODY') =>
  Object.assign(new Error(message), { name, $metadata: status === undefined ? {} : { httpStatusCode: status } });

describe('route53Error', () => {
  it.each([
    ['Throttling', 400, true, /throttling the requests, still after the SDK's retries \(Throttling, HTTP 400\)/],
    ['PriorRequestNotComplete', 400, true, /throttling.*PriorRequestNotComplete/],
    ['InternalFailure', 500, true, /internal error \(InternalFailure, HTTP 500\)/],
    ['ServiceUnavailable', 503, true, /internal error/],
    ['AccessDenied', 403, false, /access denied \(AccessDenied, HTTP 403\): the IAM identity needs route53:ChangeResourceRecordSets, route53:ListResourceRecordSets and route53:GetChange on hostedzone\/Z0123456789/],
    ['NoSuchHostedZone', 404, false, /the hosted zone does not exist \(NoSuchHostedZone, HTTP 404\)/],
    ['InvalidClientTokenId', 403, false, /access denied/],
    ['SomethingElse', 400, false, /Route 53 refused the request \(SomethingElse, HTTP 400\)/],
  ])('%s (HTTP %s): retryable %s, named, no response body', (name, status, retryable, message) => {
    const error = route53Error(sdkError(name, status), context);
    expect(error).toMatchObject({ retryable, reason: name });
    expect(error.message).toMatch(/^Route 53 ChangeResourceRecordSets on hosted zone Z0123456789 failed: /);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('SECRET-RESPONSE-BODY');
  });

  it("keeps Route 53's words for an invalid change: they name the record set", () => {
    const error = route53Error(sdkError('InvalidChangeBatch', 400, "[Tried to delete resource record set [name='a.example.com.', type='TXT'] but it was not found]"), context);
    expect(error).toMatchObject({ retryable: false, reason: 'InvalidChangeBatch' });
    expect(error.message).toContain("Route 53 refused the change: [Tried to delete resource record set [name='a.example.com.', type='TXT'] but it was not found] (InvalidChangeBatch, HTTP 400)");
  });

  it('says when Route 53 cannot be reached, and when there are no credentials', () => {
    expect(route53Error(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED', $metadata: {} }), context)).toMatchObject({
      retryable: true,
      reason: 'ECONNREFUSED',
      message: expect.stringContaining('Route 53 could not be reached (ECONNREFUSED)'),
    });
    expect(route53Error(sdkError('TimeoutError', undefined), context)).toMatchObject({ retryable: true, reason: 'TimeoutError' });
    expect(route53Error(sdkError('CredentialsProviderError', undefined, 'Could not load credentials from any providers'), context)).toMatchObject({
      retryable: false,
      message: expect.stringContaining("no AWS credentials were found (the SDK's default chain"),
    });
  });
});
