import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Page } from '#shared-kernel';
import { ApiKeyRepository } from '../../domain/api-key.repository.port.js';
import { type ApiKeyView, toApiKeyView } from '../api-key.view.js';
import { ListApiKeysQuery } from './list-api-keys.query.js';

@QueryHandler(ListApiKeysQuery)
export class ListApiKeysHandler implements IQueryHandler<ListApiKeysQuery, Page<ApiKeyView>> {
  constructor(private readonly keys: ApiKeyRepository) {}

  async execute({ caller, page }: ListApiKeysQuery): Promise<Page<ApiKeyView>> {
    const found = await this.keys.list(caller.scope, page);
    return { ...found, items: found.items.map(toApiKeyView) };
  }
}
