import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ApiKeyRepository } from '../../domain/api-key.repository.port.js';
import { type ApiKeyView, toApiKeyView } from '../api-key.view.js';
import { ListApiKeysQuery } from './list-api-keys.query.js';

@QueryHandler(ListApiKeysQuery)
export class ListApiKeysHandler implements IQueryHandler<ListApiKeysQuery, ApiKeyView[]> {
  constructor(private readonly keys: ApiKeyRepository) {}

  async execute(): Promise<ApiKeyView[]> {
    return (await this.keys.list()).map(toApiKeyView);
  }
}
