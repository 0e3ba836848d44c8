import { Body, Controller, Headers, HttpCode, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { SmsIntake, toTwilioParams, TwilioWebhookVerifier, VoiceCallIntake, type TwilioParams } from '@tributary/channel-voice';
import type { Request, Response } from 'express';
import { DeliveryReports } from './delivery-reports.service';
import { TwilioWebhookErrorFilter } from './twilio-webhook-error.filter';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** Twilio's webhooks: each is verified against the public URL, then one call into its use case. */
@Controller('twilio')
@UseFilters(TwilioWebhookErrorFilter)
export class TwilioWebhookController {
  constructor(
    private readonly verifier: TwilioWebhookVerifier,
    private readonly sms: SmsIntake,
    private readonly voice: VoiceCallIntake,
    private readonly deliveries: DeliveryReports,
  ) {}

  @Post('sms')
  @HttpCode(200)
  async incomingSms(@Req() request: Request, @Res() response: Response, @Body() body: unknown, @Headers('x-twilio-signature') signature?: string): Promise<void> {
    await this.sms.receive(this.verified(request, body, signature));
    twiml(response, EMPTY_TWIML);
  }

  @Post('voice')
  @HttpCode(200)
  incomingCall(@Req() request: Request, @Res() response: Response, @Body() body: unknown, @Headers('x-twilio-signature') signature?: string): void {
    twiml(response, this.voice.answer(this.verified(request, body, signature)));
  }

  @Post('voice/recorded')
  @HttpCode(200)
  recorded(@Req() request: Request, @Res() response: Response, @Body() body: unknown, @Headers('x-twilio-signature') signature?: string): void {
    this.verified(request, body, signature);
    twiml(response, this.voice.recorded());
  }

  @Post('voice/recording')
  @HttpCode(204)
  async recordingStatus(@Req() request: Request, @Body() body: unknown, @Headers('x-twilio-signature') signature?: string): Promise<void> {
    await this.voice.recordingStatus(this.verified(request, body, signature));
  }

  @Post('voice/transcription')
  @HttpCode(204)
  async transcription(@Req() request: Request, @Body() body: unknown, @Headers('x-twilio-signature') signature?: string): Promise<void> {
    await this.voice.transcribed(this.verified(request, body, signature));
  }

  @Post('voice/status')
  @HttpCode(204)
  async callStatus(@Req() request: Request, @Body() body: unknown, @Headers('x-twilio-signature') signature?: string): Promise<void> {
    await this.voice.callEnded(this.verified(request, body, signature));
  }

  @Post('messages/status')
  @HttpCode(204)
  async messageStatus(@Req() request: Request, @Query() query: unknown, @Body() body: unknown, @Headers('x-twilio-signature') signature?: string): Promise<void> {
    await this.deliveries.report(toTwilioParams(query), this.verified(request, body, signature));
  }

  private verified(request: Request, body: unknown, signature: string | undefined): TwilioParams {
    const params = toTwilioParams(body);
    this.verifier.verify(request.originalUrl, params, signature);
    return params;
  }
}

function twiml(response: Response, xml: string): void {
  response.status(200).type('text/xml').send(xml);
}
