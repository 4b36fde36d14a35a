import type { PostView } from '@medrelay/contracts';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Button } from '../../../components/ui/button.tsx';

/**
 * 传递下去: once my need is resolved, what is left may help the next neighbour. The post form opens as
 * an offer of the same items (router state, see the form's PassOnState), naming this need.
 */
export function PassOnInvite({ post }: { post: PostView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const passOn = () =>
    navigate('/post/new?kind=offer', {
      state: {
        passOn: {
          from: post.id,
          items: post.items.map((i) => ({ medicineId: i.medicineId, quantity: i.quantity })),
        },
      },
    });
  return (
    <section className="card pass-on" aria-labelledby="pass-on-title">
      <h2 id="pass-on-title" className="section-title">
        {t('passOn.title')}
      </h2>
      <p>{t('passOn.intro')}</p>
      <Button variant="offer" onClick={passOn}>
        {t('passOn.action')}
      </Button>
    </section>
  );
}
