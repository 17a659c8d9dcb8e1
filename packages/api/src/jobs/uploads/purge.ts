// `uploads.purge`: every 15 minutes, uploads nothing used for a day are deleted, and the files of
// deleted uploads (theirs, and those of deliveries, conversations or businesses deleted) leave the
// storage; at most UPLOAD_PURGE_LIMIT of each a run (services/upload-purge.ts).
import { purgeUploads } from '../../services/upload-purge';
import { defineJob } from '../define';

export const uploadsPurge = defineJob('uploads.purge', {
  // One run at a time (and one waiting): two would only race for the same keys.
  queue: {
    policy: 'stately',
    retryLimit: 3,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 900,
  },
  cron: '*/15 * * * *',
  async handler(_payload, services, job) {
    const result = await purgeUploads(services, job.signal ? { signal: job.signal } : {});
    services.log.info(result, 'uploads purged');
    return result;
  },
});
