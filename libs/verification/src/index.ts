// Public face of the verification module: its command, the scheduler (for the app and tests) and settings.
export { VerificationModule, type VerificationModuleOptions } from './verification.module.js';
export { VerifyDomainCommand } from './application/verify-domain.command.js';
export { VerificationSettings } from './application/verification.settings.js';
export { VerificationSchedulerTask } from './application/verification-scheduler.task.js';
export { parseDnsServers } from './infrastructure/dns-servers.js';
