// Saved answers (quick replies) for the inbox's `/`: owners and admins add, change and remove them.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Card, ErrorState, Field, Input, Textarea } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import { useTRPC } from '../../lib/trpc';
import { useSaved } from '../../lib/use-saved';

export function QuickRepliesCard() {
  const trpc = useTRPC();
  const { t } = useI18n();
  const saved = useSaved();
  const replies = useQuery(trpc.quickReplies.list.queryOptions());
  const refresh = [trpc.quickReplies.list.pathFilter()];
  const empty = { title: '', shortcut: '', body: '' };
  const [draft, setDraft] = useState(empty);
  // The answer being changed, or null while a new one is written.
  const [editing, setEditing] = useState<string | null>(null);
  const done = () => {
    setDraft(empty);
    setEditing(null);
  };
  const create = useMutation(
    trpc.quickReplies.create.mutationOptions(
      saved({ message: 'quickReplies.saved', refresh, after: done }),
    ),
  );
  const update = useMutation(
    trpc.quickReplies.update.mutationOptions(
      saved({ message: 'quickReplies.saved', refresh, after: done }),
    ),
  );
  const remove = useMutation(
    trpc.quickReplies.remove.mutationOptions(saved({ message: 'quickReplies.removed', refresh })),
  );
  return (
    <Card title={t('quickReplies.title')}>
      <p className="mb-3 text-xs text-slate-500">{t('quickReplies.subtitle')}</p>
      {replies.isError ? <ErrorState error={replies.error} /> : null}
      <ul className="mb-3 divide-y divide-slate-100" data-testid="quick-replies-settings">
        {replies.data?.map((reply) => (
          <li key={reply.id} className="flex items-start justify-between gap-2 py-2 text-sm">
            <span className="min-w-0">
              <span className="font-medium">/{reply.shortcut}</span> · {reply.title}
              <span className="block truncate text-xs text-slate-500">{reply.body}</span>
            </span>
            <span className="flex shrink-0 gap-1">
              <Button
                size="sm"
                variant="ghost"
                onClick={() => {
                  setEditing(reply.id);
                  setDraft({ title: reply.title, shortcut: reply.shortcut, body: reply.body });
                }}
              >
                {t('common.edit')}
              </Button>
              <Button
                size="sm"
                variant="ghost"
                busy={remove.isPending && remove.variables?.id === reply.id}
                onClick={() => remove.mutate({ id: reply.id })}
              >
                {t('team.remove')}
              </Button>
            </span>
          </li>
        ))}
      </ul>
      <form
        className="space-y-2"
        onSubmit={(event) => {
          event.preventDefault();
          if (editing) update.mutate({ id: editing, ...draft });
          else create.mutate(draft);
        }}
      >
        <div className="grid grid-cols-2 gap-2">
          <Field label={t('quickReplies.titleField')}>
            <Input
              value={draft.title}
              onChange={(event) => setDraft({ ...draft, title: event.target.value })}
            />
          </Field>
          <Field label={t('quickReplies.shortcut')}>
            <Input
              value={draft.shortcut}
              placeholder="livraison"
              onChange={(event) => setDraft({ ...draft, shortcut: event.target.value })}
            />
          </Field>
        </div>
        <Field label={t('quickReplies.body')}>
          <Textarea
            rows={3}
            value={draft.body}
            placeholder="Bonjour {prénom}, …"
            onChange={(event) => setDraft({ ...draft, body: event.target.value })}
          />
        </Field>
        <div className="flex gap-2">
          <Button
            type="submit"
            busy={create.isPending || update.isPending}
            disabled={!draft.title.trim() || !draft.shortcut.trim() || !draft.body.trim()}
          >
            {editing ? t('common.save') : t('quickReplies.add')}
          </Button>
          {editing ? (
            <Button variant="secondary" onClick={done}>
              {t('common.cancel')}
            </Button>
          ) : null}
        </div>
      </form>
    </Card>
  );
}
