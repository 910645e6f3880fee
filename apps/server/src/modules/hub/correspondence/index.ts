/**
 * @module hub/correspondence — every message the Hub sends: composed from templates (JA/EN),
 * stored with its owner and our Message-ID, delivered through the relay by a job with retries;
 * replies are claimed by the owner of the message they answer (incident today; coordination and
 * vulnerability cases next).
 */
import { correspondenceErrors } from '@renkei/contracts';
import { defineModule } from '../../../platform/index.js';
import { registerCorrespondenceRoutes } from './correspondence.routes.js';
import { correspondenceConfig } from './correspondence.config.js';
import { correspondenceJobs } from './correspondence.service.js';
import * as createOutboundMessage from './migrations/202612011200_create_outbound_message.js';
import * as addOutboundProtection from './migrations/202612041300_add_outbound_protection.js';
import * as addOutboundAttachments from './migrations/202612071200_add_outbound_attachments.js';
import * as addOutboundHtmlAndReplies from './migrations/202612081000_add_outbound_html_and_replies.js';
import * as createOutboundBounce from './migrations/202612081200_create_outbound_bounce.js';

export {
  bouncesOf,
  bouncesOfAddresses,
  canSendMail,
  claimReplies,
  deliveryStatuses,
  messageProtection,
  messagesByIds,
  queueMessage,
  recordBounces,
  recordReplies,
  repliesTo,
  type OutboundMessage,
  type QueuedMessage,
} from './correspondence.service.js';
export {
  acknowledgementMessage,
  languageOf,
  teamName,
  tlpNotice,
  type ComposedMessage,
  type Language,
} from './templates.js';
export type {
  DeliveryStatus,
  MessageProtection,
  OutboundMessageRow,
  OutboundMessageTable,
} from './correspondence.table.js';
export { correspondenceConfig } from './correspondence.config.js';

export const correspondenceModule = defineModule({
  name: 'hub/correspondence',
  config: correspondenceConfig,
  migrations: {
    '202612011200_create_outbound_message': createOutboundMessage,
    '202612041300_add_outbound_protection': addOutboundProtection,
    '202612071200_add_outbound_attachments': addOutboundAttachments,
    '202612081000_add_outbound_html_and_replies': addOutboundHtmlAndReplies,
    '202612081200_create_outbound_bounce': createOutboundBounce,
  },
  jobs: correspondenceJobs,
  routes: registerCorrespondenceRoutes,
  errors: correspondenceErrors,
  access: {
    'GET /api/workspaces/:workspaceId/outbox': 'content.read; TLP within clearance; recipients need reporter.read',
    'POST /api/outbound-messages/:id/retry': 'TLP and workspace of the message, content.write; audited',
  },
});
