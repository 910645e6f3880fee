/**
 * @module hub/feeds — bulk notification from data feeds: Shadowserver reports, IntelMQ events,
 * generic CSV/JSON read into harmonised events (@renkei/feeds), enriched (hub/resolver's data,
 * hub/directory's constituency), de-duplicated, grouped per responsible party, previewed, and
 * sent as one message per party with a CSV attachment (hub/correspondence).
 */
import { feedErrors } from '@renkei/contracts';
import { defineModule } from '../../../platform/index.js';
import { registerFeedRoutes } from './feeds.routes.js';
import { feedJobs } from './feeds.service.js';
import * as createFeeds from './migrations/202612071300_create_feeds.js';
import * as feedContacts from './migrations/202612101000_feed_contacts.js';
import * as feedEventChunks from './migrations/202612101100_feed_event_chunks.js';
import * as feedChunksDeflated from './migrations/202612111000_feed_chunks_deflated.js';

export {
  findPartyContacts,
  getImport,
  importFeed,
  queueNotifications,
  renderNotification,
  sendNotifications,
  type FeedImportInput,
  type FeedProgress,
} from './feeds.service.js';
export type { FeedImportTable } from './feeds.table.js';

export const feedsModule = defineModule({
  name: 'hub/feeds',
  routes: registerFeedRoutes,
  migrations: {
    '202612071300_create_feeds': createFeeds,
    '202612101000_feed_contacts': feedContacts,
    '202612101100_feed_event_chunks': feedEventChunks,
    '202612111000_feed_chunks_deflated': feedChunksDeflated,
  },
  jobs: feedJobs,
  errors: feedErrors,
  access: {
    'POST /api/workspaces/:workspaceId/feeds': 'content.write in the workspace, audited',
    'GET /api/workspaces/:workspaceId/feeds': 'content.read in the workspace; imports within TLP clearance',
    'GET /api/feeds/:id': "content.read in the import's workspace and TLP within clearance",
    'GET /api/feeds/:id/parties/:partyKey/preview': "content.read in the import's workspace and TLP within clearance",
    'GET /api/feeds/:id/parties/:partyKey/events.csv':
      "content.read in the import's workspace and TLP within clearance",
    'POST /api/feeds/:id/send': "content.write in the import's workspace and TLP within clearance, audited",
  },
});
