import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { VerificationSchedulerTask } from './application/verification-scheduler.task.js';
import { VerificationSettings } from './application/verification.settings.js';
import { DomainChecker } from './application/domain-checker.js';
import { EvaluateSpfHandler } from './application/evaluate-spf.handler.js';
import { ProviderKeyCheck } from './application/provider-key-check.js';
import { ResolveHostAddressesHandler } from './application/resolve-host.query.js';
import { CheckServedKeyHandler } from './application/served-key.query.js';
import { VerifyDomainHandler, VerifyDomainsHandler } from './application/verify-domain.handler.js';
import { DnsResolverPort } from './domain/dns-resolver.port.js';
import { MeasuredDnsResolver } from './infrastructure/measured-dns-resolver.js';
import { WireDnsResolver, type WireDnsResolverOptions } from './infrastructure/wire-dns-resolver.adapter.js';
import { Telemetry } from '#shared-kernel';

export interface VerificationModuleOptions {
  dns: WireDnsResolverOptions;
  settings: VerificationSettings;
}

/** DNS resolution, matching, VerifyDomain, the scheduler and status notifications. */
@Module({})
export class VerificationModule {
  static forRoot(options: VerificationModuleOptions): DynamicModule {
    return {
      module: VerificationModule,
      imports: [CqrsModule],
      providers: [
        { provide: DnsResolverPort, useFactory: (telemetry: Telemetry) => new MeasuredDnsResolver(new WireDnsResolver(options.dns), telemetry), inject: [Telemetry] },
        { provide: VerificationSettings, useValue: options.settings },
        DomainChecker,
        ProviderKeyCheck,
        CheckServedKeyHandler,
        VerifyDomainHandler,
        EvaluateSpfHandler,
        ResolveHostAddressesHandler,
        VerifyDomainsHandler,
        VerificationSchedulerTask,
      ],
      exports: [VerificationSchedulerTask],
    };
  }
}
