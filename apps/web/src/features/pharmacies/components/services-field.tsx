import { PHARMACY_SERVICES } from '@medrelay/contracts/rules';
import { useTranslation } from 'react-i18next';

/** The services a pharmacy offers (delivery, 24 h, medical insurance): on its application and in its workspace. */
export function ServicesField({ value, onChange }: { value: string[]; onChange: (next: string[]) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="services">
      <legend className="field-label">{t('pharmacies.apply.services')}</legend>
      {PHARMACY_SERVICES.map((s) => (
        <label key={s} className="check">
          <input
            type="checkbox"
            checked={value.includes(s)}
            onChange={(e) => onChange(e.target.checked ? [...value, s] : value.filter((x) => x !== s))}
          />
          {t(`pharmacies.services.${s}`)}
        </label>
      ))}
    </fieldset>
  );
}
