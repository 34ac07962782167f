import { Query } from '@nestjs/cqrs';
import type { DomainStats } from '../domain-details.view.js';

/** Live domains by status and the oldest due check, across every account (operators' metrics). */
export class GetDomainStatsQuery extends Query<DomainStats> {}
