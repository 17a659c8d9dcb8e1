// `whatsapp.media`: asks the Graph API where a received media is and keeps the reference on the
// message (the download itself happens when someone opens it). Enqueued by the ingest.
import { messageWithActiveAccount, updateMessage } from '@flux/db/queries/messages';
import { whatsappClientFor } from '../../services/whatsapp-client';
import { defineJob } from '../define';

export const whatsappMedia = defineJob('whatsapp.media', {
  queue: { retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 60 },
  async handler({ messageId }, { db, config }) {
    const row = await messageWithActiveAccount(db, { messageId });
    const mediaId =
      typeof row?.message.media?.mediaId === 'string' ? row.message.media.mediaId : null;
    if (!row || !mediaId || row.message.media?.url) return { skipped: true };
    const client = whatsappClientFor(config, row.account.accessToken, 'background');
    const media = await client.getMedia(mediaId);
    await updateMessage(db, {
      businessId: row.message.businessId,
      messageId,
      set: {
        media: {
          ...row.message.media,
          url: media.url,
          mimeType: media.mime_type ?? row.message.media?.mimeType,
          sha256: media.sha256 ?? row.message.media?.sha256,
          sizeBytes: media.file_size,
        },
      },
    });
    return { url: media.url };
  },
});
