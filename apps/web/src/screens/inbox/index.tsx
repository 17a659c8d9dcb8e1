// The inbox: conversations (virtualized, live), the thread with its composer, and beside it the
// AI panel and the customer's card. Everything the team does all day, in one page; each part is
// its own module in this folder, their data in hooks.ts. On a phone one pane at a time: the list,
// then the thread (with a way back), the AI panel and the card as a sheet over it. An email
// thread opens in the same place as a conversation.
import { useSearch } from '@tanstack/react-router';
import { Empty } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import { ConversationList } from './conversation-list';
import { parseThreadId } from './email-hooks';
import { EmailThreadView } from './email-thread';
import { Thread } from './thread';

export function InboxScreen() {
  const search = useSearch({ from: '/app/inbox' });
  const emailThread = search.e ? parseThreadId(search.e) : null;
  return (
    <div className="flex h-full min-h-0">
      <ConversationList search={search} />
      {search.c ? (
        <Thread key={search.c} conversationId={search.c} />
      ) : emailThread ? (
        <EmailThreadView key={search.e} {...emailThread} />
      ) : (
        <div className="flex flex-1 items-center justify-center bg-slate-50 max-md:hidden">
          <InboxEmptyThread />
        </div>
      )}
    </div>
  );
}

function InboxEmptyThread() {
  const { t } = useI18n();
  return <Empty title={t('inbox.pick')} hint={t('inbox.pickHint')} />;
}
