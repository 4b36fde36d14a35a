import type {
  OperatorQuizView,
  QuizBankDetail,
  QuizBankView,
  QuizInput,
  QuizQuestionInput,
  QuizView,
} from '@medrelay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.ts';

// One file for the quizzes' endpoints (答题活动): each hook is one request.

const quizKey = (id: string) => ['quiz', id] as const;

export const useQuizzes = () =>
  useQuery({
    queryKey: ['quizzes'],
    queryFn: ({ signal }) => api<{ items: QuizView[] }>('/quizzes', { signal }),
  });

export const useQuiz = (id: string) =>
  useQuery({ queryKey: quizKey(id), queryFn: ({ signal }) => api<QuizView>(`/quizzes/${id}`, { signal }) });

export function useStartQuiz(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<QuizView>(`/quizzes/${id}/attempt`, { method: 'POST' }),
    onSuccess: (view) => qc.setQueryData(quizKey(id), view),
  });
}

export function useSubmitQuiz(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (answers: Record<string, number[]>) =>
      api<QuizView>(`/quizzes/${id}/attempt/answers`, { method: 'POST', body: { answers } }),
    onSuccess: (view) => {
      qc.setQueryData(quizKey(id), view);
      void qc.invalidateQueries({ queryKey: ['quizzes'] });
    },
  });
}

export const useMyPoints = (enabled: boolean) =>
  useQuery({
    queryKey: ['community-points'],
    enabled,
    queryFn: ({ signal }) =>
      api<{ items: { partnerId: string; partnerName: string; points: number }[] }>('/me/community-points', {
        signal,
      }),
  });

// The operator's side, in the partner workspace.
const banksKey = (partnerId: string) => ['quiz-banks', partnerId] as const;
const opsKey = (partnerId: string) => ['partner-quizzes', partnerId] as const;

export const useQuizBanks = (partnerId: string) =>
  useQuery({
    queryKey: banksKey(partnerId),
    queryFn: ({ signal }) => api<{ items: QuizBankView[] }>(`/partners/${partnerId}/quiz-banks`, { signal }),
  });

export const useQuizBank = (partnerId: string, bankId: string | null) =>
  useQuery({
    queryKey: ['quiz-bank', partnerId, bankId],
    enabled: Boolean(bankId),
    queryFn: ({ signal }) => api<QuizBankDetail>(`/partners/${partnerId}/quiz-banks/${bankId}`, { signal }),
  });

export function useCreateBank(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (title: string) =>
      api<QuizBankDetail>(`/partners/${partnerId}/quiz-banks`, { method: 'POST', body: { title } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: banksKey(partnerId) }),
  });
}

export function useAddQuestion(partnerId: string, bankId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (question: QuizQuestionInput) =>
      api<QuizBankDetail>(`/partners/${partnerId}/quiz-banks/${bankId}/questions`, {
        method: 'POST',
        body: { questions: [question] },
      }),
    onSuccess: (bank) => {
      qc.setQueryData(['quiz-bank', partnerId, bankId], bank);
      void qc.invalidateQueries({ queryKey: banksKey(partnerId) });
    },
  });
}

export const useOperatorQuizzes = (partnerId: string) =>
  useQuery({
    queryKey: opsKey(partnerId),
    queryFn: ({ signal }) => api<{ items: OperatorQuizView[] }>(`/partners/${partnerId}/quizzes`, { signal }),
  });

export function useCreateQuiz(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: QuizInput) =>
      api<OperatorQuizView>(`/partners/${partnerId}/quizzes`, { method: 'POST', body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: opsKey(partnerId) }),
  });
}
