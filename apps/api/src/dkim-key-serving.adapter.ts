import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { KeyServing, type ServedKey } from '#dkim';
import { CheckServedKeyQuery } from '#verification';

/** The dkim module's KeyServing port, answered by the verification module's resolver (DNS_SERVERS). */
@Injectable()
export class VerificationKeyServing extends KeyServing {
  constructor(private readonly queryBus: QueryBus) {
    super();
  }

  served(host: string, txt: string): Promise<ServedKey> {
    return this.queryBus.execute(new CheckServedKeyQuery(host, txt));
  }
}
