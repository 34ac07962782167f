// Public face of the verification module: its command, the scheduler (for the app and tests) and settings.
export { VerificationModule, type VerificationModuleOptions } from './verification.module.js';
export { VerifyDomainCommand } from './application/verify-domain.command.js';
export { EvaluateSpfQuery } from './application/evaluate-spf.query.js';
export { type HostAddresses, ResolveHostAddressesQuery } from './application/resolve-host.query.js';
export { IP_MESSAGE as SPF_IP_MESSAGE } from './application/evaluate-spf.handler.js';
export { SPF_RESULTS, type SpfEvaluation, type SpfResult, type SpfTraceStep } from './domain/spf/check-host.js';
export { VerificationSettings } from './application/verification.settings.js';
export { VerificationSchedulerTask } from './application/verification-scheduler.task.js';
export { parseDnsServers } from './infrastructure/dns-servers.js';
export { CheckServedKeyQuery } from './application/served-key.query.js';
