import { type Clock, chinaDate } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { ageOn, checkIdNumber, maskIdNumber, maskName } from '../../platform/id-number.ts';
import type { IdentityVerifier } from '../../platform/identity.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { Regions } from '../regions/index.ts';
import { accountsRepo as repo } from './accounts.repo.ts';
import type { User } from './accounts.service.ts';

export const MIN_AGE = 14;

export interface VerificationService {
  verify(user: User, input: { name: string; idNumber: string }): Promise<User>;
}

export function createVerificationService(deps: {
  db: Db;
  clock: Clock;
  personal: PersonalData;
  regions: Regions;
  verifier: IdentityVerifier;
}): VerificationService {
  const { db, clock, personal, regions, verifier } = deps;
  // An ID keeps the code of the district that issued it; districts merge, cities rarely do.
  const knownRegion = (code: string) => Boolean(regions.get(code) ?? regions.get(`${code.slice(0, 4)}00`));

  return {
    async verify(user, input) {
      if (user.verifiedAt) throw new AppError('already_verified', 409);
      const today = chinaDate(clock.now());
      const check = checkIdNumber(input.idNumber, knownRegion, today);
      if (!check.ok)
        throw new AppError('id_number_invalid', 400, { field: 'idNumber', reason: check.reason });
      if (ageOn(check.birthDate, today) < MIN_AGE) throw new AppError('under_age', 403, { minAge: MIN_AGE });

      // One identity, one account: the keyed hash finds a second account without storing the number.
      const idHash = personal.hash('id-number', check.idNumber);
      // A banned person stays banned with a new account.
      if (await repo.isIdentityBanned(db, idHash)) {
        await repo.markBanned(db, user.id, clock.now());
        throw new AppError('identity_banned', 403);
      }
      const holder = await repo.findUserByIdHash(db, idHash);
      if (holder && holder.id !== user.id) throw new AppError('identity_in_use', 409);

      const result = await verifier.verify({ name: input.name, idNumber: check.idNumber });
      if (!result.ok) throw new AppError('identity_mismatch', 400, { field: 'name', reason: result.reason });

      const updated = await repo.markVerified(db, user.id, {
        verifiedAt: clock.now(),
        verifyMethod: verifier.name,
        idHash,
        nameMasked: maskName(input.name),
        idMasked: maskIdNumber(check.idNumber),
      });
      if (!updated) throw new AppError('identity_in_use', 409);
      return updated;
    },
  };
}
