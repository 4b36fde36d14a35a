import gcoord from 'gcoord';
import { AppError } from '../../../platform/errors.ts';
import { type DadaClient, DadaError } from '../../../platform/vendors/dada.ts';
import { VendorFailure } from '../../../platform/vendors/vendor-http.ts';

/** What a delivery's status may become on the platform's word. */
export type PlatformStatus = 'preparing' | 'out_for_delivery' | 'delivered' | 'failed' | undefined;

/**
 * Who carries a delivery.
 * - `own_rider` (the default): the pharmacy's own staff; nothing is called, the pharmacy marks each
 *   step in its queue.
 * - a same-city delivery platform (达达): dispatching places an order with the platform, whose
 *   riders then report the steps by signed callbacks.
 */
export interface DeliveryProvider {
  readonly name: 'own_rider' | 'dada';
  /** Hands the order over; returns the platform's order id, if any. */
  dispatch(order: {
    orderId: string;
    addressLine: string;
    phone: string;
    /** WGS-84. */
    lat: number;
    lng: number;
    cargoFen: number;
  }): Promise<{ providerOrderId?: string }>;
  /** The platform's own word on an order's status (platforms only). */
  status?(orderId: string): Promise<PlatformStatus>;
}

export const ownRider: DeliveryProvider = {
  name: 'own_rider',
  async dispatch() {
    return {};
  },
};

/** 达达's order status codes in MedRelay's terms; codes not listed change nothing. */
export function fromDadaStatus(code: number): PlatformStatus {
  if (code === 2 || code === 100) return 'preparing';
  if (code === 3) return 'out_for_delivery';
  if (code === 4) return 'delivered';
  if (code === 5 || code === 7 || code === 10 || code === 1000) return 'failed';
  return undefined;
}

function unavailable(err: unknown): never {
  if (err instanceof VendorFailure) throw new AppError('delivery_unavailable', 503, { reason: err.reason });
  if (err instanceof DadaError) throw new AppError('delivery_unavailable', 503, { vendorCode: err.code });
  throw err;
}

export function dadaProvider(client: DadaClient): DeliveryProvider {
  return {
    name: 'dada',
    async dispatch(o) {
      // 达达 works in GCJ-02 (高德) coordinates; MedRelay stores WGS-84.
      const [lng, lat] = gcoord.transform([o.lng, o.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
      await client
        .addOrder({
          originId: o.orderId,
          cargoPriceYuan: o.cargoFen / 100,
          // Dada requires a receiver name; MedRelay keeps none, so the rider sees a neutral one.
          receiverName: '余药互助用户',
          receiverAddress: o.addressLine,
          receiverPhone: o.phone,
          receiverLat: lat,
          receiverLng: lng,
        })
        .catch(unavailable);
      return { providerOrderId: o.orderId };
    },
    async status(orderId) {
      const { statusCode } = await client.queryStatus(orderId).catch(unavailable);
      return fromDadaStatus(statusCode);
    },
  };
}
