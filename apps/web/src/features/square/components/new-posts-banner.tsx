import { useTranslation } from 'react-i18next';

export function NewPostsBanner({ count, onShow }: { count: number; onShow: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="new-posts" role="status" aria-live="polite">
      {count > 0 ? (
        <button type="button" className="new-posts-btn" onClick={onShow}>
          {t('square.newPosts', { count })}
        </button>
      ) : null}
    </div>
  );
}
