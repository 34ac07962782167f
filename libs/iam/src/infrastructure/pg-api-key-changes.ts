import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { TypeOrmUnitOfWork } from '#shared-kernel';
import { ApiKeyChanges } from '../application/api-key-changes.port.js';

/** The channel the API key repository notifies on (in the writing transaction: sent at commit). */
export const API_KEY_CHANNEL = 'sds_api_keys';
const MAX_BACKOFF_MS = 5_000;

/**
 * PostgreSQL LISTEN/NOTIFY: one connection per instance listens on `sds_api_keys`. Live only while
 * that connection is up; when it drops, listeners are told (caches emptied) and it reconnects.
 */
@Injectable()
export class PgApiKeyChanges extends ApiKeyChanges implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ApiKeyChanges');
  private readonly listeners: (() => void)[] = [];
  private client: pg.Client | undefined;
  private connected = false;
  private stopped = false;
  private backoffMs = 100;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly uow: TypeOrmUnitOfWork) {
    super();
  }

  get live(): boolean {
    return this.connected;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  changedHere(): void {
    this.tell();
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.down();
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const options = this.uow.dataSource.options as { url?: string };
    const client = new pg.Client({ connectionString: options.url });
    client.on('notification', (message) => {
      if (message.channel === API_KEY_CHANNEL) this.tell();
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${API_KEY_CHANNEL}`);
      this.connected = true;
      this.backoffMs = 100;
      this.tell(); // anything missed while down
    } catch (error) {
      this.logger.warn(`Cannot listen for API key changes (keys are checked in the database on every request meanwhile): ${error instanceof Error ? error.message : String(error)}`);
      this.lost(client);
    }
  }

  private lost(client: pg.Client): void {
    if (client !== this.client) return;
    this.client = undefined;
    this.down();
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.retry = setTimeout(() => void this.connect(), this.backoffMs);
    this.retry.unref();
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
  }

  private down(): void {
    if (!this.connected) return;
    this.connected = false;
    this.tell();
  }

  private tell(): void {
    for (const listener of this.listeners) listener();
  }
}
