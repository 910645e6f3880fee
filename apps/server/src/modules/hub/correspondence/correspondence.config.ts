/** hub/correspondence's configuration: the outbound relay and our sender address. @module */
import { z } from 'zod';
import { defineConfigSection } from '../../../platform/index.js';

export const correspondenceConfig = defineConfigSection(
  'hub/correspondence',
  z.object({
    /** Outbound mail relay (smtp://host:port); empty: nothing is sent (acknowledgements are skipped, messages refused). */
    smtpRelayUrl: z.string().default(''),
    /** Sender of outbound mail; its domain names our Message-IDs. */
    ackFrom: z.string().default('Renkei <report@renkei.invalid>'),
  }),
  { RENKEI_SMTP_RELAY_URL: 'smtpRelayUrl', RENKEI_ACK_FROM: 'ackFrom' },
);
