/** hub/intake's jobs: filing received mail (in batches, for bursts) and acknowledgements. @module */
import { defineJob, type AppContext } from '../../../platform/index.js';
import { acknowledgementJobs } from './acknowledgement.js';
import { processMailJob } from './inbound-mail.js';
import { processInboundMail, processInboundMails } from './mail-filing.js';

export function intakeJobs(ctx: AppContext) {
  return [
    defineJob({
      ...processMailJob,
      handler: ({ inboundId }) => processInboundMail(ctx, inboundId),
      // A burst of received mail is filed in batches, at the speed of a bulk import.
      batch: {
        size: 100,
        handler: async (payloads) =>
          void (await processInboundMails(
            ctx,
            payloads.map((p) => p.inboundId),
          )),
      },
    }),
    ...acknowledgementJobs(ctx),
  ];
}
