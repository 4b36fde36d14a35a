import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { useRegionLabel } from '../../regions/index.ts';
import type { Access } from '../access.ts';
import { useCreateKey, useKeys } from '../api/keys.ts';
import { partnerErrorMessage } from '../partner-errors.ts';
import { CopyButton } from './copy-button.tsx';
import { KindChoice } from './kind-choice.tsx';
import { OriginsEditor } from './origins-editor.tsx';
import { SecretOnce } from './secret-once.tsx';

const escapeAttr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** 嵌入: the <medrelay-square> snippet and its iframe twin, the widget key, the allowed origins. */
export function EmbedSection({ access }: { access: Access }) {
  const { t } = useTranslation();
  const { partner } = access;
  const heading = useId();
  const regionId = useId();
  const keys = useKeys(partner.id);
  const create = useCreateKey(partner.id);
  const [region, setRegion] = useState(partner.regionCodes[0] ?? '');
  const [kind, setKind] = useState<'need' | 'offer'>('need');
  const [fresh, setFresh] = useState<string>();

  const widgetKeys = (keys.data?.items ?? []).filter((k) => k.kind === 'publishable' && !k.revokedAt);
  const key = fresh ?? (widgetKeys[0] ? `${widgetKeys[0].prefix}_…` : 'mr_pk_…');
  const origin = window.location.origin;
  const attrs = `region="${escapeAttr(region)}" kind="${kind}" key="${escapeAttr(key)}"`;
  const script = `<script src="${origin}/embed/widget.js"></script>\n<medrelay-square ${attrs}></medrelay-square>`;
  const query = `region=${region}&amp;kind=${kind}&amp;key=${escapeAttr(key)}`;
  const iframe = `<iframe src="${origin}/embed/square?${query}"\n  title="余药互助 · 信息广场" style="width:100%;height:480px;border:0"></iframe>`;

  const createWidgetKey = () =>
    create.mutate(
      { name: t('partner.embed.keyName'), kind: 'publishable', scopes: ['posts:read'] },
      { onSuccess: (created) => setFresh(created.key) },
    );

  return (
    <section aria-labelledby={heading} className="partner-sections">
      <div>
        <h2 id={heading} className="section-title">
          {t('partner.embed.title')}
        </h2>
        <p className="muted">{t('partner.embed.intro')}</p>
      </div>

      <div className="card">
        <h3 className="subsection-title">{t('partner.embed.key')}</h3>
        {fresh ? (
          <SecretOnce
            title={t('partner.embed.keyCreated')}
            secret={fresh}
            onDismiss={() => setFresh(undefined)}
          />
        ) : widgetKeys.length ? (
          <p>
            {t('partner.embed.keyInUse')} <code>{widgetKeys[0]?.prefix}</code>
          </p>
        ) : (
          <p className="muted">{t('partner.embed.noKey')}</p>
        )}
        <p className="field-hint">{t('partner.embed.keyHint')}</p>
        {access.develop && partner.status === 'approved' && !fresh ? (
          <div className="actions">
            <Button size="sm" variant="primary" busy={create.isPending} onClick={createWidgetKey}>
              {t('partner.embed.createKey')}
            </Button>
          </div>
        ) : null}
        {create.isError ? <FieldError>{partnerErrorMessage(create.error, t)}</FieldError> : null}
      </div>

      <div className="card">
        <h3 className="subsection-title">{t('partner.embed.snippet')}</h3>
        <div className="embed-options">
          <div className="field">
            <label className="field-label" htmlFor={regionId}>
              {t('partner.links.region')}
            </label>
            <select
              id={regionId}
              className="select"
              value={region}
              onChange={(e) => setRegion(e.target.value)}
            >
              {partner.regionCodes.map((code) => (
                <RegionOption key={code} code={code} />
              ))}
            </select>
          </div>
          <KindChoice value={kind} onChange={setKind} />
        </div>
        <Snippet label={t('partner.embed.widgetSnippet')} code={script} />
        <Snippet label={t('partner.embed.iframeSnippet')} code={iframe} />
        <p className="field-hint">{t('partner.embed.attributes')}</p>
      </div>

      <OriginsEditor access={access} />
    </section>
  );
}

function Snippet({ label, code }: { label: string; code: string }) {
  return (
    <figure className="snippet">
      <figcaption className="field-label">{label}</figcaption>
      <pre>
        <code>{code}</code>
      </pre>
      <CopyButton text={code} />
    </figure>
  );
}

function RegionOption({ code }: { code: string }) {
  return <option value={code}>{useRegionLabel(code) ?? code}</option>;
}
