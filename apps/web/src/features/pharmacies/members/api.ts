import type {
  ClaimView,
  CouponInput,
  CouponView,
  MembershipView,
  PharmacyFigures,
  PointsEntry,
  PointsInput,
} from '@medrelay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

const ws = (id: string) => `/partners/${id}/pharmacy`;
const wsKey = (id: string, part: string) => ['partner', id, 'pharmacy', part] as const;
const cardKey = (pharmacyId: string) => ['pharmacy', pharmacyId, 'membership'] as const;

export type Membership = MembershipView;
export type Claim = ClaimView;
export type Coupon = CouponView;
export type AdminCoupon = CouponView & { claims: number; redemptions: number };
export interface MemberLookup {
  memberCode: string;
  joinedAt: string;
  balance: number;
  history: PointsEntry[];
}
export type ScanResult =
  | { type: 'pickup'; code: string }
  | { type: 'member'; member: MemberLookup }
  | { type: 'coupon'; code: string; title: string; usable: boolean };

// Residents.
export const useMembership = (pharmacyId: string, enabled = true) =>
  useQuery({
    queryKey: cardKey(pharmacyId),
    queryFn: ({ signal }) => api<Membership>(`/pharmacies/${pharmacyId}/membership`, { signal }),
    enabled,
    retry: false,
  });

export function useJoin(pharmacyId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<Membership>(`/pharmacies/${pharmacyId}/membership`, { method: 'POST' }),
    onSuccess: (card) => qc.setQueryData(cardKey(pharmacyId), card),
  });
}

export function useLeave(pharmacyId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>(`/pharmacies/${pharmacyId}/membership`, { method: 'DELETE' }),
    onSuccess: () => qc.removeQueries({ queryKey: cardKey(pharmacyId) }),
  });
}

export const useCoupon = (pharmacyId: string, couponId: string) =>
  useQuery({
    queryKey: ['pharmacy', pharmacyId, 'coupon', couponId],
    queryFn: ({ signal }) => api<Coupon>(`/pharmacies/${pharmacyId}/coupons/${couponId}`, { signal }),
  });

export const useMyCoupons = (enabled = true) =>
  useQuery({
    queryKey: ['me', 'pharmacy-coupons'],
    queryFn: ({ signal }) => api<{ items: Claim[] }>('/me/pharmacy-coupons', { signal }),
    enabled,
  });

export function useClaim(pharmacyId: string, couponId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (sharedBy?: string) =>
      api<Claim>(`/pharmacies/${pharmacyId}/coupons/${couponId}/claim`, {
        method: 'POST',
        body: sharedBy ? { sharedBy } : {},
      }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['me', 'pharmacy-coupons'] });
      qc.invalidateQueries({ queryKey: ['pharmacy', pharmacyId, 'coupon', couponId] });
    },
  });
}

// The pharmacy's workspace.
export function useScan(partnerId: string) {
  return useMutation({
    mutationFn: (code: string) =>
      api<ScanResult>(`${ws(partnerId)}/scan`, { method: 'POST', body: { code } }),
  });
}

export function useMovePoints(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    onSuccess: () => qc.invalidateQueries({ queryKey: wsKey(partnerId, 'members') }),
    mutationFn: (body: PointsInput) =>
      api<{ entry: PointsEntry; balance: number; replayed: boolean }>(`${ws(partnerId)}/points`, {
        method: 'POST',
        body,
      }),
  });
}

export function useRedeemCoupon(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { code: string; spendFen?: number }) =>
      api<{ title: string; discountFen: number | null; percentOff: number | null }>(
        `${ws(partnerId)}/coupons/redeem`,
        { method: 'POST', body },
      ),
    onSettled: () => {
      qc.invalidateQueries({ queryKey: wsKey(partnerId, 'coupons') });
      qc.invalidateQueries({ queryKey: wsKey(partnerId, 'figures') });
    },
  });
}

export const useMembers = (partnerId: string, q: string) =>
  useQuery({
    queryKey: [...wsKey(partnerId, 'members'), q],
    queryFn: ({ signal }) =>
      api<{ items: { memberCode: string; joinedAt: string; balance: number }[]; total: number }>(
        `${ws(partnerId)}/members${q ? `?q=${encodeURIComponent(q)}` : ''}`,
        { signal },
      ),
  });

export const useMemberSettings = (partnerId: string) =>
  useQuery({
    queryKey: wsKey(partnerId, 'member-settings'),
    queryFn: ({ signal }) =>
      api<{ pointsExpireMonths: number | null }>(`${ws(partnerId)}/member-settings`, { signal }),
  });

export function useSetMemberSettings(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (pointsExpireMonths: number | null) =>
      api<{ pointsExpireMonths: number | null }>(`${ws(partnerId)}/member-settings`, {
        method: 'PUT',
        body: { pointsExpireMonths },
      }),
    onSuccess: (reply) => qc.setQueryData(wsKey(partnerId, 'member-settings'), reply),
  });
}

export const useAdminCoupons = (partnerId: string) =>
  useQuery({
    queryKey: wsKey(partnerId, 'coupons'),
    queryFn: ({ signal }) => api<{ items: AdminCoupon[] }>(`${ws(partnerId)}/coupons`, { signal }),
  });

export function useIssueCoupon(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CouponInput) => api<Coupon>(`${ws(partnerId)}/coupons`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: wsKey(partnerId, 'coupons') }),
  });
}

export const useJoinLink = (partnerId: string) =>
  useQuery({
    queryKey: wsKey(partnerId, 'join-link'),
    queryFn: ({ signal }) => api<{ url: string }>(`${ws(partnerId)}/join-link`, { signal }),
  });

export const useFigures = (partnerId: string) =>
  useQuery({
    queryKey: wsKey(partnerId, 'figures'),
    queryFn: ({ signal }) => api<PharmacyFigures>(`${ws(partnerId)}/figures`, { signal }),
  });

export const posterUrl = (partnerId: string) => `/api/v1${ws(partnerId)}/poster.pdf`;

/** A fresh id for one tap: a retry of the same request sends the same id, so it applies once. */
export const newOperationId = () =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;

/** Money from integer fen, e.g. 1050 → "10.50". */
export const yuan = (fen: number) => (fen / 100).toFixed(fen % 100 === 0 ? 0 : 2);
