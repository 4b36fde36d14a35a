import { randomUUID } from 'node:crypto';
import type { SurveyView } from '@medrelay/contracts';
import { eq } from 'drizzle-orm';
import type { Clock } from '../../platform/clock.ts';
import { type Db, schema } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { User } from '../accounts/index.ts';
import type { PartnerAccess } from '../partners/index.ts';
import { type StoredAnswer, type StoredQuestion, surveys } from './live-tables.ts';
import { sessionsRepo } from './sessions.repo.ts';
import { surveysRepo as repo, type SurveyWithName } from './surveys.repo.ts';
import { checkAnswers, tally, toCsv } from './surveys.results.ts';

export interface SurveyInput {
  title: string;
  intro: string;
  sessionId: string | null;
  questions: StoredQuestion[];
}

export function createSurveysService(deps: {
  db: Db;
  clock: Clock;
  access: PartnerAccess;
  /** A respondent's phone number, asked only for those who agreed to share it. */
  contactOf: (userId: string) => Promise<string | undefined>;
}) {
  const { db, clock, access } = deps;

  const view = async (s: SurveyWithName, user?: User): Promise<SurveyView> => ({
    id: s.id,
    partnerId: s.partnerId,
    partnerName: s.partnerName,
    title: s.title,
    intro: s.intro,
    sessionId: s.sessionId,
    status: s.status,
    questions: s.questions,
    responses: await repo.count(db, s.id),
    answered: user ? await repo.answered(db, s.id, user.id) : false,
  });
  /** One of this institution's surveys, for one of its members; another institution's id is a 404. */
  async function ofPartner(user: User, partnerId: string, surveyId: string, role: 'viewer' | 'developer') {
    await access.asMember(user, partnerId, role);
    const s = await repo.find(db, surveyId);
    if (!s || s.partnerId !== partnerId) throw new AppError('not_found', 404);
    return s;
  }

  const service = {
    async create(user: User, partnerId: string, input: SurveyInput) {
      const { partner } = await access.asMember(user, partnerId, 'developer');
      if (partner.status !== 'approved') throw new AppError('partner_not_approved', 409);
      if (input.sessionId) {
        const session = await sessionsRepo.find(db, input.sessionId);
        if (!session || session.partnerId !== partnerId)
          throw new AppError('not_found', 404, { field: 'sessionId' });
      }
      const now = clock.now();
      const id = randomUUID();
      await repo.insert(db, {
        id,
        partnerId,
        sessionId: input.sessionId,
        title: input.title,
        intro: input.intro,
        questions: input.questions,
        status: 'draft',
        createdAt: now,
        updatedAt: now,
      });
      return view((await repo.find(db, id)) as SurveyWithName);
    },
    async setStatus(user: User, partnerId: string, surveyId: string, status: 'open' | 'closed') {
      await ofPartner(user, partnerId, surveyId, 'developer');
      await db.transaction(async (tx) => {
        await repo.lock(tx, surveyId);
        await repo.setStatus(tx, surveyId, status, clock.now());
      });
      return view((await repo.find(db, surveyId)) as SurveyWithName);
    },
    async ofInstitution(user: User, partnerId: string) {
      await access.asMember(user, partnerId, 'viewer');
      return Promise.all((await repo.ofPartner(db, partnerId)).map((s) => view(s)));
    },
    /** A survey residents can open: not a draft, from an approved institution. */
    async get(id: string, user?: User) {
      const s = await repo.find(db, id);
      if (!s || s.status === 'draft') throw new AppError('not_found', 404);
      const [partner] = await db
        .select({ status: schema.partners.status })
        .from(schema.partners)
        .where(eq(schema.partners.id, s.partnerId));
      if (partner?.status !== 'approved') throw new AppError('not_found', 404);
      return view(s, user);
    },
    async respond(user: User, id: string, answers: Record<string, StoredAnswer>, shareContact: boolean) {
      const found = await service.get(id, user);
      await db.transaction(async (tx) => {
        // Locked so that closing and answering do not cross: an answer lands before the close or not at all.
        const s = await repo.lock(tx, id);
        if (!s || s.status !== 'open') throw new AppError('survey_closed', 409);
        const checked = checkAnswers(s.questions, answers);
        if (!checked.ok)
          throw new AppError('survey_answer_invalid', 400, { field: `answers.${checked.field}` });
        const added = await repo.respond(tx, {
          id: randomUUID(),
          surveyId: id,
          userId: user.id,
          answers: checked.answers,
          shareContact,
          createdAt: clock.now(),
        });
        if (!added) throw new AppError('survey_already_answered', 409);
      });
      return { ...found, answered: true, responses: found.responses + 1 };
    },
    async results(user: User, partnerId: string, surveyId: string) {
      const s = await ofPartner(user, partnerId, surveyId, 'viewer');
      return tally(s.questions, await repo.responses(db, surveyId));
    },
    /** The CSV sheet: a phone number only beside the answers of those who agreed to share it. */
    async csv(user: User, partnerId: string, surveyId: string) {
      const s = await ofPartner(user, partnerId, surveyId, 'viewer');
      const rows = await repo.responses(db, surveyId);
      const withContact = await Promise.all(
        rows.map(async (r) => ({
          answers: r.answers,
          createdAt: r.createdAt,
          contact: r.shareContact && r.userId ? ((await deps.contactOf(r.userId)) ?? null) : null,
        })),
      );
      return { title: s.title, csv: toCsv(s.questions, withContact) };
    },
    /** A session's feedback: the first rating question's count and mean. */
    async ratingsOf(surveyId: string) {
      const [s] = await db.select().from(surveys).where(eq(surveys.id, surveyId));
      const q = s?.questions.find((x) => x.kind === 'rating');
      if (!s || !q) return { count: 0, average: null };
      const result = tally([q], await repo.responses(db, surveyId)).questions[0];
      return { count: result?.counts.reduce((a, b) => a + b, 0) ?? 0, average: result?.average ?? null };
    },
  };
  return service;
}

export type SurveysService = ReturnType<typeof createSurveysService>;
