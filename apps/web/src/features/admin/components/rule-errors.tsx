import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api-client.ts';
import { errorMessage } from '../../../lib/errors.ts';

interface Issue {
  path: string;
  message: string;
}

/**
 * What the server found wrong with edited rules. The issues name a JSON path and say what is wrong in
 * the rule file's own terms (regex syntax, unknown lexicon list): the moderator editing the file needs
 * exactly that, so they are shown as the server wrote them, under a translated summary.
 */
function issuesOf(err: unknown): Issue[] {
  if (!(err instanceof ApiError)) return [];
  const raw = Array.isArray(err.details.issues) ? (err.details.issues as Record<string, unknown>[]) : [];
  const issues = raw.map((i) => ({
    path: String(i.path ?? i.field ?? ''),
    message: String(i.message ?? ''),
  }));
  if (typeof err.details.problem === 'string') issues.push({ path: '', message: err.details.problem });
  return issues;
}

export function RuleErrors({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const issues = issuesOf(error);
  return (
    <div className="rule-errors" role="alert">
      <p className="field-error">{errorMessage(error, t)}</p>
      {issues.length ? (
        <ul className="rule-issues">
          {issues.map((issue, i) => (
            <li key={`${issue.path}-${i}`}>
              {issue.path ? <code>{issue.path}</code> : null} {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
