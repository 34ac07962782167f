// Public face of the signing module: its Nest module, commands, queries and read types.
export { SigningModule } from './signing.module.js';
export { type ExportedKey, type Exporter, GetVaultKeyQuery, ListSigningKeysQuery, SignMessageCommand } from './application/signing.commands.js';
export { SIGNED_HEADERS } from './infrastructure/mailauth-dkim-signer.js';
