/**
 * Medical-insurance payment (医保移动支付) — an interface only.
 *
 * Paying from a resident's basic medical-insurance account online needs a licensed integration
 * that MedRelay does not have: the pharmacy must be a designated retail pharmacy (医保定点零售药店)
 * connected to its city's medical-insurance information platform, the platform operator must be
 * approved for 医保移动支付 (through the National Healthcare Security Administration's mobile
 * payment centre and a channel such as WeChat's 医保支付), and every settlement is made with the
 * resident's 医保电子凭证 against the catalogue codes of the national drug list. None of it can be
 * tested against a public sandbox. The types below say what an adapter would have to provide so the
 * order flow can take it without reshaping; nothing implements them, and `pay_at_pickup` (the
 * pharmacy settles insurance at its own counter, as today) stays the way insured residents pay.
 */
export interface InsuranceSettlementRequest {
  /** The order (a reservation or delivery) being settled. */
  orderId: string;
  /** The pharmacy's designated-institution code (定点医药机构编码). */
  institutionCode: string;
  /** A one-time authorisation from the resident's 医保电子凭证 (never stored). */
  insuranceCredentialToken: string;
  items: { nationalDrugCode: string; quantity: number; priceFen: number }[];
}

export interface InsuranceSettlement {
  settlementId: string;
  /** Paid from the insurance fund and from the personal account; the rest is the resident's own. */
  fundPaidFen: number;
  personalAccountFen: number;
  selfPaidFen: number;
}

export interface MedicalInsuranceProvider {
  readonly name: string;
  /** Pre-settlement (预结算): what the fund would pay, before the resident confirms. */
  preSettle(req: InsuranceSettlementRequest): Promise<InsuranceSettlement>;
  settle(req: InsuranceSettlementRequest): Promise<InsuranceSettlement>;
  /** Reverses a settlement (退费), whole. */
  reverse(settlementId: string): Promise<void>;
}
