/**
 * @module hub/keyring — OpenPGP: the team key (decrypts reports; stored passphrase-encrypted),
 * the directory of public keys that signatures are verified against, and PGP/MIME handling.
 */
import { defineModule } from '../../../platform/index.js';
import { keyringConfig } from './keyring.config.js';
import { registerKeyringRoutes } from './keyring.routes.js';

export { registerKeyringRoutes } from './keyring.routes.js';
export {
  addPublicKey,
  expectedProtection,
  generateTeamKey,
  importTeamKey,
  keysForAddresses,
  type AddressKey,
  listKeys,
  loadKeyring,
  openReportMail,
  sealOutboundMail,
  teamPublicKey,
} from './keyring.service.js';
export {
  looksLikePgpMail,
  openPgpMail,
  PgpMailError,
  type PgpKeyring,
  type PgpOutcome,
  type PgpSignatureState,
} from './pgp-mail.js';
export { sealPgpMail, type SealKeys, type SealProtection } from './pgp-seal.js';
export type { PgpKeyTable } from './keyring.table.js';
export { keyringConfig } from './keyring.config.js';

export const keyringModule = defineModule({
  name: 'hub/keyring',
  config: keyringConfig,
  routes: registerKeyringRoutes,
  access: {
    'GET /api/workspaces/:workspaceId/pgp-keys': 'content.read in the workspace',
    'POST /api/workspaces/:workspaceId/pgp-keys': 'content.write in the workspace',
    'POST /api/workspaces/:workspaceId/pgp-keys/team': 'workspace.manage',
    'DELETE /api/pgp-keys/:id': "content.write (team key: workspace.manage) in the key's workspace",
  },
});
