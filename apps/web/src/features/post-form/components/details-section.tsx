import type { ForWhom, VulnerableFlag } from '@medrelay/contracts';
import { FOR_WHOM, VULNERABLE_FLAGS } from '@medrelay/contracts/rules';
import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, PhoneInput } from '../../../components/ui/field.tsx';
import { Segmented } from '../../../components/ui/segmented.tsx';
import type { Draft } from '../form-state.ts';
import { NoteField } from './note-field.tsx';

export function DetailsSection({
  draft,
  patch,
  message,
  noteWarning,
}: {
  draft: Draft;
  patch: (p: Partial<Draft>) => void;
  message: (field: string) => string | undefined;
  /** What the rules would do with the note, said while typing (issue 16). */
  noteWarning?: ReactNode;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const toggle = (flag: VulnerableFlag) =>
    patch({
      flags: draft.flags.includes(flag) ? draft.flags.filter((f) => f !== flag) : [...draft.flags, flag],
    });
  return (
    <section className="form-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="section-title">
        {t('form.detailsTitle')}
      </h2>
      <div className="field" data-field="forWhom">
        <p className="field-label" aria-hidden="true">
          {t('form.forWhom')}
        </p>
        <Segmented<ForWhom>
          label={t('form.forWhom')}
          value={draft.forWhom}
          onChange={(forWhom) => patch({ forWhom })}
          options={FOR_WHOM.map((v) => ({
            value: v,
            label: t(`forWhom.${v}`),
          }))}
        />
      </div>
      <fieldset className="field" data-field="flags">
        <legend className="field-label">{t('form.flags')}</legend>
        <p className="field-hint">{t('form.flagsHint')}</p>
        <div className="checks">
          {VULNERABLE_FLAGS.map((flag) => (
            <label key={flag} className="check">
              <input type="checkbox" checked={draft.flags.includes(flag)} onChange={() => toggle(flag)} />
              <span>{t(`flags.${flag}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <NoteField
        kind={draft.kind}
        note={draft.note}
        error={message('note')}
        onChange={(note) => patch({ note })}
      />
      {noteWarning}
      <div className="field" data-field="contactMode">
        <p className="field-label" aria-hidden="true">
          {t('form.contactMode')}
        </p>
        <Segmented<'phone' | 'relay'>
          label={t('form.contactMode')}
          value={draft.contactMode}
          onChange={(contactMode) => patch({ contactMode })}
          options={[
            { value: 'phone', label: t('form.contactModePhone') },
            { value: 'relay', label: t('form.contactModeRelay') },
          ]}
        />
        <p className="field-hint">
          {t(draft.contactMode === 'phone' ? 'form.contactModePhoneHint' : 'form.contactModeRelayHint')}
        </p>
      </div>
      {draft.contactMode === 'phone' ? (
        <Field
          label={t('form.contactPhone')}
          hint={t('form.contactPhoneHint')}
          error={message('contactPhone')}
        >
          {({ id, describedBy, invalid }) => (
            <PhoneInput
              ids={{ id, describedBy, invalid }}
              dataField="contactPhone"
              value={draft.contactPhone}
              onChange={(contactPhone) => patch({ contactPhone })}
            />
          )}
        </Field>
      ) : null}
    </section>
  );
}
