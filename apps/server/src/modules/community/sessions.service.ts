import { randomUUID } from 'node:crypto';
import {
  LIVE_EMBED_HOSTS,
  LIVE_REMINDER_MINUTES,
  type LivePhase,
  type LiveSessionView,
  type OperatorSessionView,
  type QuestionView,
} from '@medrelay/contracts';
import { type Clock, MINUTE } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { User } from '../accounts/index.ts';
import type { Notice } from '../notifications/index.ts';
import type { PartnerAccess } from '../partners/index.ts';
import type { QuestionRow } from './live-tables.ts';
import { sessionsRepo as repo, type SessionWithName } from './sessions.repo.ts';

/** A person may ask this many questions per session (the queue is for many voices). */
export const QUESTIONS_PER_PERSON = 5;
const VISIBLE = ['approved', 'answered'] as const;

export interface SessionInput {
  title: string;
  description: string;
  doctor: { name: string; title: string; hospital: string };
  startsAt: string;
  endsAt: string;
  streamUrl: string;
  embedUrl: string | null;
}

export const phaseOf = (
  s: { startsAt: Date; endsAt: Date; cancelledAt: Date | null },
  now: Date,
): LivePhase =>
  s.cancelledAt ? 'cancelled' : now < s.startsAt ? 'upcoming' : now < s.endsAt ? 'live' : 'ended';

/** Only https players on the allow-list are framed; any other address stays a link. */
export function checkEmbed(url: string | null | undefined) {
  if (!url) return;
  const host = new URL(url).hostname.toLowerCase();
  if (!(LIVE_EMBED_HOSTS as readonly string[]).includes(host))
    throw new AppError('embed_host_not_allowed', 400, { field: 'embedUrl', hosts: [...LIVE_EMBED_HOSTS] });
}

export function createSessionsService(deps: {
  db: Db;
  clock: Clock;
  access: PartnerAccess;
  notifyMany: (tx: Db, notices: readonly Notice[]) => Promise<unknown>;
  /** The session's feedback ratings (count, average), from the surveys service. */
  ratingsOf: (surveyId: string) => Promise<{ count: number; average: number | null }>;
}) {
  const { db, clock, access } = deps;

  async function views(rows: SessionWithName[], user?: User): Promise<LiveSessionView[]> {
    const ids = rows.map((r) => r.id);
    const [counts, mine, surveyIds] = await Promise.all([
      repo.registeredCounts(db, ids),
      user ? repo.myRegistrations(db, user.id, ids) : Promise.resolve(undefined),
      repo.surveyOf(db, ids),
    ]);
    const now = clock.now();
    return rows.map((s) => ({
      id: s.id,
      partnerId: s.partnerId,
      partnerName: s.partnerName,
      title: s.title,
      description: s.description,
      doctor: { name: s.doctorName, title: s.doctorTitle, hospital: s.doctorHospital },
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      phase: phaseOf(s, now),
      streamUrl: s.streamUrl,
      embedUrl: s.embedUrl,
      replayUrl: s.replayUrl,
      surveyId: surveyIds.get(s.id)?.id ?? null,
      registeredCount: counts.get(s.id) ?? 0,
      me: mine ? { registered: mine.has(s.id), remind: mine.get(s.id) ?? false } : null,
    }));
  }

  const questionView = (q: QuestionRow, userId: string | undefined, voted: Set<string>): QuestionView => ({
    id: q.id,
    body: q.body,
    status: q.status,
    askedLive: q.askedLive,
    votes: q.votes,
    answer: q.answer,
    mine: Boolean(userId && q.userId === userId),
    myVote: voted.has(q.id),
    createdAt: q.createdAt.toISOString(),
  });

  /** A session the public may see: its institution is approved. */
  async function visible(id: string) {
    const s = await repo.find(db, id);
    if (!s) throw new AppError('not_found', 404);
    return s;
  }
  /** A session of this institution, for one of its members; another institution's id is a 404. */
  async function ofPartner(user: User, partnerId: string, sessionId: string, role: 'viewer' | 'developer') {
    await access.asMember(user, partnerId, role);
    const s = await repo.find(db, sessionId);
    if (!s || s.partnerId !== partnerId) throw new AppError('not_found', 404);
    return s;
  }
  const open = (s: SessionWithName) => {
    const phase = phaseOf(s, clock.now());
    if (phase === 'ended' || phase === 'cancelled') throw new AppError('live_session_over', 409, { phase });
    return phase;
  };

  const service = {
    async upcoming(user?: User) {
      // Ended sessions stay listed for a week: their replay and survey.
      const rows = await repo.upcoming(db, new Date(clock.now().getTime() - 7 * 24 * 60 * MINUTE), 50);
      return views(rows, user);
    },
    async get(id: string, user?: User) {
      const [view] = await views([await visible(id)], user);
      return view as LiveSessionView;
    },

    // Operators.
    async create(user: User, partnerId: string, input: SessionInput) {
      const { partner } = await access.asMember(user, partnerId, 'developer');
      if (partner.status !== 'approved') throw new AppError('partner_not_approved', 409);
      checkEmbed(input.embedUrl);
      const now = clock.now();
      if (Date.parse(input.startsAt) <= now.getTime())
        throw new AppError('live_session_in_past', 400, { field: 'startsAt' });
      const id = randomUUID();
      await repo.insert(db, {
        id,
        partnerId,
        title: input.title,
        description: input.description,
        doctorName: input.doctor.name,
        doctorTitle: input.doctor.title,
        doctorHospital: input.doctor.hospital,
        startsAt: new Date(input.startsAt),
        endsAt: new Date(input.endsAt),
        streamUrl: input.streamUrl,
        embedUrl: input.embedUrl,
        createdAt: now,
        updatedAt: now,
      });
      return service.operatorView(user, partnerId, id);
    },
    async update(
      user: User,
      partnerId: string,
      sessionId: string,
      patch: { replayUrl?: string | null; streamUrl?: string; embedUrl?: string | null; cancelled?: true },
    ) {
      await ofPartner(user, partnerId, sessionId, 'developer');
      checkEmbed(patch.embedUrl);
      const now = clock.now();
      await db.transaction(async (tx) => {
        const s = await repo.lock(tx, sessionId);
        if (!s) throw new AppError('not_found', 404);
        if (patch.cancelled && phaseOf(s, now) !== 'upcoming')
          throw new AppError('live_session_over', 409, { phase: phaseOf(s, now) });
        await repo.update(tx, sessionId, {
          ...(patch.replayUrl !== undefined ? { replayUrl: patch.replayUrl } : {}),
          ...(patch.streamUrl !== undefined ? { streamUrl: patch.streamUrl } : {}),
          ...(patch.embedUrl !== undefined ? { embedUrl: patch.embedUrl } : {}),
          ...(patch.cancelled ? { cancelledAt: now } : {}),
          updatedAt: now,
        });
      });
      return service.operatorView(user, partnerId, sessionId);
    },
    async operatorView(user: User, partnerId: string, sessionId: string): Promise<OperatorSessionView> {
      const s = await ofPartner(user, partnerId, sessionId, 'viewer');
      const [view] = await views([s]);
      return { ...(view as LiveSessionView), me: null, figures: await service.figures(s.id, view?.surveyId) };
    },
    async ofInstitution(user: User, partnerId: string): Promise<OperatorSessionView[]> {
      await access.asMember(user, partnerId, 'viewer');
      const rows = await repo.ofPartner(db, partnerId);
      const list = await views(rows);
      return Promise.all(
        list.map(async (v) => ({ ...v, me: null, figures: await service.figures(v.id, v.surveyId) })),
      );
    },
    /** Counts only: who registered or attended is not shown to the institution. */
    async figures(sessionId: string, surveyId: string | null | undefined) {
      const counts = await repo.figures(db, sessionId);
      const ratings = surveyId ? await deps.ratingsOf(surveyId) : { count: 0, average: null };
      return { ...counts, ratings };
    },

    // Residents.
    async register(user: User, id: string, remind: boolean) {
      const s = await visible(id);
      open(s);
      await repo.register(db, id, user.id, remind, clock.now());
      return service.get(id, user);
    },
    async unregister(user: User, id: string) {
      await visible(id);
      await repo.unregister(db, id, user.id);
      return service.get(id, user);
    },
    /** Opening the live page while the session is on counts as attending. */
    async attend(user: User, id: string) {
      const s = await visible(id);
      const live = phaseOf(s, clock.now()) === 'live';
      if (live) await repo.attend(db, id, user.id, clock.now());
      return { attended: live };
    },
    async ask(user: User, id: string, body: string) {
      const s = await visible(id);
      const phase = open(s);
      const now = clock.now();
      const qid = randomUUID();
      await db.transaction(async (tx) => {
        // Serialises one person's questions on the session row, so the per-person count holds.
        await repo.lock(tx, id);
        const mine = (await repo.questions(tx, id)).filter((q) => q.userId === user.id).length;
        if (mine >= QUESTIONS_PER_PERSON)
          throw new AppError('live_question_limit', 409, { max: QUESTIONS_PER_PERSON });
        await repo.insertQuestion(tx, {
          id: qid,
          sessionId: id,
          userId: user.id,
          body,
          // Collected beforehand: on the wall for up-votes at once (the operator may hide one).
          // During the session: held until the operator approves it.
          askedLive: phase === 'live',
          status: phase === 'live' ? 'pending' : 'approved',
          votes: 0,
          createdAt: now,
          updatedAt: now,
        });
      });
      const q = await repo.question(db, id, qid);
      return questionView(q as QuestionRow, user.id, new Set());
    },
    /** What residents see: approved and answered questions, plus their own pending ones. */
    async questions(id: string, user?: User) {
      await visible(id);
      const rows = (await repo.questions(db, id)).filter(
        (q) =>
          (VISIBLE as readonly string[]).includes(q.status) ||
          (user && q.userId === user.id && q.status === 'pending'),
      );
      const voted = user
        ? await repo.myVotes(
            db,
            user.id,
            rows.map((q) => q.id),
          )
        : new Set<string>();
      return rows.map((q) => questionView(q, user?.id, voted));
    },
    async vote(user: User, id: string, questionId: string, up: boolean) {
      const s = await visible(id);
      open(s);
      const q = await repo.question(db, id, questionId);
      if (!q || !(VISIBLE as readonly string[]).includes(q.status)) throw new AppError('not_found', 404);
      await db.transaction(async (tx) =>
        up ? repo.vote(tx, questionId, user.id, clock.now()) : repo.unvote(tx, questionId, user.id),
      );
    },
    /** The operator's queue: every question, hidden ones too, without who asked. */
    async queue(user: User, partnerId: string, sessionId: string) {
      await ofPartner(user, partnerId, sessionId, 'viewer');
      const rows = await repo.questions(db, sessionId);
      return rows.map((q) => questionView(q, undefined, new Set()));
    },
    async moderate(
      user: User,
      partnerId: string,
      sessionId: string,
      questionId: string,
      action: 'approve' | 'answer' | 'hide',
      answer?: string,
    ) {
      await ofPartner(user, partnerId, sessionId, 'developer');
      const q = await repo.question(db, sessionId, questionId);
      if (!q) throw new AppError('not_found', 404);
      const status = action === 'approve' ? 'approved' : action === 'answer' ? 'answered' : 'hidden';
      await db.transaction((tx) =>
        repo.setQuestion(tx, questionId, {
          status,
          ...(action === 'answer' && answer !== undefined ? { answer } : {}),
          updatedAt: clock.now(),
        }),
      );
      const updated = await repo.question(db, sessionId, questionId);
      return questionView(updated as QuestionRow, undefined, new Set());
    },

    /**
     * The reminder job (bootstrap.ts): sessions starting within LIVE_REMINDER_MINUTES notify their
     * registered residents once. The session row is marked in the same transaction as the inbox rows,
     * and each notice carries a dedup key, so neither a second process nor a restart sends it again;
     * notifications applies each person's channels, caps and quiet hours.
     */
    async remindDue(): Promise<number> {
      const now = clock.now();
      return db.transaction(async (tx) => {
        const due = await repo.claimDueReminders(tx, now, LIVE_REMINDER_MINUTES * MINUTE);
        let sent = 0;
        for (const s of due) {
          const people = await repo.toRemind(tx, s.id);
          await deps.notifyMany(
            tx,
            people.map((userId) => ({
              userId,
              type: 'live_reminder' as const,
              dedupKey: `live_reminder:${s.id}`,
              data: { sessionId: s.id, startsAt: s.startsAt.toISOString() },
            })),
          );
          await repo.update(tx, s.id, { remindedAt: now });
          sent += people.length;
        }
        return sent;
      });
    },
  };
  return service;
}

export type SessionsService = ReturnType<typeof createSessionsService>;
