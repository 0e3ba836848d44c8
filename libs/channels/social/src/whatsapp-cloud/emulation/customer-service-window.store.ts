/** Meta's customer-service window: 24 hours from the customer's last message, reset by each new one. */
const WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * When each customer last wrote to each business number. A customer is known by phone (wa_id), by
 * BSUID or both; either name finds the same window, since a business may reply to whichever it has.
 */
export class CustomerServiceWindowStore {
  private readonly lastWrote = new Map<string, number>();

  customerWrote(phoneNumberId: string, customer: { readonly waId?: string; readonly userId?: string }, at: Date): void {
    for (const key of keys(phoneNumberId, customer)) {
      // A late-arriving older message never shortens the window.
      this.lastWrote.set(key, Math.max(this.lastWrote.get(key) ?? 0, at.getTime()));
    }
  }

  /** `to` may carry a leading "+"; Meta's wa_id never does. */
  isOpen(phoneNumberId: string, recipient: { readonly to?: string; readonly recipient?: string }, now: Date): boolean {
    const waId = recipient.to?.replace(/^\+/, '');
    const last = Math.max(0, ...keys(phoneNumberId, { waId, userId: recipient.recipient }).map((key) => this.lastWrote.get(key) ?? 0));
    return last > 0 && now.getTime() - last < WINDOW_MS;
  }
}

function keys(phoneNumberId: string, customer: { readonly waId?: string | undefined; readonly userId?: string | undefined }): string[] {
  return [
    ...(customer.waId ? [`${phoneNumberId} wa:${customer.waId}`] : []),
    ...(customer.userId ? [`${phoneNumberId} user:${customer.userId}`] : []),
  ];
}
