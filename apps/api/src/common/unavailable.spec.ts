import { ServiceUnavailableException, BadRequestException } from '@nestjs/common';
import { isDependencyUnavailable } from './unavailable.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDependencyUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['PostgreSQL shutting down (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['PostgreSQL starting up (57P03)', withCode('57P03', 'the database system is starting up')],
    ['a connection exception (08006)', withCode('08006')],
    ['too many connections (53300)', withCode('53300')],
    ['node-postgres losing the server', new Error('Connection terminated unexpectedly')],
    ['the pool timing out', new Error('timeout exceeded when trying to connect')],
    ['TypeORM wrapping a driver error', Object.assign(new Error('query failed'), { driverError: withCode('57P01') })],
    ['a cause', new Error('outer', { cause: withCode('ECONNREFUSED') })],
    ['an AggregateError of addresses', new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], '')],
    ['a released query runner', Object.assign(new Error('Query runner already released'), { name: 'QueryRunnerAlreadyReleasedError' })],
    ['an explicit 503', new ServiceUnavailableException('down')],
    ['a deadlock that outlasted the retries (40P01)', Object.assign(new Error('query failed'), { driverError: withCode('40P01', 'deadlock detected') })],
    ['a serialisation failure (40001)', withCode('40001', 'could not serialize access due to concurrent update')],
  ])('is true for %s', (_what, error) => {
    expect(isDependencyUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505', 'duplicate key value')],
    ['a syntax error', withCode('42601')],
    ['a programming error', new TypeError('x is undefined')],
    ['a 400', new BadRequestException('bad')],
    ['nothing', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('is false for %s', (_what, error) => {
    expect(isDependencyUnavailable(error)).toBe(false);
  });
});
