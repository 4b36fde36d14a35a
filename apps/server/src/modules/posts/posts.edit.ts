import type { EditHeldPostBody, MyPostView } from '@medrelay/contracts';
import type { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { User } from '../accounts/index.ts';
import type { Catalog } from '../catalog/index.ts';
import type { Regions } from '../regions/index.ts';
import { screenOrRefuse } from './posts.create.ts';
import { postsRepo as repo } from './posts.repo.ts';
import { checkItems } from './posts.rules.ts';
import type { ScreenPost } from './posts.service.ts';
import type { PostState } from './posts.state.ts';
import { presentMyPost } from './posts.view.ts';

type EditInput = z.output<typeof EditHeldPostBody>;

export interface HeldPostEditor {
  /**
   * The owner edits a held post (issue 16) and the rules read it again, as at publishing: allowed, it
   * goes to the square; held again, it stays held with the new reason; blocked, the edit is refused
   * (422 post_blocked) and the post stays as it was. Only a held post can be edited (else 409).
   */
  edit(user: User, postId: string, body: EditInput): Promise<MyPostView>;
}

export function createHeldPostEditor(deps: {
  db: Db;
  clock: Clock;
  catalog: Catalog;
  regions: Regions;
  state: PostState;
  screen: ScreenPost;
}): HeldPostEditor {
  const { db, catalog, state } = deps;
  const view = { catalog, regions: deps.regions };

  return {
    async edit(user, postId, body) {
      const current = await repo.findPost(db, postId);
      if (!current || current.status === 'deleted' || current.userId !== user.id) {
        throw new AppError('not_found', 404);
      }
      if (current.status !== 'review') {
        throw new AppError('invalid_transition', 409, { action: 'edit', status: current.status });
      }
      // New items are checked like a new post's (catalogue, caps, expiry); kept ones stay as stored.
      const items = body.items
        ? checkItems(current.kind, body.items, catalog, deps.clock.now()).map((i) => ({
            entry: { id: i.entry.id },
            medicineId: i.entry.id,
            category: i.entry.category,
            quantity: i.quantity,
            expiresOn: i.expiresOn,
            unopened: i.unopened,
          }))
        : undefined;
      const kept = items ? [] : await repo.findItems(db, [postId]);
      const note = body.note === undefined ? current.note : body.note || null;
      const screening = screenOrRefuse(
        deps.screen,
        { kind: current.kind, note: note ?? undefined },
        items ?? kept.map((i) => ({ entry: { id: i.medicineId } })),
      );
      const edited = await db.transaction((tx) =>
        state.edit(tx, screening.outcome === 'allowed' ? 'release' : 'revise', postId, user.id, {
          note,
          screening,
          items: items?.map(({ entry: _entry, ...item }) => item),
        }),
      );
      return presentMyPost(edited, await repo.findItems(db, [postId]), view);
    },
  };
}
