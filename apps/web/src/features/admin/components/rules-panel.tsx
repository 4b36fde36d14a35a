import { type FormEvent, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Field } from '../../../components/ui/field.tsx';
import { LoadFailed, Spinner, StateView } from '../../../components/ui/state-view.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { useDryRunRules } from '../api/dry-run-rules.ts';
import { useRules } from '../api/get-rules.ts';
import { usePublishRules } from '../api/publish-rules.ts';
import { categoryLabel } from '../labels.ts';
import { rulesText } from '../rules-text.ts';
import { DryRunResult } from './dry-run-result.tsx';
import { RuleErrors } from './rule-errors.tsx';

/** Counts from the rule file, read defensively: the server validates it, the console only describes it. */
function summarize(rules: unknown) {
  const r = (rules && typeof rules === 'object' ? rules : {}) as Record<string, unknown>;
  const patterns = Array.isArray(r.patterns) ? (r.patterns as { category?: unknown }[]) : [];
  const byCategory = new Map<string, number>();
  for (const p of patterns) {
    const c = String(p.category ?? '?');
    byCategory.set(c, (byCategory.get(c) ?? 0) + 1);
  }
  return {
    name: typeof r.version === 'string' ? r.version : '',
    patterns: patterns.length,
    combinations: Array.isArray(r.combinations) ? r.combinations.length : 0,
    byCategory: [...byCategory],
  };
}

type Parsed = { ok: true; rules: unknown } | { ok: false; message: string };

function parse(text: string): Parsed {
  try {
    return { ok: true, rules: JSON.parse(text) };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

/** The active rule set and its model; an editor of its JSON; a dry run on the last 7 days; publishing. */
export function RulesPanel() {
  const { t } = useTranslation();
  const rules = useRules();
  const dryRun = useDryRunRules();
  const publish = usePublishRules();
  const headingId = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [jsonError, setJsonError] = useState<string>();
  const [noteMissing, setNoteMissing] = useState(false);
  const [published, setPublished] = useState<number>();

  const serverText = useMemo(() => (rules.data ? rulesText(rules.data.rules) : ''), [rules.data]);
  const summary = useMemo(() => summarize(rules.data?.rules), [rules.data]);

  if (rules.isPending) return <Spinner label={t('common.loading')} />;
  if (rules.isError) return <LoadFailed query={rules} />;

  const text = draft ?? serverText;
  const edited = draft !== null && draft !== serverText;

  const edit = (value: string) => {
    setDraft(value);
    setJsonError(undefined);
    setPublished(undefined);
    // A result describes the text it was run on; after an edit it would mislead.
    dryRun.reset();
    publish.reset();
  };

  const parsedOrError = (): unknown => {
    const parsed = parse(text);
    if (!parsed.ok) {
      setJsonError(t('admin.rules.notJson', { message: parsed.message }));
      return undefined;
    }
    return parsed.rules;
  };

  const runDry = () => {
    publish.reset();
    const candidate = parsedOrError();
    if (candidate !== undefined) dryRun.mutate(candidate);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const candidate = parsedOrError();
    if (candidate === undefined) return;
    if (!note.trim()) {
      setNoteMissing(true);
      return;
    }
    if (!rules.data) return;
    publish.mutate(
      { rules: candidate, note: note.trim(), baseVersion: rules.data.version },
      {
        onSuccess: (res) => {
          setPublished(res.version);
          setDraft(null);
          setNote('');
          setNoteMissing(false);
          dryRun.reset();
        },
      },
    );
  };

  const v = rules.data;
  return (
    <section aria-labelledby={headingId} className="admin-panel rules">
      <h2 id={headingId} className="section-title">
        {t('admin.rules.title')}
      </h2>
      <div className="card rules-current">
        <p className="rules-version">
          {t('admin.rules.version', { version: v.version })}
          {summary.name ? <span className="card-meta"> · {summary.name}</span> : null}
        </p>
        {v.note ? <p className="card-meta">{t('admin.rules.publishedWith', { note: v.note })}</p> : null}
        <p className="card-meta rules-model">
          {v.modelVersion ? t('admin.rules.model', { model: v.modelVersion }) : t('admin.rules.noModel')}
        </p>
        {v.tested ? (
          <p className="card-meta rules-tested">
            {t('admin.rules.tested', {
              count: v.tested.evaluated,
              changed: v.tested.changedCount,
              model: v.tested.modelVersion ?? t('admin.rules.noModel'),
            })}
          </p>
        ) : null}
        <p className="card-meta">
          {t('admin.rules.counts', { patterns: summary.patterns, combinations: summary.combinations })}
        </p>
        <ul className="chips" aria-label={t('admin.rules.byCategory')}>
          {summary.byCategory.map(([category, count]) => (
            <li key={category} className="badge badge-neutral">
              {categoryLabel(t, category)} {count}
            </li>
          ))}
        </ul>
      </div>

      <div className="live" role="status" aria-live="polite">
        {published ? (
          <p className="notice notice-ok">{t('admin.rules.published', { version: published })}</p>
        ) : null}
      </div>

      <form className="rules-form" onSubmit={submit} noValidate>
        <Field label={t('admin.rules.editor')} hint={t('admin.rules.editorHint')} error={jsonError}>
          {({ id, describedBy, invalid }) => (
            <textarea
              id={id}
              className="input textarea rules-editor"
              rows={14}
              spellCheck={false}
              autoCapitalize="off"
              autoComplete="off"
              value={text}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              onChange={(e) => edit(e.target.value)}
            />
          )}
        </Field>
        <div className="actions">
          <Button busy={dryRun.isPending} onClick={runDry}>
            {t('admin.rules.dryRun')}
          </Button>
          {edited ? (
            <Button variant="ghost" onClick={() => edit(serverText)}>
              {t('admin.rules.reset')}
            </Button>
          ) : null}
        </div>
        {dryRun.isError ? <RuleErrors error={dryRun.error} /> : null}
        {dryRun.data ? <DryRunResult result={dryRun.data} /> : null}

        <Field
          label={t('admin.rules.note')}
          hint={t('admin.rules.noteHint')}
          error={noteMissing && !note.trim() ? t('admin.rules.noteRequired') : undefined}
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              className="input"
              maxLength={200}
              value={note}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              onChange={(e) => setNote(e.target.value)}
            />
          )}
        </Field>
        <Button type="submit" variant="primary" busy={publish.isPending} disabled={!edited}>
          {t('admin.rules.publish')}
        </Button>
        {edited ? null : <p className="fine-print">{t('admin.rules.unchanged')}</p>}
        {publish.isError ? <RuleErrors error={publish.error} /> : null}
      </form>
    </section>
  );
}
