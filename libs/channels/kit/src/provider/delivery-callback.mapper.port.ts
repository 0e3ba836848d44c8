import type { DeliveryStatusV1Message } from '@tributary/contracts';

/**
 * Maps a provider's delivery callback (Twilio's MessageStatus, WhatsApp's statuses[], Telegram has
 * none) to DeliveryStatus v1. Undefined for a callback that says nothing a helpdesk needs (an
 * intermediate state the contract does not model); the router keeps states moving only forward.
 */
export interface DeliveryCallbackMapper<TCallback> {
  toDeliveryStatus(callback: TCallback, receivedAt: Date): DeliveryStatusV1Message | undefined;
}
