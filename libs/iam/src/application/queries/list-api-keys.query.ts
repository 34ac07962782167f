import { Query } from '@nestjs/cqrs';
import type { ApiKeyView } from '../api-key.view.js';

/** Every key, without secrets, newest first. */
export class ListApiKeysQuery extends Query<ApiKeyView[]> {}
