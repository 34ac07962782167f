import { Query } from '@nestjs/cqrs';
import type { Principal } from '../principal.js';

/** Resolves a presented secret to its principal; throws UNAUTHENTICATED for unknown or revoked keys. */
export class AuthenticateQuery extends Query<Principal> {
  constructor(readonly secret: string) {
    super();
  }
}
