import './strings.ts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { Segmented } from '../../components/ui/segmented.tsx';
import { LoadFailed, Spinner, StateView } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { useMe } from '../me/index.ts';
import { AuditPanel } from './components/audit-panel.tsx';
import { QueuePanel } from './components/queue-panel.tsx';
import { RolesPanel } from './components/roles-panel.tsx';
import { RulesPanel } from './components/rules-panel.tsx';
import './admin.css';

const TABS = ['queue', 'rules', 'audit'] as const;
type Tab = (typeof TABS)[number] | 'roles';

/**
 * The moderation console. The server checks the role on every call; the screen only decides what to
 * offer, so a resident who opens /admin is told plainly instead of meeting a wall of 403s.
 */
export function AdminRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const panelId = useId();

  if (me.isPending) return <Spinner label={t('common.loading')} />;
  if (me.isError)
    return (
      <div className="page">
        <LoadFailed query={me} />
      </div>
    );

  const account = me.data;
  if (!account || account.role === 'resident' || account.banned)
    return (
      <div className="page">
        <h1 className="page-title">{t('admin.title')}</h1>
        {account ? (
          <StateView
            title={t('admin.noPermission')}
            action={
              <ButtonLink to="/square" variant="primary">
                {t('notFound.back')}
              </ButtonLink>
            }
          >
            {t('admin.noPermissionBody')}
          </StateView>
        ) : (
          <StateView
            title={t('admin.loginFirst')}
            action={
              <ButtonLink to="/me" variant="primary">
                {t('admin.login')}
              </ButtonLink>
            }
          >
            {t('admin.loginFirstBody')}
          </StateView>
        )}
      </div>
    );

  const tabs: Tab[] = account.role === 'admin' ? [...TABS, 'roles'] : [...TABS];
  const asked = params.get('tab');
  const tab: Tab = tabs.find((x) => x === asked) ?? 'queue';
  const options = tabs.map((value) => ({ value, label: t(`admin.tabs.${value}`) }));

  return (
    <div className="page admin">
      <h1 className="page-title">{t('admin.title')}</h1>
      <Segmented
        as="tabs"
        label={t('admin.tabs.label')}
        options={options}
        value={tab}
        controls={panelId}
        className="admin-tabs"
        onChange={(value) => setParams(value === 'queue' ? {} : { tab: value }, { replace: true })}
      />
      <div id={panelId} role="tabpanel" aria-label={t(`admin.tabs.${tab}`)}>
        {tab === 'queue' ? (
          <QueuePanel />
        ) : tab === 'rules' ? (
          <RulesPanel />
        ) : tab === 'audit' ? (
          <AuditPanel myId={account.id} />
        ) : (
          <RolesPanel />
        )}
      </div>
    </div>
  );
}
