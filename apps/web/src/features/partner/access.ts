import type { PartnerRole, PartnerView } from './api/types.ts';

/** What a member may do on the partner page, from their role (docs/partners.md) or as a platform admin. */
export interface Access {
  partner: PartnerView;
  /** Create, rotate and revoke keys; webhooks; redeliver. */
  develop: boolean;
  /** Members and the widget's allowed origins. */
  own: boolean;
}

const RANK: Record<PartnerRole, number> = { viewer: 0, developer: 1, owner: 2 };

export function accessTo(partner: PartnerView, isAdmin: boolean): Access {
  const rank = partner.myRole ? RANK[partner.myRole] : -1;
  return {
    partner,
    develop: isAdmin || rank >= RANK.developer,
    own: isAdmin || rank >= RANK.owner,
  };
}
