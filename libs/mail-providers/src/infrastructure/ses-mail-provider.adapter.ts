import {
  CreateEmailIdentityCommand,
  DeleteEmailIdentityCommand,
  GetEmailIdentityCommand,
  type GetEmailIdentityCommandOutput,
  PutEmailIdentityMailFromAttributesCommand,
  SendEmailCommand,
  SESv2Client,
} from '@aws-sdk/client-sesv2';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  type IdentityRequest,
  MailProvider,
  type OutgoingMail,
  type ProviderCheck,
  ProviderError,
  type ProviderIdentity,
  type ProviderRecords,
  type ProviderStatus,
} from '../domain/mail-provider.port.js';

export interface SesOptions {
  /** AWS_REGION: where identities live unless a domain names its own region */
  defaultRegion: string | undefined;
  /** SES_ENDPOINT: another endpoint (a local stub in the tests) */
  endpoint?: string;
  /** attempts per call (first try included); throttling and 5xx are retried with exponential backoff and jitter */
  maxAttempts?: number;
  /** per attempt, in milliseconds */
  timeoutMs?: number;
}

/** What the SES adapter keeps about a domain. */
interface SesIdentity extends ProviderIdentity {
  provider: 'ses';
  region: string;
  tokens: string[];
  mailFromDomain: string | null;
}

/** What SES says about an error: its name and status, never its body (which may echo data). */
function describeSesError(error: unknown): { name: string; status: number | undefined; message: string } {
  const e = error as { name?: unknown; $metadata?: { httpStatusCode?: number }; $retryable?: unknown } | null;
  const name = typeof e?.name === 'string' ? e.name : 'UnknownError';
  const status = e?.$metadata?.httpStatusCode;
  return { name, status, message: `SES answered ${name}${status ? ` (HTTP ${status})` : ''}` };
}

function providerError(error: unknown): ProviderError {
  const { name, status, message } = describeSesError(error);
  // network errors, throttling and 5xx are worth retrying; a 4xx says the request itself is wrong
  const retryable = status === undefined || status >= 500 || status === 429 || /Throttl|TooManyRequests|Timeout|ECONN|socket/i.test(name);
  return new ProviderError(status === undefined ? `SES could not be reached (${name})` : message, retryable, name);
}

const CHECKS: Record<string, ProviderCheck['kind']> = { SUCCESS: 'verified', PENDING: 'pending', NOT_STARTED: 'pending', FAILED: 'failed', TEMPORARY_FAILURE: 'error' };

function check(status: string | undefined, errorType: string | undefined): ProviderCheck {
  const kind = CHECKS[status ?? ''] ?? 'error';
  if (kind === 'failed') return { kind, errorType: errorType ?? 'UNKNOWN' };
  if (kind === 'error') return { kind, message: `SES reports ${status ?? 'no status'}` };
  return { kind };
}

/**
 * AWS SES (v2) through the real SDK: Easy DKIM identities (RSA 2048, three CNAMEs to
 * `<token>.dkim.amazonses.com`), a custom MAIL FROM (MX to `feedback-smtp.<region>.amazonses.com`
 * and its SPF TXT), the identity's status read at every verification, deletion, and SendEmail for
 * notifications. Credentials come from the SDK's default chain; identities live per region.
 */
export class SesMailProvider extends MailProvider {
  readonly name = 'ses' as const;
  private readonly clients = new Map<string, SESv2Client>();

  constructor(private readonly options: SesOptions) {
    super();
  }

  private region(request: { region: string | null }): string {
    const region = request.region ?? this.options.defaultRegion;
    if (!region) throw new ProviderError('SES has no region: set AWS_REGION, or give the domain a region', false, 'MissingRegion');
    return region;
  }

  private client(region: string): SESv2Client {
    let client = this.clients.get(region);
    if (!client) {
      client = new SESv2Client({
        region,
        endpoint: this.options.endpoint,
        maxAttempts: this.options.maxAttempts ?? 4,
        retryMode: 'standard',
        requestHandler: new NodeHttpHandler({ connectionTimeout: this.options.timeoutMs ?? 3000, requestTimeout: this.options.timeoutMs ?? 3000 }),
      });
      this.clients.set(region, client);
    }
    return client;
  }

  async provision(request: IdentityRequest): Promise<ProviderIdentity> {
    const region = this.region(request);
    const client = this.client(region);
    let tokens: string[];
    try {
      const created = await client.send(new CreateEmailIdentityCommand({ EmailIdentity: request.domain, DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' } }));
      tokens = created.DkimAttributes?.Tokens ?? [];
    } catch (error) {
      if ((error as { name?: string }).name !== 'AlreadyExistsException') throw providerError(error);
      // another registration (or an earlier attempt) created it: adopt it
      const existing = await this.get(client, request.domain);
      if (existing === null) throw new ProviderError('SES says the identity exists, then that it does not', true, 'NotFoundException');
      tokens = existing.DkimAttributes?.Tokens ?? [];
    }
    const mailFromDomain = request.mailFromSubdomain ? `${request.mailFromSubdomain}.${request.domain}` : null;
    if (mailFromDomain) {
      try {
        await client.send(new PutEmailIdentityMailFromAttributesCommand({ EmailIdentity: request.domain, MailFromDomain: mailFromDomain, BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' }));
      } catch (error) {
        throw providerError(error);
      }
    }
    const identity: SesIdentity = { provider: 'ses', region, tokens, mailFromDomain };
    return identity;
  }

  records(identity: ProviderIdentity | null, request: IdentityRequest): ProviderRecords {
    const ses: SesIdentity = (identity as SesIdentity | null) ?? { provider: 'ses', region: request.region ?? this.options.defaultRegion ?? 'us-east-1', tokens: [], mailFromDomain: null };
    const records: ProviderRecords['records'] = ses.tokens.map((token) => ({
      purpose: 'dkim' as const,
      type: 'CNAME' as const,
      host: `${token}._domainkey.${request.domain}`,
      value: `${token}.dkim.amazonses.com.`,
      required: true,
    }));
    if (ses.mailFromDomain) {
      records.push(
        { purpose: 'returnPath', type: 'MX', host: ses.mailFromDomain, value: `feedback-smtp.${ses.region}.amazonses.com.`, priority: 10, required: false },
        { purpose: 'spf', type: 'TXT', host: ses.mailFromDomain, value: 'v=spf1 include:amazonses.com ~all', required: false },
      );
    }
    return {
      records,
      spfInclude: 'amazonses.com',
      inboundMx: [{ priority: 10, host: `inbound-smtp.${ses.region}.amazonaws.com.` }],
      trackingHost: `r.${ses.region}.awstrack.me.`,
    };
  }

  async status(identity: ProviderIdentity, request: IdentityRequest): Promise<ProviderStatus> {
    const ses = identity as SesIdentity;
    let found: GetEmailIdentityCommandOutput | null;
    try {
      found = await this.get(this.client(ses.region), request.domain);
    } catch (error) {
      const { message } = providerError(error);
      return { gone: false, dkim: { kind: 'error', message }, mailFrom: ses.mailFromDomain ? { kind: 'error', message } : null };
    }
    if (found === null) return { gone: true };
    const errorType = found.VerificationInfo?.ErrorType;
    return {
      gone: false,
      dkim: check(found.DkimAttributes?.Status, errorType),
      mailFrom: ses.mailFromDomain ? check(found.MailFromAttributes?.MailFromDomainStatus, 'MAIL_FROM_MX_NOT_FOUND') : null,
    };
  }

  async deprovision(identity: ProviderIdentity, request: IdentityRequest, otherRegistrationsOfName: number): Promise<void> {
    if (otherRegistrationsOfName > 0) return; // one identity per name and region: another registration still sends with it
    const ses = identity as SesIdentity;
    try {
      await this.client(ses.region).send(new DeleteEmailIdentityCommand({ EmailIdentity: request.domain }));
    } catch (error) {
      if ((error as { name?: string }).name === 'NotFoundException') return; // gone already
      throw providerError(error);
    }
  }

  async send(mail: OutgoingMail): Promise<void> {
    try {
      await this.client(this.region({ region: null })).send(
        new SendEmailCommand({
          FromEmailAddress: mail.from,
          Destination: { ToAddresses: [mail.to] },
          Content: { Simple: { Subject: { Data: mail.subject }, Body: { Text: { Data: mail.text } } } },
        }),
      );
    } catch (error) {
      throw providerError(error);
    }
  }

  private async get(client: SESv2Client, domain: string): Promise<GetEmailIdentityCommandOutput | null> {
    try {
      return await client.send(new GetEmailIdentityCommand({ EmailIdentity: domain }));
    } catch (error) {
      if ((error as { name?: string }).name === 'NotFoundException') return null;
      throw error;
    }
  }
}
