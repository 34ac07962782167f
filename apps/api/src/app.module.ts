import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ScheduleModule } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import type { DataSource } from 'typeorm';
import { DkimModule } from '#dkim';
import { KeyEncryption } from '#shared-kernel';
import { DnsPublishingModule, parseTsigKey, parseZoneServer } from '#dns-publishing';
import { DnsRecordsModule } from '#dns-records';
import { DEFAULT_VERIFICATION_POLICY, DomainsModule, DomainsSettings } from '#domains';
import { IamModule } from '#iam';
import { IdempotencyModule } from '#idempotency';
import { MailProvidersModule } from '#mail-providers';
import { NotificationsModule } from '#notifications';
import { SigningModule } from '#signing';
import { OutboxModule } from '#outbox';
import { VerificationModule } from '#verification';
import { WebhooksModule } from '#webhooks';
import type { AppConfig } from './config.js';
import { DatabaseModule } from './database/database.module.js';
import { keyEncryptionOf } from './dkim-key-encryption.js';
import { VerificationKeyServing } from './dkim-key-serving.adapter.js';
import { EmailConfigurationController } from './email-configuration-v1/email-configuration.controller.js';
import { HealthController } from './health/health.controller.js';
import { IdempotencyInterceptor } from './http/idempotency.interceptor.js';
import { UnknownQueryInterceptor } from './http/unknown-query.interceptor.js';
import { ApiKeyRateLimitGuard, RateLimitSettings } from './http/rate-limit.guard.js';
import { ObservabilityModule } from './observability/metrics.js';
import { ApiKeysController } from './v1/api-keys.controller.js';
import { DomainsController } from './v1/domains.controller.js';
import { SpfController } from './v1/spf.controller.js';
import { ProviderZoneController } from './v1/provider-zone.controller.js';
import { WebhooksController } from './v1/webhooks.controller.js';
import { NativeWebhookPayloads } from './v1/webhooks.mapper.js';
import { DkimController } from './v1/dkim.controller.js';

const HOUR = 3_600_000;

/** Settings the modules ask for, made from the validated configuration. */
@Module({})
class SettingsModule {
  static forRoot(config: AppConfig, keyEncryption: KeyEncryption): DynamicModule {
    const v = config.verification;
    return {
      module: SettingsModule,
      global: true,
      providers: [
        // the key-encryption keys that seal every secret the service keeps (DKIM private keys, webhook secrets)
        { provide: KeyEncryption, useValue: keyEncryption },
        {
          provide: DomainsSettings,
          useValue: {
            // the fixed parts (failure threshold, 1 h retry cap) from the domain's defaults
            verificationPolicy: {
              ...DEFAULT_VERIFICATION_POLICY,
              windowMs: v.windowHours * HOUR,
              retryBaseMs: v.retryBaseSeconds * 1000,
              recheckMs: v.recheckHours * HOUR,
            },
          },
        },
      ],
      exports: [DomainsSettings, KeyEncryption],
    };
  }
}

/** The dns-publishing module's options from PROVIDER_ZONE_PUBLISHER and its companions. */
function publisherOptions(config: AppConfig): Parameters<typeof DnsPublishingModule.forRoot>[0] {
  const p = config.zonePublisher;
  if (p.kind === 'rfc2136') return { kind: 'rfc2136', server: parseZoneServer(p.server), tsig: parseTsigKey(p.tsig) };
  if (p.kind === 'route53') return { kind: 'route53', hostedZoneId: p.hostedZoneId, endpoint: p.endpoint }; // Route 53 is global: the SDK signs for us-east-1
  return { kind: 'none' };
}

/** The composition root: wires every module's ports to their adapters, and the API surfaces. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, dataSource: DataSource): DynamicModule {
    const v = config.verification;
    const keyEncryption = keyEncryptionOf(config);
    return {
      module: AppModule,
      imports: [
        ObservabilityModule.forRoot(),
        TerminusModule.forRoot({ logger: false }), // failures are answered (503) and logged by the filter
        CqrsModule.forRoot(),
        ScheduleModule.forRoot(),
        DatabaseModule.forRoot(dataSource),
        SettingsModule.forRoot(config, keyEncryption),
        OutboxModule.forRoot({
          retry: { baseMs: config.outbox.retryBaseSeconds * 1000, maxMs: HOUR, windowMs: config.outbox.retryHours * HOUR },
          keepMs: config.outbox.keepDays * 24 * HOUR,
          // the scheduler's tick: what a crashed instance left is picked up by the next one's
          pollMs: v.tickSeconds * 1000,
        }),
        MailProvidersModule.forRoot({
          defaultProvider: config.mailProvider,
          builtin: { zone: config.providerDnsZone, spfInclude: config.providerSpfInclude, trackingHost: config.providerTrackingHost, inboundMx: config.providerInboundMx },
          ses: config.ses && { defaultRegion: config.ses.region, endpoint: config.ses.endpoint },
          smtpUrl: config.smtpUrl,
          from: config.smtpFrom,
        }),
        NotificationsModule,
        WebhooksModule.forRoot({
          settings: {
            secretOverlapMs: config.webhooks.secretOverlapHours * HOUR,
            timeoutMs: config.webhooks.timeoutMs,
            retrySchedule: config.webhooks.retrySchedule,
            disableAfterMs: config.webhooks.disableAfterHours * HOUR,
            logMs: config.webhooks.logDays * 24 * HOUR,
            allowHttp: config.webhooks.allowHttp,
            allowPrivateNetworks: config.webhooks.allowPrivateNetworks,
            sendThreads: config.webhooks.sendThreads,
            pollMs: v.tickSeconds * 1000,
          },
          payloads: NativeWebhookPayloads,
        }),
        SigningModule,
        DkimModule.forRoot({
          zone: {
            zone: config.providerDnsZone,
            ttl: config.providerZoneTtl,
            returnPathMx: config.providerReturnPathMx,
            spfInclude: config.providerSpfInclude,
            sendingIps: config.providerSendingIps,
          },
          keyBits: config.dkim.keyBits,
          retireMs: config.dkim.retireHours * HOUR,
          encryption: keyEncryption,
          publisher: config.zonePublisher.kind,
          tickMs: v.tickSeconds * 1000,
          rotationMs: config.dkim.rotationDays * 24 * HOUR,
        }, VerificationKeyServing),
        DnsPublishingModule.forRoot(publisherOptions(config)),
        DomainsModule,
        DnsRecordsModule,
        IamModule,
        IdempotencyModule.forRoot({ leaseMs: config.idempotencyLeaseSeconds * 1000 }),
        VerificationModule.forRoot({
          dns: { servers: config.dnsServers, timeoutMs: config.dnsTimeoutMs, tries: config.dnsTries, maxInFlight: config.dnsMaxInFlight },
          settings: { tickMs: v.tickSeconds * 1000, concurrency: v.concurrency, leaseMs: v.leaseSeconds * 1000, schedulerEnabled: v.schedulerEnabled, sendingIps: config.providerSendingIps, providerZone: config.providerDnsZone },
        }),
      ],
      controllers: [EmailConfigurationController, DomainsController, ApiKeysController, HealthController, ProviderZoneController, DkimController, SpfController, WebhooksController],
      providers: [
        { provide: APP_INTERCEPTOR, useClass: UnknownQueryInterceptor }, // before IdempotencyInterceptor: a refused request never takes its Idempotency-Key
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: RateLimitSettings, useValue: { perMinute: config.rateLimitPerMinute } },
        ...(config.rateLimitPerMinute > 0 ? [{ provide: APP_GUARD, useClass: ApiKeyRateLimitGuard }] : []),
      ],
    };
  }
}
