import type { MedicineView } from '@medrelay/contracts';
import { useDeferredValue, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pick, useLang } from '../../../lib/i18n.ts';
import { useMedicineSearch } from '../api/get-medicines.ts';
import '../catalog.css';

interface MedicineSearchProps {
  label: string;
  onSelect: (medicine: MedicineView) => void;
  /** Items already chosen, shown as disabled. */
  chosen?: string[];
  category?: string;
  /** Show the list before the user types (the post form), or only once they type (the square filter). */
  listWhenEmpty?: boolean;
  maxResults?: number;
}

/**
 * A search box over the catalogue with the results as a list of buttons below: simpler to use with a
 * thumb and a screen reader than a pop-up combobox.
 */
export function MedicineSearch({
  label,
  onSelect,
  chosen = [],
  category,
  listWhenEmpty = false,
  maxResults = 8,
}: MedicineSearchProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const id = useId();
  const [text, setText] = useState('');
  const q = useDeferredValue(text);
  const search = useMedicineSearch(q, category);
  const show = listWhenEmpty || q.trim().length > 0;
  const items = (search.data?.items ?? []).slice(0, maxResults);
  return (
    <div className="medicine-search">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <input
        id={id}
        className="input"
        type="search"
        value={text}
        placeholder={t('catalog.searchPlaceholder')}
        autoComplete="off"
        enterKeyHint="search"
        onChange={(e) => setText(e.target.value)}
        aria-describedby={`${id}-hint`}
      />
      <p className="field-hint" id={`${id}-hint`}>
        {t('catalog.searchHint')}
      </p>
      {show ? (
        <div aria-live="polite">
          {search.isError ? (
            <p className="field-error">{t('catalog.loadFailed')}</p>
          ) : items.length === 0 && !search.isFetching ? (
            <p className="muted">{t('catalog.noMatch', { q })}</p>
          ) : (
            <ul className="medicine-results" aria-label={t('catalog.results')}>
              {items.map((m) => {
                const isChosen = chosen.includes(m.id);
                const use = matchedUse(m, q);
                return (
                  <li key={m.id}>
                    <button
                      type="button"
                      className="medicine-result"
                      disabled={isChosen}
                      onClick={() => {
                        onSelect(m);
                        setText('');
                      }}
                    >
                      <span className="medicine-result-name">{pick(m.name, lang)}</span>
                      <span className="medicine-result-meta">
                        {[
                          ...(use ? [t('catalog.forUse', { use })] : []),
                          ...m.aliases.slice(0, use ? 2 : 3),
                        ].join(' · ')}
                        {isChosen ? ` · ${t('catalog.chosen')}` : ''}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}

const fold = (s: string) => s.toLowerCase().replace(/\s+/g, '');

/** The use a search matched when no name did ("退烧" → 美林 "用于退烧"), so the result says why it is listed. */
function matchedUse(m: MedicineView, q: string): string | undefined {
  const needle = fold(q);
  if (!needle) return undefined;
  const named = [m.name.zh, m.name.en, m.genericName, ...m.aliases].some((n) => fold(n).includes(needle));
  return named ? undefined : m.uses.find((u) => fold(u).includes(needle));
}
