/**
 * The one door to health data. Every read of a person's record, measurements or shared parts —
 * by the person, a pharmacist, or any later feature (consultations, caregivers) — asks
 * `canAccessHealthData` first; every read by someone else is written to `health_reads` with
 * `auditHealthRead` in the same transaction as the read.
 *
 * The policy, whole:
 * - **The person** reads and writes all of their own record (purpose `self` or `guidance`).
 * - **Platform staff** (moderator, admin) never read someone else's health data: their roles are for
 *   posts and partners, and no grant changes that, even one made to a pharmacy they also work at.
 * - **A pharmacist** reads a part when the person has a live grant (not revoked, not expired) that
 *   names that part and a pharmacy where the reader is a pharmacist (`pharmacists` row, pharmacy
 *   approved). A grant made for a consultation (`consultationId`) serves that consultation only;
 *   a follow-up grant (no consultation) serves follow-up and consultations at that pharmacy.
 *   Staff of another pharmacy, and members of the pharmacy who are not pharmacists, read nothing.
 * - **Caregivers** (a family member added to someone's reminders) see adherence only — that is the
 *   reminders' own data, not the record — so this policy gives them nothing: they are "anyone else".
 * - **An institution's audience rule** (community segments, purpose `audience`): a developer or owner
 *   of the institution — never platform staff — may test a part for the people whose live follow-up
 *   grant (not one made for a consultation) names that part and that institution. They see counts,
 *   never the data; still, each person tested is written to the audit (`audienceGrants`).
 * - **Anyone else**: nothing.
 */
import { randomUUID } from 'node:crypto';
import { HEALTH_PARTS, type HealthPart, type HealthPurpose } from '@medrelay/contracts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { User } from '../accounts/index.ts';
import { createPartnerAccess } from '../partners/index.ts';
import { pharmacyStaff } from '../pharmacies/index.ts';
import type { HealthGrantRow } from './health.tables.ts';
import { healthAccessRepo as repo } from './health-access.repo.ts';

/** Who asks: a user row (accounts' `User` fits). */
export interface HealthActor {
  id: string;
  role: 'resident' | 'moderator' | 'admin';
}

export interface HealthAccessRequest {
  actor: HealthActor;
  subjectUserId: string;
  part: HealthPart;
  purpose: HealthPurpose;
  now: Date;
  /** The consultation being worked, for grants made for one consultation. */
  consultationId?: string;
  /** The pharmacy the pharmacist acts for (when they work at more than one). */
  pharmacyId?: string;
}

export type HealthAccessDecision =
  | { allowed: true; via: 'self'; grant: null }
  | { allowed: true; via: 'grant'; grant: HealthGrantRow }
  | { allowed: false; reason: 'platform_staff' | 'no_grant'; grant: null };

/** The policy (see the file's comment). Reads nothing but roles and grants; writes nothing. */
export async function canAccessHealthData(db: Db, req: HealthAccessRequest): Promise<HealthAccessDecision> {
  if (req.actor.id === req.subjectUserId) return { allowed: true, via: 'self', grant: null };
  if (req.actor.role !== 'resident') return { allowed: false, reason: 'platform_staff', grant: null };
  if (req.purpose !== 'follow_up' && req.purpose !== 'consultation') {
    return { allowed: false, reason: 'no_grant', grant: null };
  }
  for (const grant of await repo.liveGrants(db, req.subjectUserId, req.part, req.now)) {
    if (req.pharmacyId && grant.partnerId !== req.pharmacyId) continue;
    if (grant.consultationId) {
      if (req.purpose !== 'consultation' || grant.consultationId !== req.consultationId) continue;
    }
    if (await pharmacyStaff.isPharmacist(db, grant.partnerId, req.actor.id)) {
      return { allowed: true, via: 'grant', grant };
    }
  }
  return { allowed: false, reason: 'no_grant', grant: null };
}

/**
 * The policy, then the audit: throws 403 `health_access_denied` when not allowed; when allowed by a
 * grant, writes the read to the audit in `tx` (use the transaction that reads the data).
 */
export async function requireHealthAccess(tx: Db, req: HealthAccessRequest): Promise<HealthAccessDecision> {
  const decision = await canAccessHealthData(tx, req);
  if (!decision.allowed) throw new AppError('health_access_denied', 403);
  if (decision.via === 'grant') {
    await auditHealthRead(tx, {
      grant: decision.grant,
      readerId: req.actor.id,
      subjectUserId: req.subjectUserId,
      part: req.part,
      purpose: req.purpose,
      at: req.now,
    });
  }
  return decision;
}

/** Writes one read of someone's health data by another person to the audit the person sees. */
export async function auditHealthRead(
  tx: Db,
  read: {
    grant: Pick<HealthGrantRow, 'id' | 'partnerId'> | null;
    readerId: string;
    subjectUserId: string;
    part: HealthPart;
    purpose: HealthPurpose;
    at: Date;
  },
) {
  await repo.insertRead(tx, {
    grantId: read.grant?.id ?? null,
    partnerId: read.grant?.partnerId ?? null,
    readerId: read.readerId,
    subjectUserId: read.subjectUserId,
    part: read.part,
    purpose: read.purpose,
    readAt: read.at,
  });
}

/**
 * Lets one approved pharmacy read `parts` of a person's record until `expiresAt` (for one
 * consultation when `consultationId` is given). An unknown, unapproved or suspended pharmacy:
 * 404 `pharmacy_not_found`, nothing written. The caller checks that the person asked for it.
 */
export async function grantHealthAccess(
  tx: Db,
  g: {
    userId: string;
    pharmacyPartnerId: string;
    parts: HealthPart[];
    expiresAt: Date;
    now: Date;
    consultationId?: string | null;
  },
): Promise<HealthGrantRow> {
  const parts = HEALTH_PARTS.filter((p) => g.parts.includes(p));
  if (parts.length === 0) throw new AppError('validation_failed', 400, { field: 'parts' });
  if (g.expiresAt <= g.now) throw new AppError('validation_failed', 400, { field: 'expiresAt' });
  if (!(await pharmacyStaff.approvedPharmacy(tx, g.pharmacyPartnerId))) {
    throw new AppError('pharmacy_not_found', 404);
  }
  const row: HealthGrantRow = {
    id: randomUUID(),
    userId: g.userId,
    partnerId: g.pharmacyPartnerId,
    parts,
    expiresAt: g.expiresAt,
    revokedAt: null,
    consultationId: g.consultationId ?? null,
    createdAt: g.now,
  };
  await repo.insertGrant(tx, row);
  return row;
}

/** Ends a grant of the person's now; someone else's grant or an unknown id is 404. Repeating is fine. */
export async function revokeHealthGrant(tx: Db, r: { userId: string; grantId: string; now: Date }) {
  const grant = await repo.findGrant(tx, r.grantId);
  if (!grant || grant.userId !== r.userId) throw new AppError('not_found', 404);
  await repo.revokeGrant(tx, grant.id, r.now);
  return { ...grant, revokedAt: grant.revokedAt ?? r.now };
}

/**
 * Purpose `audience`: the live follow-up grants to `partnerId` that name `part`, one per person, for
 * an operator (developer or owner) of that institution; platform staff get none. The caller reads
 * only those people's `part` and audits each with `auditHealthRead` in the same transaction.
 */
export async function audienceGrants(
  tx: Db,
  req: { actor: User; partnerId: string; part: HealthPart; now: Date },
): Promise<HealthGrantRow[]> {
  if (req.actor.role !== 'resident') throw new AppError('health_access_denied', 403);
  await createPartnerAccess({ db: tx }).asMember(req.actor, req.partnerId, 'developer');
  const seen = new Set<string>();
  return (await repo.liveGrantsTo(tx, req.partnerId, req.part, req.now)).filter((g) => {
    if (g.consultationId || seen.has(g.userId)) return false;
    seen.add(g.userId);
    return true;
  });
}
