import { useTranslation } from 'react-i18next';
import { Segmented } from '../../../components/ui/segmented.tsx';

type Kind = 'need' | 'offer';

/** Needs or offers, for the square a deep link or a widget opens. */
export function KindChoice({ value, onChange }: { value: Kind; onChange: (kind: Kind) => void }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <span className="field-label">{t('partner.links.kind')}</span>
      <Segmented
        className="kind-choice"
        label={t('partner.links.kind')}
        value={value}
        onChange={onChange}
        options={[
          { value: 'need', label: t('square.tabNeed') },
          { value: 'offer', label: t('square.tabOffer') },
        ]}
      />
    </div>
  );
}
