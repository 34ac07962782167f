import { Controller, Get, Header, Injectable, type DynamicModule, Global, Module } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { NoRateLimit } from '../http/rate-limit.guard.js';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { GetDomainStatsQuery } from '#domains';
import { Public } from '#iam';
import { GetOutboxStatsQuery, OUTBOX_STATES } from '#outbox';
import { Telemetry, type VerificationResult } from '#shared-kernel';
import { GetWebhookStatsQuery } from '#webhooks';

/** Domain counts and scheduler lag cost a query over every domain: asked at most this often. */
const STATS_TTL_MS = 10_000;
/** Outbox counts are one count by state over a table kept small by pruning: asked at most every second. */
const OUTBOX_STATS_TTL_MS = 1_000;

/** `read`, at most every `ttlMs`: calls in between share the last read; a failed read is not kept. */
function readAtMostEvery<T>(ttlMs: number, read: () => Promise<T>): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (!cached || now - cached.at > ttlMs) {
      const value = read();
      cached = { at: now, value };
      value.catch(() => (cached = undefined));
    }
    return cached.value;
  };
}

/** Seconds buckets from 1 ms to 30 s: API answers, DNS questions and provider calls alike. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The Telemetry port as Prometheus metrics (prom-client), one registry per application, plus the
 * HTTP histogram and the gauges read from the database when scraped.
 */
@Injectable()
export class PrometheusTelemetry extends Telemetry {
  readonly registry = new Registry();
  private readonly http = new Histogram({ name: 'sds_http_request_duration_seconds', help: 'HTTP requests by method, route and status', labelNames: ['method', 'route', 'status'], buckets: BUCKETS, registers: [this.registry] });
  private readonly verifications = new Counter({ name: 'sds_verifications_total', help: 'Domain verifications by result (valid, invalid, inconclusive: DNS could not say, failed: could not run)', labelNames: ['result'], registers: [this.registry] });
  private readonly dns = new Histogram({ name: 'sds_dns_query_duration_seconds', help: 'DNS questions by result (answers, alias, missing, error)', labelNames: ['result'], buckets: BUCKETS, registers: [this.registry] });
  private readonly providerCalls = new Counter({ name: 'sds_provider_calls_total', help: 'Mail provider calls by provider, operation and outcome (ok or the error type)', labelNames: ['provider', 'operation', 'outcome'], registers: [this.registry] });
  private readonly providerLatency = new Histogram({ name: 'sds_provider_call_duration_seconds', help: 'Mail provider call duration by provider and operation', labelNames: ['provider', 'operation'], buckets: BUCKETS, registers: [this.registry] });
  private readonly outboxDeliveries = new Counter({ name: 'sds_outbox_deliveries_total', help: 'Deliveries of outbox entries by handler and outcome (delivered, retry, dead)', labelNames: ['handler', 'outcome'], registers: [this.registry] });
  private readonly webhookDeliveries = new Counter({ name: 'sds_webhook_deliveries_total', help: 'Webhook attempts by what became of their delivery: delivered, retry (tried again on WEBHOOK_RETRY_SCHEDULE), failed (for good)', labelNames: ['outcome'], registers: [this.registry] });
  private readonly webhookLatency = new Histogram({ name: 'sds_webhook_delivery_duration_seconds', help: 'Webhook attempts, from resolving the host to the end of the answer (or the timeout)', buckets: BUCKETS, registers: [this.registry] });
  private readonly zoneDrift = new Gauge({ name: 'sds_provider_zone_drift', help: 'Provider-zone names this instance last found served wrong (a key missing, or another key): the publisher is putting them right', registers: [this.registry] });
  private readonly stats = readAtMostEvery(STATS_TTL_MS, () => this.queryBus.execute(new GetDomainStatsQuery()));
  /** the outbox's counts (concurrent scrapes share one read) */
  private readonly outboxStats = readAtMostEvery(OUTBOX_STATS_TTL_MS, () => this.queryBus.execute(new GetOutboxStatsQuery()));
  /** the pending webhook deliveries, read as often as the outbox's counts */
  private readonly webhookStats = readAtMostEvery(OUTBOX_STATS_TTL_MS, () => this.queryBus.execute(new GetWebhookStatsQuery()));

  constructor(private readonly queryBus: QueryBus) {
    super();
    collectDefaultMetrics({ register: this.registry });
    const stats = () => this.stats();
    new Gauge({
      name: 'sds_domains',
      help: 'Live domains by status',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [status, n] of Object.entries((await stats()).byStatus)) this.set({ status }, n ?? 0);
      },
    });
    new Gauge({
      name: 'sds_scheduler_lag_seconds',
      help: 'Age of the oldest due check (0 when nothing is due): grows when the schedulers fall behind',
      registers: [this.registry],
      async collect() {
        const oldest = (await stats()).oldestDueAt;
        this.set(oldest ? Math.max(0, (Date.now() - new Date(oldest).getTime()) / 1000) : 0);
      },
    });
    const outbox = () => this.outboxStats();
    new Gauge({
      name: 'sds_outbox_entries',
      help: 'Outbox entries by state: pending (to deliver or retry), delivered (kept OUTBOX_KEEP_DAYS), dead (failed for good)',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        const { byState } = await outbox();
        for (const state of OUTBOX_STATES) this.set({ state }, byState[state] ?? 0);
      },
    });
    new Gauge({
      name: 'sds_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest pending outbox entry (0 when none is pending): grows when deliveries fail or fall behind',
      registers: [this.registry],
      async collect() {
        const oldest = (await outbox()).oldestPendingAt;
        this.set(oldest ? Math.max(0, (Date.now() - new Date(oldest).getTime()) / 1000) : 0);
      },
    });
    const webhooks = () => this.webhookStats();
    new Gauge({
      name: 'sds_webhook_deliveries_pending',
      help: 'Webhook deliveries waiting for an attempt (new, or to be retried)',
      registers: [this.registry],
      async collect() {
        this.set((await webhooks()).pending);
      },
    });
    new Gauge({
      name: 'sds_webhook_oldest_pending_age_seconds',
      help: 'Age of the oldest pending webhook delivery (0 when none is pending): grows while receivers fail or deliveries fall behind',
      registers: [this.registry],
      async collect() {
        const oldest = (await webhooks()).oldestPendingAt;
        this.set(oldest ? Math.max(0, (Date.now() - new Date(oldest).getTime()) / 1000) : 0);
      },
    });
  }

  webhookDelivery(outcome: 'delivered' | 'retry' | 'failed', seconds: number): void {
    this.webhookDeliveries.inc({ outcome });
    this.webhookLatency.observe(seconds);
  }

  verification(result: VerificationResult): void {
    this.verifications.inc({ result });
  }

  dnsQuery(result: string, seconds: number): void {
    this.dns.observe({ result }, seconds);
  }

  providerCall(provider: string, operation: string, outcome: string, seconds: number): void {
    this.providerCalls.inc({ provider, operation, outcome });
    this.providerLatency.observe({ provider, operation }, seconds);
  }

  providerZoneDrift(names: number): void {
    this.zoneDrift.set(names);
  }

  outboxDelivery(handler: string, outcome: 'delivered' | 'retry' | 'dead'): void {
    this.outboxDeliveries.inc({ handler, outcome });
  }

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    this.http.observe({ method, route, status: String(status) }, seconds);
  }
}

@ApiTags('Health')
@NoRateLimit()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly telemetry: PrometheusTelemetry) {}

  @Get()
  @Public()
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics', description: 'No key needed: keep it on an internal network (see the README).' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } })
  async metrics(): Promise<string> {
    return this.telemetry.registry.metrics();
  }
}

/** Telemetry for every module (global), and the /metrics route. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(): DynamicModule {
    return {
      module: ObservabilityModule,
      providers: [PrometheusTelemetry, { provide: Telemetry, useExisting: PrometheusTelemetry }],
      controllers: [MetricsController],
      exports: [Telemetry, PrometheusTelemetry],
    };
  }
}
