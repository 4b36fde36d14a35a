import type { Clock } from '../../platform/clock.ts';
import { DAY } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { PrivacyNumberProvider } from '../../platform/identity.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { User } from '../accounts/index.ts';
import type { PostState } from '../posts/index.ts';
import { privacyRepo as repo } from './privacy.repo.ts';

/** Contact data of a closed post is kept this long (for follow-up between the two sides), then purged. */
export const CONTACT_RETENTION_MS = 7 * DAY;

export interface PrivacyService {
  exportData(user: User): Promise<Record<string, unknown>>;
  erase(user: User): Promise<void>;
  /** The retention job: purges contact data of posts closed more than 7 days ago. */
  purgeDue(): Promise<number>;
}

export function createPrivacyService(deps: {
  db: Db;
  /** Erasure and retention change posts through their lifecycle API. */
  postState: Pick<PostState, 'applyToMany' | 'purgeContactData'>;
  clock: Clock;
  personal: PersonalData;
  privacyNumbers?: PrivacyNumberProvider;
  onError?: (err: unknown) => void;
  /**
   * Data that modules above privacy keep about a person (care's health record), added to the export
   * under its name; app.ts passes them in. Their rows go with the account on erasure (ON DELETE CASCADE).
   */
  sections?: { name: string; exportFor: (userId: string) => Promise<unknown> }[];
}): PrivacyService {
  const { db, clock, personal, privacyNumbers, postState } = deps;

  async function releaseBindings(postIds: string[]) {
    if (!privacyNumbers) return;
    for (const b of await repo.bindingsOf(db, postIds)) {
      // A failed unbind only delays the number's release; it expires with the post at the vendor.
      await privacyNumbers
        .unbind({ bindingId: b.bindingId, middleNumber: personal.decrypt(b.middleNumberEnc) })
        .catch((err) => deps.onError?.(err));
    }
  }

  return {
    async exportData(user) {
      const own = await repo.userPosts(db, user.id);
      const ids = own.map((p) => p.id);
      const [items, consents, sessions, revealsMade, revealsOfMine, relay] = await Promise.all([
        repo.items(db, ids),
        repo.consentsOf(db, user.id),
        repo.sessionsOf(db, user.id),
        repo.revealsBy(db, user.id),
        repo.revealsOfPosts(db, ids),
        repo.threadsWith(db, user.id, ids),
      ]);
      const sections: Record<string, unknown> = {};
      for (const section of deps.sections ?? []) sections[section.name] = await section.exportFor(user.id);
      return {
        exportedAt: clock.now().toISOString(),
        account: {
          id: user.id,
          phone: personal.decrypt(user.phoneEnc),
          createdAt: user.createdAt.toISOString(),
          verification: user.verifiedAt
            ? {
                method: user.verifyMethod,
                name: user.nameMasked,
                idNumber: user.idMasked,
                verifiedAt: user.verifiedAt,
              }
            : null,
          note: 'Your resident ID number is not stored: only a keyed hash and the masked form shown here.',
        },
        consents: consents.map((c) => ({ purpose: c.purpose, version: c.version, at: c.createdAt })),
        sessions,
        posts: own.map((p) => ({
          id: p.id,
          kind: p.kind,
          status: p.status,
          location: { lat: p.lat, lng: p.lng },
          regionCodes: [p.provinceCode, p.cityCode, p.districtCode],
          contactPhone: p.contactPhoneEnc ? personal.decrypt(p.contactPhoneEnc) : null,
          contactMode: p.contactMode,
          note: p.note,
          forWhom: p.forWhom,
          createdAt: p.createdAt,
          expiresAt: p.expiresAt,
          closedAt: p.closedAt,
          purgedAt: p.purgedAt,
          items: items
            .filter((i) => i.postId === p.id)
            .map((i) => ({
              medicineId: i.medicineId,
              quantity: i.quantity,
              expiresOn: i.expiresOn,
              unopened: i.unopened,
            })),
          // Who revealed is the other person's data; when is yours to know.
          contactRevealedAt: revealsOfMine.filter((r) => r.postId === p.id).map((r) => r.createdAt),
        })),
        contactsIRevealed: revealsMade,
        messageThreads: relay.threads.map((t) => ({
          id: t.id,
          postId: t.postId,
          messages: relay.messages
            .filter((m) => m.threadId === t.id)
            .map((m) => ({ mine: m.senderId === user.id, text: m.body, at: m.createdAt })),
        })),
        ...sections,
      };
    },

    async erase(user) {
      const ids = (await repo.userPosts(db, user.id)).map((p) => p.id);
      await releaseBindings(ids);
      await db.transaction(async (tx) => {
        await postState.applyToMany(tx, 'erase', { ids });
        await postState.purgeContactData(tx, ids);
        await repo.deleteContactThreads(tx, ids);
        await repo.deleteUser(tx, user.id, user.phoneHash);
      });
    },

    async purgeDue() {
      const now = clock.now();
      const ids = await repo.postsDueForPurge(db, new Date(now.getTime() - CONTACT_RETENTION_MS));
      await releaseBindings(ids);
      await db.transaction(async (tx) => {
        await postState.purgeContactData(tx, ids);
        await repo.deleteContactThreads(tx, ids);
      });
      return ids.length;
    },
  };
}
