export type {
  InsuranceSettlement,
  InsuranceSettlementRequest,
  MedicalInsuranceProvider,
} from './medical-insurance.ts';
export { type PaymentMethod, type PaymentProvider, wechatPayProvider } from './payment-provider.ts';
export { paymentsRoutes } from './payments.routes.ts';
export { createPaymentsService, type PaymentsService } from './payments.service.ts';
