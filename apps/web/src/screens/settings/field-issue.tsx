// The server's refusal of a form's fields, in the user's language: a form names the fields it words
// itself, shows those under each field, and the others (unexpected ones) in one line.
import type { I18n } from '../../lib/i18n';
import { errorText, type Issue, issuesOf } from '../../lib/trpc';

/** The issues of a failed call on the fields a form words, and those on any other path. */
export function fieldIssues(error: unknown, worded: readonly string[], i18n?: I18n) {
  const issues = issuesOf(error);
  const onField = (path: string) => issues.some((issue) => issue.path === path);
  const shown: Issue[] = issues.filter((issue) => worded.includes(issue.path));
  const others = issues.length > shown.length ? errorText(error, shown, i18n) : null;
  return { onField, others };
}

/** One field's issue, under it. */
export function FieldIssue(props: { text: string | null }) {
  if (!props.text) return null;
  return (
    <span role="alert" className="block text-sm text-red-700">
      {props.text}
    </span>
  );
}
