/**
 * @module hub/keyring — OpenPGP: the team key (decrypts reports; stored passphrase-encrypted),
 * the directory of public keys that signatures are verified against, and PGP/MIME handling.
 */
export { registerKeyringRoutes } from './keyring.routes.js';
export { addPublicKey, generateTeamKey, importTeamKey, listKeys, loadKeyring, openReportMail, teamPublicKey } from './keyring.service.js';
export { looksLikePgpMail, openPgpMail, PgpMailError, type PgpKeyring, type PgpOutcome, type PgpSignatureState } from './pgp-mail.js';
export type { PgpKeyTable } from './keyring.table.js';
