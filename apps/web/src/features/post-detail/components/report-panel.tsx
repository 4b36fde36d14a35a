import { REPORT_REASONS } from '@medrelay/contracts/rules';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { errorMessage } from '../../../lib/errors.ts';
import { useMe } from '../../me/index.ts';
import { type ReportReason, useReportPost } from '../api/report-post.ts';

/** Residents keep the square honest: trading, fakes and the like are reported to moderators. */
export function ReportPanel({ postId }: { postId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<ReportReason>('trading');
  const [note, setNote] = useState('');
  const report = useReportPost();
  const panelId = useId();
  const noteId = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    report.mutate({ postId, reason, note: note.trim() || undefined });
  };

  // A server without the moderation module answers with a route 404: say so instead of an error.
  if (report.error instanceof ApiError && report.error.isMissingRoute)
    return (
      <div className="report">
        <p className="notice" role="status">
          {t('report.unavailable')}
        </p>
      </div>
    );

  if (report.isSuccess)
    return (
      <div className="report">
        <p className="notice notice-ok" role="status">
          {t('report.thanks')}
        </p>
      </div>
    );

  return (
    <div className="report">
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        {t('report.open')}
      </button>
      {open ? (
        <form id={panelId} className="card report-form" onSubmit={submit}>
          {!me.data ? (
            <p className="muted">{t('report.loginFirst')}</p>
          ) : (
            <>
              <fieldset className="field">
                <legend className="field-label">{t('report.reason')}</legend>
                <div className="checks">
                  {REPORT_REASONS.map((r) => (
                    <label key={r} className="check">
                      <input
                        type="radio"
                        name="reason"
                        value={r}
                        checked={reason === r}
                        onChange={() => setReason(r)}
                      />
                      <span>{t(`report.reasons.${r}`)}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
              <div className="field">
                <label className="field-label" htmlFor={noteId}>
                  {t('report.note')}
                </label>
                <textarea
                  id={noteId}
                  className="input textarea"
                  rows={2}
                  maxLength={200}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                />
              </div>
              <Button type="submit" variant="danger" busy={report.isPending}>
                {t('report.submit')}
              </Button>
              {report.isError ? <FieldError>{errorMessage(report.error, t)}</FieldError> : null}
            </>
          )}
        </form>
      ) : null}
    </div>
  );
}
