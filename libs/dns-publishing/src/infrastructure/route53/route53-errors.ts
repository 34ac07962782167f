import { ZonePublishError } from '../../domain/zone-publish-error.js';

const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'PriorRequestNotComplete', 'TooManyRequestsException', 'RequestLimitExceeded']);
/** Route 53's own words are kept only for these: they name the record sets at fault, nothing else */
const EXPLAINED = new Set(['InvalidChangeBatch', 'InvalidInput']);

/**
 * A Route 53 (SDK) error as a ZonePublishError: Route 53's error code and HTTP status named, what
 * to do said; retryable for throttling, 5xx and network failures (the SDK has retried them
 * already). Route 53's message is kept only for an invalid change, where it names the record sets;
 * otherwise no response body and never a credential.
 */
export function route53Error(error: unknown, context: { hostedZoneId: string; operation: string }): ZonePublishError {
  const e = (error ?? {}) as { name?: unknown; code?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number } };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const status = e.$metadata?.httpStatusCode;
  const zone = `hosted zone ${context.hostedZoneId}`;
  const lead = `Route 53 ${context.operation} on ${zone} failed: `;
  const said = status === undefined ? name : `${name}, HTTP ${status}`;

  if (name === 'CredentialsProviderError') {
    return new ZonePublishError(`${lead}no AWS credentials were found (the SDK's default chain: environment, shared config and credentials files, SSO, container or instance role)`, false, name);
  }
  if (status === undefined) {
    const code = typeof e.code === 'string' ? e.code : name;
    return new ZonePublishError(`${lead}Route 53 could not be reached (${code})`, true, code);
  }
  if (THROTTLING.has(name) || status === 429) {
    return new ZonePublishError(`${lead}Route 53 is throttling the requests, still after the SDK's retries (${said})`, true, name);
  }
  if (status >= 500) return new ZonePublishError(`${lead}Route 53 had an internal error (${said})`, true, name);
  if (name === 'AccessDenied' || name === 'AccessDeniedException' || status === 403) {
    return new ZonePublishError(
      `${lead}access denied (${said}): the IAM identity needs route53:ChangeResourceRecordSets, route53:ListResourceRecordSets and route53:GetChange on hostedzone/${context.hostedZoneId}`,
      false,
      name,
    );
  }
  if (name === 'NoSuchHostedZone') return new ZonePublishError(`${lead}the hosted zone does not exist (${said})`, false, name);
  if (EXPLAINED.has(name) && typeof e.message === 'string') {
    const words = e.message.length > 500 ? `${e.message.slice(0, 500)}…` : e.message;
    return new ZonePublishError(`${lead}Route 53 refused the change: ${words} (${said})`, false, name);
  }
  return new ZonePublishError(`${lead}Route 53 refused the request (${said})`, false, name);
}
