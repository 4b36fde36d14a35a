import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import type { PartnerStatus } from '../api/types.ts';

const TONE = { pending: 'demo', approved: 'ok', rejected: 'muted', suspended: 'muted' } as const;

export function StatusBadge({ status }: { status: PartnerStatus }) {
  const { t } = useTranslation();
  return <Badge tone={TONE[status]}>{t(`partner.status.${status}`)}</Badge>;
}
