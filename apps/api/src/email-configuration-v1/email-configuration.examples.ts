/** Seed 000's examples, shown in Swagger. */
const ACCOUNT = '903e1cef-84b3-4500-a9a5-b2ca219f76f5';
const ACCT = ACCOUNT.replace(/-/g, '');

const records = (domain: string, isValid: boolean | boolean[]) =>
  [
    { host: `cm2${ACCT}._domainkey.${domain}`, type: 'CNAME', value: `${ACCT}cm2._domainkey.email.cmtest.nl.` },
    { host: `cm${ACCT}.${domain}`, type: 'CNAME', value: `${ACCT}.email.cmtest.nl.` },
    { host: `cm1${ACCT}._domainkey.${domain}`, type: 'CNAME', value: `${ACCT}cm1._domainkey.email.cmtest.nl.` },
  ].map((r, i) => ({ ...r, isValid: Array.isArray(isValid) ? isValid[i] : isValid }));

const ex = (summary: string, value: unknown) => ({ summary, value });

export const EXAMPLES = {
  addRequest: {
    company: ex('Register company domain', { emailAddress: 'admin@example.com', domain: 'example.com', accountId: ACCOUNT, dnsRecords: records('example.com', false) }),
    subdomain: ex('Add subdomain for marketing', {
      emailAddress: 'marketing@company.com',
      domain: 'marketing.company.com',
      accountId: ACCOUNT,
      dnsRecords: records('marketing.company.com', false),
    }),
  },
  addResponse: {
    success: ex('Success', {
      statusCode: 'Ok',
      statusMessage: 'Success',
      domainConfig: {
        id: 123,
        domain: 'example.com',
        accountId: ACCOUNT,
        isValid: false,
        createdOn: '2024-03-15T10:30:00Z',
        modifiedOn: null,
        deletedOn: null,
        dnsRecords: records('example.com', false),
      },
    }),
  },
  addErrors: {
    empty: ex('Invalid request', { statusCode: 'InvalidRequest', statusMessage: 'Domain cannot be empty or null', domainConfig: null }),
    account: ex('Invalid account', { statusCode: 'InvalidRequest', statusMessage: 'Invalid AccountId Token', domainConfig: null }),
    exists: ex('Registered already', { statusCode: 'InvalidRequest', statusMessage: 'Domain already exists for this account', domainConfig: null }),
    email: ex('No contact address', { statusCode: 'InvalidRequest', statusMessage: 'emailAddress is required', domainConfig: null }),
  },
  listResponse: {
    success: ex('Success', {
      statusCode: 'Ok',
      statusMessage: 'Success',
      domains: [
        {
          id: 123,
          domain: 'example.com',
          accountId: ACCOUNT,
          isValid: true,
          createdOn: '2024-03-15T10:30:00Z',
          modifiedOn: '2024-03-16T14:20:00Z',
          deletedOn: null,
          dnsRecords: records('example.com', true),
        },
      ],
    }),
  },
  listErrors: { invalid: ex('Invalid account', { statusCode: 'InvalidRequest', statusMessage: 'Invalid AccountId Token', domains: [] }) },
  listErrors404: { otherAccount: ex('An account the key may not see', { statusCode: 'NotFound', statusMessage: 'Resource not found', domains: [] }) },
  recordsResponse: {
    success: ex('Success', {
      statusCode: 'Ok',
      statusMessage: 'Success',
      dnsRecords: records('example.com', true).map((r, i) => ({ id: 456 + i, fromDomain: 123, ...r })),
    }),
  },
  recordsErrors400: { invalid: ex('Invalid domain id', { statusCode: 'InvalidRequest', statusMessage: 'Invalid request parameters' }) },
  recordsErrors: {
    notFound: ex('Not found', { statusCode: 'NotFound', statusMessage: 'DNS records not found for the specified domain' }),
    emptyPathParameter: ex('An empty path parameter (…/dns/accounts//domains/123): no route takes it', { statusCode: 'NotFound', statusMessage: 'Resource not found' }),
  },
  deleteResponse: { success: ex('Deleted', { statusCode: 'Ok', statusMessage: 'Domain deleted successfully' }) },
  deleteErrors400: { invalid: ex('Invalid domain id', { statusCode: 'InvalidRequest', statusMessage: 'Invalid request parameters' }) },
  deleteErrors404: { notFound: ex('Domain not found', { statusCode: 'NotFound', statusMessage: 'Domain not found' }) },
  verifyResponse: {
    verified: ex('Every record found: the domain is active', { statusCode: 'Ok', message: 'Success', dnsEntries: records('example.com', true) }),
    partial: ex('Some records found: still pending', { statusCode: 'Ok', message: 'Success', dnsEntries: records('example.com', [false, true, false]) }),
    none: ex('Nothing published yet', { statusCode: 'Ok', message: 'Success', dnsEntries: records('example.com', false) }),
  },
  verifyErrors: {
    failed: ex('DNS could not be asked about any record', { statusCode: 'InvalidRequest', message: 'unable to verify domain', dnsEntries: [] }),
    notFound: ex('Domain not found', { statusCode: 'InvalidRequest', message: 'Domain not found or not configured for this account', dnsEntries: [] }),
    domain: ex('No domain query parameter', { statusCode: 'InvalidRequest', message: 'The domain query parameter is required', dnsEntries: [] }),
    account: ex('Invalid account', { statusCode: 'InvalidRequest', message: 'Invalid AccountId Token', dnsEntries: [] }),
  },
};
