import type { TelegramRefusal } from './telegram-api.error';

/** Codes a failed Telegram reply carries on the ticket. */
export enum TelegramDeliveryFailureCode {
  /** The customer blocked the bot: the contact is unreachable on Telegram until they unblock it. */
  BotBlocked = 'TELEGRAM_BOT_BLOCKED',
  /** The customer's account is deleted. */
  UserDeactivated = 'TELEGRAM_USER_DEACTIVATED',
  /** The bot was removed from the group the customer wrote in. */
  BotRemoved = 'TELEGRAM_BOT_REMOVED',
  Forbidden = 'TELEGRAM_FORBIDDEN',
  ChatNotFound = 'TELEGRAM_CHAT_NOT_FOUND',
  BadRequest = 'TELEGRAM_BAD_REQUEST',
}

/**
 * A refusal about the customer or the message (403, 400) as the failure the ticket shows, or
 * undefined for one that is our side's or passing (401, 409, 429, 5xx), which is retried instead.
 * Sending again cannot cure a 403 or 400, so they must not be retried endlessly.
 */
export function telegramDeliveryFailure(refusal: TelegramRefusal): { code: TelegramDeliveryFailureCode; message: string; recipientUnreachable?: true } | undefined {
  const description = refusal.description.slice(0, 1024);
  if (refusal.errorCode === 403) {
    if (/bot was blocked by the user/i.test(description)) {
      return {
        code: TelegramDeliveryFailureCode.BotBlocked,
        message: `the customer blocked the bot; they cannot be reached on Telegram until they unblock it (${description})`,
        recipientUnreachable: true,
      };
    }
    if (/user is deactivated/i.test(description)) {
      return { code: TelegramDeliveryFailureCode.UserDeactivated, message: `the customer's Telegram account is deleted (${description})`, recipientUnreachable: true };
    }
    if (/kicked|not a member/i.test(description)) return { code: TelegramDeliveryFailureCode.BotRemoved, message: `the bot is no longer in this chat (${description})` };
    return { code: TelegramDeliveryFailureCode.Forbidden, message: description };
  }
  if (refusal.errorCode === 400) {
    if (/chat not found/i.test(description)) return { code: TelegramDeliveryFailureCode.ChatNotFound, message: `Telegram does not know this chat for the bot (${description})` };
    return { code: TelegramDeliveryFailureCode.BadRequest, message: description };
  }
  return undefined;
}
