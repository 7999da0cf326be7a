/**
 * The activity worker of examples/orders/order.asl.json: validates orders, charges cards and
 * reserves stock. Run it with `npm run example:orders-worker` (STEPGRAPH_URL, STEPGRAPH_TOKEN);
 * Ctrl-C or SIGTERM drains it. The payment gateway and the warehouse are pretend.
 */
import { randomUUID } from 'node:crypto';
import { createWorker, type ActivityContext } from '@stepgraph/worker';

interface Order {
  readonly orderId: string;
  readonly card: string;
  readonly items: readonly { readonly sku: string; readonly quantity: number; readonly price: number }[];
}

/** Errors named as the state machine's Retry and Catch match them. */
class InvalidOrder extends Error {
  override name = 'InvalidOrder';
}
class PaymentDeclined extends Error {
  override name = 'PaymentDeclined';
}
class PaymentGatewayUnavailable extends Error {
  override name = 'PaymentGatewayUnavailable';
}
class OutOfStock extends Error {
  override name = 'OutOfStock';
}

/** The test card that is always declined, as payment providers have. */
const DECLINED_CARD = '4000-0000-0000-0002';

/** Orders whose first charge met a busy gateway: the second try, by the state's Retry, goes through. */
const gatewayBusyOnce = new Set<string>();

const worker = createWorker({
  url: process.env.STEPGRAPH_URL ?? 'http://localhost:3000',
  apiKey: process.env.STEPGRAPH_TOKEN ?? '',
  concurrency: 4,
  activities: {
    'validate-order': (order: Order) => {
      if (!Array.isArray(order.items) || order.items.length === 0) {
        throw new InvalidOrder(`order ${order.orderId} has no items`);
      }
      const total = order.items.reduce((sum, item) => sum + item.quantity * item.price, 0);
      return { total: Math.round(total * 100) / 100 };
    },

    'charge-payment': async (order: Order & { validation: { total: number } }, ctx: ActivityContext) => {
      if (order.card === DECLINED_CARD)
        throw new PaymentDeclined(`card ending ${order.card.slice(-4)} was declined`);
      if (!gatewayBusyOnce.has(order.orderId)) {
        gatewayBusyOnce.add(order.orderId);
        throw new PaymentGatewayUnavailable('the payment gateway is busy; the state retries');
      }
      // A real charge would pass ctx.signal to its HTTP call, so that a stopped order stops it too.
      ctx.signal.throwIfAborted();
      return { paymentId: `pay_${randomUUID()}`, amount: order.validation.total };
    },

    'reserve-stock': (order: Order) => {
      const missing = order.items.find((item) => item.sku.startsWith('OUT-OF-STOCK'));
      if (missing) throw new OutOfStock(`${missing.sku} is out of stock`);
      return { reservationId: `res_${randomUUID()}`, skus: order.items.map((item) => item.sku) };
    },
  },
});

process.stdout.write('orders worker: polling validate-order, charge-payment, reserve-stock\n');
void worker.done.then(() => process.stdout.write('orders worker: drained\n'));
