import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { CreateApiKeyHandler } from './application/commands/create-api-key.handler.js';
import { EnsureAdminKeyHandler } from './application/commands/ensure-admin-key.handler.js';
import { RevokeApiKeyHandler } from './application/commands/revoke-api-key.handler.js';
import { AuthenticateHandler } from './application/queries/authenticate.handler.js';
import { ListApiKeysHandler } from './application/queries/list-api-keys.handler.js';
import { ApiKeyRepository } from './domain/api-key.repository.port.js';
import { TypeOrmApiKeyRepository } from './infrastructure/typeorm-api-key.repository.js';
import { PgApiKeyChanges } from './infrastructure/pg-api-key-changes.js';
import { ApiKeyChanges } from './application/api-key-changes.port.js';
import { PrincipalCache } from './application/principal-cache.js';
import { ApiKeyGuard } from './interface/api-key.guard.js';

/** API keys and the permission guard, installed for every route of the app. */
@Module({
  imports: [CqrsModule],
  providers: [
    { provide: ApiKeyRepository, useClass: TypeOrmApiKeyRepository },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: ApiKeyChanges, useClass: PgApiKeyChanges },
    PrincipalCache,
    CreateApiKeyHandler,
    RevokeApiKeyHandler,
    EnsureAdminKeyHandler,
    ListApiKeysHandler,
    AuthenticateHandler,
  ],
})
export class IamModule {}
