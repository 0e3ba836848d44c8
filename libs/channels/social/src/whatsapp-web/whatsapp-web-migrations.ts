import { WhatsappWebSentMessages1796500000000 } from './1796500000000-whatsapp-web-sent-messages.migration';
import { WhatsappWebPendingReplies1796500000100 } from './1796500000100-whatsapp-web-pending-replies.migration';

/** whatsapp-web.js's tables, applied to the social app's database with the kit's and the app's own. */
export const WHATSAPP_WEB_MIGRATIONS = [WhatsappWebSentMessages1796500000000, WhatsappWebPendingReplies1796500000100];
