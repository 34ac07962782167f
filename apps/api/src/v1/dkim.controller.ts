import { Body, Controller, Get, Header, Headers, HttpCode, Param, Post, Query, StreamableFile, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { type AccountDkimView, GetAccountDkimQuery, RotateAccountKeysCommand } from '#dkim';
import { ApiKeyHeader, CurrentPrincipal, type Principal, RequirePermission } from '#iam';
import { GetVaultKeyQuery, ListSigningKeysQuery, SignMessageCommand } from '#signing';
import { BodyValidationPipe, QueryValidationPipe, UuidParamPipe } from '../common/validation.js';
import { answering } from '../http/idempotency.interceptor.js';
import { AccountDkimDto, DKIM_EXAMPLES, DKIM_PROBLEMS, RotateKeysDto, SigningKeyListDto, VaultAnswerDto } from './dkim.dto.js';
import { EXAMPLE_MESSAGE, EXAMPLE_SIGNATURE } from './dkim.examples.js';
import { ACCOUNT_ID_PARAM, ProblemResponses } from './problem.dto.js';
import { ProblemExceptionFilter } from './problem.filter.js';
import { PageQueryDto } from './page.dto.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toAccountDkim(view: AccountDkimView): AccountDkimDto {
  return {
    accountId: view.accountId,
    selectors: view.selectors.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), activatedAt: iso(s.activatedAt), retiresAt: iso(s.retiresAt) })),
    nextRotationAt: iso(view.nextRotationAt),
  };
}

/** Whether the client asks for the signed message rather than the signature alone. */
const wantsMessage = (accept: string | undefined) => /(^|,)\s*message\/rfc822\s*(;|,|$)/i.test(accept ?? '');

/**
 * DKIM for the platform's mail servers: signatures made here (POST /api/v1/dkim/sign), the keys
 * for MTAs that sign themselves (signing-keys, and the route rspamd reads as a Vault), and each
 * account's selectors and their rotation.
 */
@ApiTags('DKIM')
@ApiBearerAuth('bearer')
@Controller('api/v1')
@UseFilters(ProblemExceptionFilter)
export class DkimController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post('dkim/sign')
  @HttpCode(200)
  @RequirePermission('Mail_Sign')
  @ApiOperation({
    summary: 'Sign a message for its From domain',
    description:
      'Needs `Mail_Sign`. The raw message (`Content-Type: message/rfc822`, at most DKIM_SIGN_MAX_BYTES), signed for the domain of its `From:` header, which must be a live, active, built-in domain of the key\'s accounts: with that account\'s active selector, rsa-sha256, relaxed/relaxed, RFC 6376 §5.4.1\'s header fields and `From` over-signed. Answers the `DKIM-Signature` header field (CRLF-terminated, to prepend), or with `Accept: message/rfc822` the signed message.',
  })
  @ApiConsumes('message/rfc822')
  @ApiBody({
    required: true,
    schema: { type: 'string', format: 'binary' },
    examples: { order: { summary: 'A message from an active built-in domain', value: EXAMPLE_MESSAGE } },
  })
  @ApiProduces('text/plain', 'message/rfc822')
  @ApiOkResponse({
    description: 'The DKIM-Signature header field, or the signed message',
    content: { 'text/plain': { schema: { type: 'string' }, example: EXAMPLE_SIGNATURE }, 'message/rfc822': { schema: { type: 'string' }, example: `${EXAMPLE_SIGNATURE}${EXAMPLE_MESSAGE}` } },
  })
  @ProblemResponses(400, 401, 403, 415, 422, { instance: '/api/v1/dkim/sign', permission: 'Mail_Sign', examples: DKIM_PROBLEMS.sign('/api/v1/dkim/sign') })
  async sign(@Body() message: Buffer, @Headers('accept') accept: string | undefined, @CurrentPrincipal() principal: Principal) {
    const { signature } = await this.commandBus.execute(new SignMessageCommand(message, principal.scope));
    if (wantsMessage(accept)) return new StreamableFile(Buffer.concat([Buffer.from(signature, 'latin1'), message]), { type: 'message/rfc822' });
    return new StreamableFile(Buffer.from(signature, 'latin1'), { type: 'text/plain; charset=utf-8' });
  }

  @Get('dkim/signing-keys')
  @RequirePermission('DkimKeys_Export')
  @ApiOperation({
    summary: 'The signing keys of the key\'s active built-in domains',
    description: 'Needs `DkimKeys_Export`, which no other permission implies. For an MTA that signs itself: per domain, the active selector and its private key (PKCS#8 PEM). Pages are pages of the domains: one whose account holds no active key is counted in `total` but left out of `items`, so page by `offset` up to `total`. Every export is logged (which API key, which accounts; never the keys).',
  })
  @ApiOkResponse({ type: SigningKeyListDto, examples: DKIM_EXAMPLES.signingKeys })
  @ProblemResponses(400, 401, 403, { instance: '/api/v1/dkim/signing-keys', permission: 'DkimKeys_Export' })
  async signingKeys(@Query(new QueryValidationPipe()) page: PageQueryDto, @CurrentPrincipal() principal: Principal) {
    const keys = await this.queryBus.execute(new ListSigningKeysQuery({ keyId: principal.keyId, scope: principal.scope }, { limit: page.limit, offset: page.offset }));
    return { ...keys, items: keys.items.map((k) => ({ ...k, activeSince: k.activeSince.toISOString() })) };
  }

  @Get('dkim/vault/v1/dkim/:domain')
  @RequirePermission('DkimKeys_Export')
  @ApiKeyHeader('x-vault-token')
  @ApiSecurity('vault')
  @ApiOperation({
    summary: 'A domain\'s signing key, as rspamd reads it from a Vault',
    description:
      'Needs a `DkimKeys_Export` key in `X-Vault-Token` (rspamd\'s `vault_token`; no Authorization header). rspamd\'s dkim_signing module with `use_vault = true` and `vault_url = "http://<service>/api/v1/dkim/vault"` asks this for each message it signs, and signs with the active selector alone. 404 for a domain that is not an active built-in domain of the key\'s accounts. Logged.',
  })
  @ApiHeader({ name: 'X-Vault-Token', required: true, description: 'an API key with DkimKeys_Export' })
  @ApiParam({ name: 'domain', schema: { type: 'string', example: 'example.com' } })
  @ApiOkResponse({ type: VaultAnswerDto, examples: DKIM_EXAMPLES.vault })
  @ProblemResponses(400, 401, 403, 404, { instance: '/api/v1/dkim/vault/v1/dkim/example.com', permission: 'DkimKeys_Export', examples: DKIM_PROBLEMS.vault('/api/v1/dkim/vault/v1/dkim/shop.example.net') })
  async vault(@Param('domain') domain: string, @CurrentPrincipal() principal: Principal) {
    const key = await this.queryBus.execute(new GetVaultKeyQuery(domain, { keyId: principal.keyId, scope: principal.scope }));
    return { data: { selectors: [key] } };
  }

  @Get('accounts/:accountId/dkim')
  @RequirePermission('EmailConfiguration_Read')
  @ApiOperation({
    summary: 'The account\'s DKIM selectors',
    description: 'Needs `EmailConfiguration_Read`. Its two selectors: state, public key, what the provider zone publishes and whether DNS serves it, and when the next rotation is due. 404 for an account without built-in domains (or outside the key\'s accounts).',
  })
  @ApiParam(ACCOUNT_ID_PARAM)
  @ApiOkResponse({ type: AccountDkimDto, examples: DKIM_EXAMPLES.account })
  @ProblemResponses(400, 401, 403, 404, { instance: `/api/v1/accounts/${ACCOUNT_ID_PARAM.schema.example}/dkim`, permission: 'EmailConfiguration_Read', examples: DKIM_PROBLEMS.account(`/api/v1/accounts/${ACCOUNT_ID_PARAM.schema.example}/dkim`) })
  async account(@Param('accountId', UuidParamPipe) accountId: string, @CurrentPrincipal() principal: Principal) {
    return toAccountDkim(await this.queryBus.execute(new GetAccountDkimQuery(accountId, principal.scope)));
  }

  @Post('accounts/:accountId/dkim/rotate')
  @HttpCode(202)
  @RequirePermission('EmailConfiguration_Update')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Rotate the account\'s DKIM keys now',
    description:
      'Needs `EmailConfiguration_Update`. The standby key (which DNS must already serve: else 409 STANDBY_NOT_PUBLISHED) signs from now on; the old one stays published as `retiring` for DKIM_RETIRE_HOURS so mail in flight verifies, then its selector gets a fresh standby key. `revoke: true` (a compromised key) publishes it revoked at once instead. The customers change nothing.',
  })
  @ApiParam(ACCOUNT_ID_PARAM)
  @ApiBody({ type: RotateKeysDto, required: false, examples: { rotate: { summary: 'A rotation', value: {} }, revoke: { summary: 'The active key was compromised', value: { revoke: true } } } })
  @ApiAcceptedResponse({ type: AccountDkimDto, examples: DKIM_EXAMPLES.rotated })
  @ProblemResponses(400, 401, 403, 404, 409, 415, {
    instance: `/api/v1/accounts/${ACCOUNT_ID_PARAM.schema.example}/dkim/rotate`,
    permission: 'EmailConfiguration_Update',
    examples: DKIM_PROBLEMS.rotate(`/api/v1/accounts/${ACCOUNT_ID_PARAM.schema.example}/dkim/rotate`),
  })
  async rotate(@Param('accountId', UuidParamPipe) accountId: string, @Body(BodyValidationPipe) body: RotateKeysDto, @CurrentPrincipal() principal: Principal) {
    return answering(toAccountDkim, () => this.commandBus.execute(new RotateAccountKeysCommand(accountId, principal.scope, body.revoke ?? false)));
  }
}
