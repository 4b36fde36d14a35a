import type { Kind } from '@medrelay/contracts';
import { NOTE_MAX_LENGTH } from '@medrelay/contracts/rules';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../components/ui/field.tsx';

/** 补充说明: the free text the rules read, in the post form and when a held post is edited. */
export function NoteField({
  kind,
  note,
  error,
  onChange,
}: {
  kind: Kind;
  note: string;
  error: string | undefined;
  onChange: (note: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Field
      label={t('form.note')}
      hint={t('form.noteHint', { count: note.length, max: NOTE_MAX_LENGTH })}
      error={error}
      className="field-note"
    >
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          data-field="note"
          className="input textarea"
          rows={3}
          maxLength={NOTE_MAX_LENGTH}
          value={note}
          placeholder={t(kind === 'need' ? 'form.notePlaceholderNeed' : 'form.notePlaceholderOffer')}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
