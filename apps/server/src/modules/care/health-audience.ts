import type { Condition, EntryValue } from '@medrelay/contracts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { User } from '../accounts/index.ts';
import { audienceGrants, auditHealthRead } from './health-access.ts';
import { healthRecordRepo as repo } from './health-record.repo.ts';

/**
 * For community segments: who among the people sharing their record with an institution has a
 * condition. Only live follow-up grants to that institution that name `conditions` count (the
 * policy's `audience` purpose), so a revoked or expired share drops the person at once; each person
 * whose conditions were read is in their read audit, in the same transaction as the read.
 */
export function createHealthAudience(deps: { db: Db; clock: Clock; personal: PersonalData }) {
  const { db, clock, personal } = deps;
  return {
    async conditionHolders(actor: User, partnerId: string, condition: Condition): Promise<Set<string>> {
      const now = clock.now();
      return db.transaction(async (tx) => {
        const grants = await audienceGrants(tx, { actor, partnerId, part: 'conditions', now });
        const entries = await repo.entriesOfMany(
          tx,
          grants.map((g) => g.userId),
          'conditions',
        );
        const holders = new Set<string>();
        for (const row of entries) {
          const value = JSON.parse(personal.decrypt(row.valueEnc)) as EntryValue;
          if (value.part === 'conditions' && value.condition === condition) holders.add(row.userId);
        }
        for (const grant of grants) {
          await auditHealthRead(tx, {
            grant,
            readerId: actor.id,
            subjectUserId: grant.userId,
            part: 'conditions',
            purpose: 'audience',
            at: now,
          });
        }
        return holders;
      });
    },
  };
}

export type HealthAudience = ReturnType<typeof createHealthAudience>;
