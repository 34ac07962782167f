/**
 * The framework's own cost, run as a child process of the benchmark: a Nest application with one
 * controller, `GET /health` running `SELECT 1` through pg and answering `{"status":"ok"}`, on
 * PLATFORM=express (what the service runs on) or PLATFORM=fastify. Nothing of the service is in
 * it (no guards, logging, metrics or security headers), so against the bare node:http + pg server
 * it shows what Nest and each HTTP platform cost by themselves. Prints `ready <port>`.
 */
import 'reflect-metadata';
import { Controller, Get, Inject, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';

const POOL = Symbol('pool');

@Controller()
class HealthController {
  constructor(@Inject(POOL) private readonly pool: pg.Pool) {}

  @Get('health')
  async health(): Promise<{ status: string }> {
    await this.pool.query('SELECT 1');
    return { status: 'ok' };
  }
}

@Module({
  controllers: [HealthController],
  providers: [{ provide: POOL, useFactory: () => new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 }) }],
})
class FrameworkBenchModule {}

async function main(): Promise<void> {
  const platform = process.env.PLATFORM;
  let app;
  if (platform === 'fastify') {
    const { FastifyAdapter } = await import('@nestjs/platform-fastify');
    app = await NestFactory.create(FrameworkBenchModule, new FastifyAdapter(), { logger: false });
  } else if (platform === 'express') {
    app = await NestFactory.create(FrameworkBenchModule, { logger: false });
  } else {
    throw new Error(`PLATFORM must be express or fastify, got ${platform}`);
  }
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  process.stdout.write(`ready ${address.port}\n`);
}

void main();
