import { Body, Controller, HttpCode, Post, Query, Res, UseFilters } from '@nestjs/common';
import { Webhook } from '@tributary/channel-kit';
import { SmsIntake, toTwilioParams, TwilioWebhookVerifier, VoiceCallIntake } from '@tributary/channel-voice';
import type { Response } from 'express';
import { DeliveryReports } from './delivery-reports.service';
import { TwilioWebhookErrorFilter } from './twilio-webhook-error.filter';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** Twilio's form posts are a few kilobytes (an SMS body is at most 1,600 characters); this leaves ample room. */
const TWILIO_MAX_BODY_BYTES = 64 * 1024;

/**
 * Twilio's webhooks, each one call into its use case. The kit's webhook edge has checked
 * X-Twilio-Signature against the public URL before any handler runs.
 */
@Controller('twilio')
@Webhook({ verifier: TwilioWebhookVerifier, maxBodyBytes: TWILIO_MAX_BODY_BYTES })
@UseFilters(TwilioWebhookErrorFilter)
export class TwilioWebhookController {
  constructor(
    private readonly sms: SmsIntake,
    private readonly voice: VoiceCallIntake,
    private readonly deliveries: DeliveryReports,
  ) {}

  @Post('sms')
  @HttpCode(200)
  async incomingSms(@Res() response: Response, @Body() body: unknown): Promise<void> {
    await this.sms.receive(toTwilioParams(body));
    twiml(response, EMPTY_TWIML);
  }

  @Post('voice')
  @HttpCode(200)
  incomingCall(@Res() response: Response, @Body() body: unknown): void {
    twiml(response, this.voice.answer(toTwilioParams(body)));
  }

  @Post('voice/recorded')
  @HttpCode(200)
  recorded(@Res() response: Response, @Body() body: unknown): void {
    toTwilioParams(body);
    twiml(response, this.voice.recorded());
  }

  @Post('voice/recording')
  @HttpCode(204)
  async recordingStatus(@Body() body: unknown): Promise<void> {
    await this.voice.recordingStatus(toTwilioParams(body));
  }

  @Post('voice/transcription')
  @HttpCode(204)
  async transcription(@Body() body: unknown): Promise<void> {
    await this.voice.transcribed(toTwilioParams(body));
  }

  @Post('voice/status')
  @HttpCode(204)
  async callStatus(@Body() body: unknown): Promise<void> {
    await this.voice.callEnded(toTwilioParams(body));
  }

  @Post('messages/status')
  @HttpCode(204)
  async messageStatus(@Query() query: unknown, @Body() body: unknown): Promise<void> {
    await this.deliveries.report(toTwilioParams(query), toTwilioParams(body));
  }
}

function twiml(response: Response, xml: string): void {
  response.status(200).type('text/xml').send(xml);
}
