import type {
  FeedbackView,
  LiveSessionInput,
  LiveSessionView,
  OperatorSessionView,
  QuestionView,
  SurveyInput,
  SurveyResults,
  SurveyView,
} from '@medrelay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../../lib/api-client.ts';

// One file for the live sessions', surveys' and feedback endpoints: each hook is one request.

const sessionKey = (id: string) => ['live-session', id] as const;
const questionsKey = (id: string) => ['live-session', id, 'questions'] as const;

export const useLiveSessions = () =>
  useQuery({
    queryKey: ['live-sessions'],
    queryFn: ({ signal }) => api<{ items: LiveSessionView[] }>('/live-sessions', { signal }),
  });

/** The session; while it is live it is read again every 15 s (its phase turns to ended on its own). */
export const useLiveSession = (id: string) =>
  useQuery({
    queryKey: sessionKey(id),
    queryFn: ({ signal }) => api<LiveSessionView>(`/live-sessions/${id}`, { signal }),
    refetchInterval: (q) => (q.state.data?.phase === 'live' ? 15_000 : false),
  });

export function useRegistration(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (register: boolean) =>
      api<LiveSessionView>(`/live-sessions/${id}/registration`, {
        method: register ? 'PUT' : 'DELETE',
        ...(register ? { body: { remind: true } } : {}),
      }),
    onSuccess: (view) => {
      qc.setQueryData(sessionKey(id), view);
      void qc.invalidateQueries({ queryKey: ['live-sessions'] });
    },
  });
}

export const attend = (id: string) =>
  api<{ attended: boolean }>(`/live-sessions/${id}/attendance`, { method: 'POST' });

/** Questions residents see; polled every 5 s on the live page so approved ones appear live. */
export const useQuestions = (id: string, live: boolean) =>
  useQuery({
    queryKey: questionsKey(id),
    queryFn: ({ signal }) => api<{ items: QuestionView[] }>(`/live-sessions/${id}/questions`, { signal }),
    refetchInterval: live ? 5_000 : false,
  });

export function useAsk(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      api<QuestionView>(`/live-sessions/${id}/questions`, { method: 'POST', body: { body } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: questionsKey(id) }),
  });
}

export function useVote(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ questionId, up }: { questionId: string; up: boolean }) =>
      api<void>(`/live-sessions/${id}/questions/${questionId}/vote`, { method: up ? 'PUT' : 'DELETE' }),
    onSettled: () => qc.invalidateQueries({ queryKey: questionsKey(id) }),
  });
}

// Surveys (residents).
export const useSurvey = (id: string) =>
  useQuery({
    queryKey: ['survey', id],
    queryFn: ({ signal }) => api<SurveyView>(`/surveys/${id}`, { signal }),
  });

export function useAnswerSurvey(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { answers: Record<string, number | number[] | string>; shareContact: boolean }) =>
      api<SurveyView>(`/surveys/${id}/responses`, { method: 'POST', body }),
    onSuccess: (view) => qc.setQueryData(['survey', id], view),
  });
}

// Feedback (residents and moderators).
export const useMyFeedback = (enabled: boolean) =>
  useQuery({
    queryKey: ['feedback', 'mine'],
    queryFn: ({ signal }) => api<{ items: FeedbackView[] }>('/me/feedback', { signal }),
    enabled,
  });

export function useSendFeedback() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { category: FeedbackView['category']; body: string }) =>
      api<FeedbackView>('/feedback', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['feedback', 'mine'] }),
  });
}

export const useFeedbackQueue = (status?: FeedbackView['status']) =>
  useQuery({
    queryKey: ['feedback', 'queue', status ?? 'all'],
    queryFn: ({ signal }) =>
      api<{ items: FeedbackView[] }>(withQuery('/admin/feedback', { status }), { signal }),
  });

export function useFeedbackAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reply }: { id: string; reply?: string }) =>
      api<FeedbackView>(`/admin/feedback/${id}/${reply === undefined ? 'read' : 'answer'}`, {
        method: 'POST',
        ...(reply === undefined ? {} : { body: { reply } }),
      }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['feedback', 'queue'] }),
  });
}

// The operator's workspace.
const ws = (partnerId: string) => `/partners/${partnerId}`;

export const useOperatorSessions = (partnerId: string) =>
  useQuery({
    queryKey: ['partner', partnerId, 'live-sessions'],
    queryFn: ({ signal }) =>
      api<{ items: OperatorSessionView[] }>(`${ws(partnerId)}/live-sessions`, { signal }),
  });

export function useScheduleSession(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LiveSessionInput) =>
      api<OperatorSessionView>(`${ws(partnerId)}/live-sessions`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['partner', partnerId, 'live-sessions'] }),
  });
}

export function useUpdateSession(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      sessionId,
      ...body
    }: {
      sessionId: string;
      replayUrl?: string | null;
      cancelled?: true;
    }) => api<OperatorSessionView>(`${ws(partnerId)}/live-sessions/${sessionId}`, { method: 'PATCH', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['partner', partnerId, 'live-sessions'] }),
  });
}

/** The moderation queue, polled every 5 s while open. */
export const useQueue = (partnerId: string, sessionId: string) =>
  useQuery({
    queryKey: ['partner', partnerId, 'live-queue', sessionId],
    queryFn: ({ signal }) =>
      api<{ items: QuestionView[] }>(`${ws(partnerId)}/live-sessions/${sessionId}/questions`, { signal }),
    refetchInterval: 5_000,
  });

export function useModerate(partnerId: string, sessionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ questionId, action, answer }: { questionId: string; action: string; answer?: string }) =>
      api<QuestionView>(`${ws(partnerId)}/live-sessions/${sessionId}/questions/${questionId}/${action}`, {
        method: 'POST',
        body: answer ? { answer } : {},
      }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['partner', partnerId, 'live-queue', sessionId] }),
  });
}

export const useOperatorSurveys = (partnerId: string) =>
  useQuery({
    queryKey: ['partner', partnerId, 'surveys'],
    queryFn: ({ signal }) => api<{ items: SurveyView[] }>(`${ws(partnerId)}/surveys`, { signal }),
  });

export function useCreateSurvey(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: SurveyInput) => {
      const created = await api<SurveyView>(`${ws(partnerId)}/surveys`, { method: 'POST', body });
      return api<SurveyView>(`${ws(partnerId)}/surveys/${created.id}/status`, {
        method: 'PUT',
        body: { status: 'open' },
      });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['partner', partnerId] }),
  });
}

export function useSurveyStatus(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ surveyId, status }: { surveyId: string; status: 'open' | 'closed' }) =>
      api<SurveyView>(`${ws(partnerId)}/surveys/${surveyId}/status`, { method: 'PUT', body: { status } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['partner', partnerId, 'surveys'] }),
  });
}

export const useSurveyResults = (partnerId: string, surveyId: string) =>
  useQuery({
    queryKey: ['partner', partnerId, 'survey-results', surveyId],
    queryFn: ({ signal }) => api<SurveyResults>(`${ws(partnerId)}/surveys/${surveyId}/results`, { signal }),
  });

export const exportSurvey = (partnerId: string, surveyId: string) =>
  api<{ title: string; csv: string }>(`${ws(partnerId)}/surveys/${surveyId}/export`);
