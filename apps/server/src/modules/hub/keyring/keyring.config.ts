/** hub/keyring's configuration: the passphrase of the team's private key. @module */
import { z } from 'zod';
import { defineConfigSection } from '../../../platform/index.js';

export const keyringConfig = defineConfigSection(
  'hub/keyring',
  z.object({
    /**
     * Passphrase that encrypts the team's OpenPGP private key at rest (S2K in the key itself);
     * without it no team key can be created or used, and encrypted mail is quarantined.
     */
    pgpPassphrase: z.string().min(12).optional(),
  }),
  { RENKEI_PGP_PASSPHRASE: 'pgpPassphrase' },
);
