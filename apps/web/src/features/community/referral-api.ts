import type { CampaignView } from '@medrelay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.ts';

// Referral campaigns' endpoints (邀请达人榜): one hook per request.

export type FirstAction = CampaignView['firstAction'];
export type ReferralStatus = 'pending' | 'counted' | 'held' | 'rejected';
export interface OperatorCampaign extends CampaignView {
  farmLimit: number;
  farmWindowMinutes: number;
  counts: { counted: number; pending: number; held: number; rejected: number; inviters: number };
}
export interface ReviewItem {
  id: string;
  inviter: string;
  invitee: string;
  status: ReferralStatus;
  reason: 'self_invite' | 'address_farm' | 'device_farm' | 'already_referred' | null;
  claimedAt: string;
  reviewedAt: string | null;
}
export interface MyReferrals {
  campaign: CampaignView;
  link: { url: string; svg: string } | null;
  counted: number;
  pending: number;
  rank: number | null;
  points: number;
}
export interface Leaderboard {
  campaign: CampaignView;
  items: { rank: number; name: string; count: number; me: boolean }[];
}
export interface InvitePreview {
  campaign: CampaignView;
  inviter: string;
  ticket: string;
  joinPath: string | null;
}
export interface ClaimResult {
  campaign: CampaignView;
  inviter: string;
  status: ReferralStatus;
  verified: boolean;
  joinPath: string | null;
}

const ws = (partnerId: string) => `/partners/${partnerId}/community/referral-campaigns`;
const opKey = (partnerId: string, ...rest: string[]) =>
  ['referrals', 'operator', partnerId, ...rest] as const;

// Operators.
export const useOperatorCampaigns = (partnerId: string) =>
  useQuery({
    queryKey: opKey(partnerId),
    queryFn: ({ signal }) => api<{ items: OperatorCampaign[] }>(ws(partnerId), { signal }),
  });

export function useCreateCampaign(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      name: string;
      startsAt: string;
      endsAt: string;
      firstAction: FirstAction;
      groupId: string | null;
      rewardPoints: number | null;
    }) => api<OperatorCampaign>(ws(partnerId), { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: opKey(partnerId) }),
  });
}

export function useCloseCampaign(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (campaignId: string) =>
      api<OperatorCampaign>(`${ws(partnerId)}/${campaignId}`, { method: 'PATCH', body: { closed: true } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: opKey(partnerId) }),
  });
}

export const useCampaignReferrals = (partnerId: string, campaignId: string) =>
  useQuery({
    queryKey: opKey(partnerId, campaignId, 'referrals'),
    queryFn: ({ signal }) =>
      api<{ items: ReviewItem[] }>(`${ws(partnerId)}/${campaignId}/referrals`, { signal }),
  });

export function useDecideReferral(partnerId: string, campaignId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'approve' | 'reject' }) =>
      api<ReviewItem>(`${ws(partnerId)}/${campaignId}/referrals/${id}/decision`, {
        method: 'POST',
        body: { action },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: opKey(partnerId) }),
  });
}

// Residents.
export const useOpenCampaigns = () =>
  useQuery({
    queryKey: ['referrals', 'open'],
    queryFn: ({ signal }) => api<{ items: CampaignView[] }>('/referral-campaigns', { signal }),
  });

export const useMyReferrals = (campaignId: string) =>
  useQuery({
    queryKey: ['referrals', campaignId, 'me'],
    queryFn: ({ signal }) => api<MyReferrals>(`/referral-campaigns/${campaignId}/me`, { signal }),
  });

export const useLeaderboard = (campaignId: string) =>
  useQuery({
    queryKey: ['referrals', campaignId, 'leaderboard'],
    queryFn: ({ signal }) => api<Leaderboard>(`/referral-campaigns/${campaignId}/leaderboard`, { signal }),
  });

export const useInvitePreview = (token: string) =>
  useQuery({
    queryKey: ['referrals', 'invite', token],
    queryFn: ({ signal }) => api<InvitePreview>(`/invites/${token}`, { signal }),
    // The ticket records when the link was first opened: keep the first one.
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });

export const useClaimInvite = () =>
  useMutation({
    mutationFn: (body: { ticket: string; deviceId: string | null }) =>
      api<ClaimResult>('/invites/claim', { method: 'POST', body }),
  });
