import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetVaultKeyHandler, ListSigningKeysHandler, SignMessageHandler } from './application/signing.handlers.js';

/**
 * What the platform's MTA gets from the built-in provider: messages signed for it, or the keys to
 * sign with itself (a list, and rspamd's Vault route). It brings together the domains (which
 * domain may be signed for) and the dkim module (its account's active key).
 */
@Module({ imports: [CqrsModule], providers: [SignMessageHandler, ListSigningKeysHandler, GetVaultKeyHandler] })
export class SigningModule {}
