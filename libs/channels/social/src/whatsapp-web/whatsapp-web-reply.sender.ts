import type { ChannelSender } from '@tributary/channel-kit';
import type { DeliveryStatusV1Message, OutboundMessageV1Message } from '@tributary/contracts';
import type { WhatsappWebNumber } from './whatsapp-web-config.schema';
import { whatsappWebSendStatus } from './whatsapp-web-send-status.util';
import { WhatsappWebSessionUnavailableError } from './whatsapp-web-session-unavailable.error';
import type { WhatsappWebSessionsService } from './whatsapp-web-sessions.service';

export interface WhatsappWebReplySenderOptions {
  /** The linked numbers (E.164), as in WHATSAPP_WEB_NUMBERS; a reply's `from.address` names one. */
  readonly numbers: Readonly<Record<string, WhatsappWebNumber>>;
  readonly sessions: Pick<WhatsappWebSessionsService, 'session'>;
  readonly now?: () => Date;
}

/**
 * Sends an agent's reply (provider `whatsapp-web`) through the session of the number in
 * `from.address`, quoting the customer's message it answers when there is one (WhatsApp shows it
 * above the reply; a quote the phone no longer has is left out by whatsapp-web.js, not an error).
 *
 * The kit's reply loop hands a reply to whichever replica consumes its partition. The replica holding
 * the number sends it at once and records it, so its acks become delivery reports; any other replica
 * (or the holder while its session is not ready) stores it for the holder to send, and reports it
 * `queued` all the same: stored in PostgreSQL, it is as durable as a Client's send, and the reply loop
 * moves on instead of retrying a batch no Client here can ever send. A reply no session could ever
 * send is `failed`.
 */
export class WhatsappWebReplySender implements ChannelSender {
  readonly channels = ['whatsapp'] as const;
  readonly provider = 'whatsapp-web';
  private readonly now: () => Date;

  constructor(private readonly options: WhatsappWebReplySenderOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async send(outbound: OutboundMessageV1Message): Promise<DeliveryStatusV1Message> {
    const number = this.options.numbers[outbound.from.address];
    if (number === undefined || number.tenantId !== outbound.tenantId) {
      return whatsappWebSendStatus(outbound, 'failed', this.now(), {
        error: { code: 'UNKNOWN_SENDER', message: `${outbound.from.address} is not a whatsapp-web.js number of tenant ${outbound.tenantId} (WHATSAPP_WEB_NUMBERS)` },
      });
    }
    if (outbound.to.kind !== 'whatsapp' && outbound.to.kind !== 'phone') {
      return whatsappWebSendStatus(outbound, 'failed', this.now(), {
        error: { code: 'INVALID_RECIPIENT', message: `cannot reach a ${outbound.to.kind} identity through a WhatsApp number` },
      });
    }
    const session = this.options.sessions.session(outbound.from.address);
    if (session === undefined) throw new WhatsappWebSessionUnavailableError(outbound.from.address, 'no session is configured on this replica');
    const outcome = await session.reply({
      outboundId: outbound.outboundId,
      tenantId: outbound.tenantId,
      ticketId: outbound.ticketId,
      traceId: outbound.traceId,
      number: outbound.from.address,
      recipient: outbound.to.value,
      text: outbound.text,
      ...(outbound.answering?.providerMessageId ? { quotedMessageId: outbound.answering.providerMessageId } : {}),
    });
    // Either way not yet on WhatsApp's servers: acks of the sent message move it on (sent, delivered, read).
    return whatsappWebSendStatus(outbound, 'queued', this.now(), outcome.kind === 'sent' ? { providerMessageId: outcome.message.id._serialized } : {});
  }
}
