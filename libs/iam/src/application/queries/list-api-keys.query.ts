import { Query } from '@nestjs/cqrs';
import type { Page, PageRequest } from '#shared-kernel';
import type { ApiKeyView } from '../api-key.view.js';
import type { Principal } from '../principal.js';

/**
 * The keys the caller may manage, without secrets, newest first: those whose accounts all lie in
 * the caller's scope (a key on every account only for a caller on every account).
 */
export class ListApiKeysQuery extends Query<Page<ApiKeyView>> {
  constructor(
    readonly caller: Principal,
    readonly page: PageRequest,
  ) {
    super();
  }
}
