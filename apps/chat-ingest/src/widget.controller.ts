import { Controller, Get, Header, Inject, Query } from '@nestjs/common';
import { CHAT_WIDGET_SCRIPT, chatDemoPage } from '@tributary/channel-chat';
import type { ChatIngestConfig } from './chat-ingest.config';
import { CHAT_INGEST_CONFIG } from './chat-ingest.tokens';

/** The widget's script and a demo page that embeds it. */
@Controller()
export class WidgetController {
  constructor(@Inject(CHAT_INGEST_CONFIG) private readonly config: ChatIngestConfig) {}

  @Get('widget.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  // Loaded by customers' pages from their own origins.
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  widget(): string {
    return CHAT_WIDGET_SCRIPT;
  }

  /** `/demo?tenant=<id>[&token=<JWT>]`: the first configured tenant when none is named; no token, an anonymous visitor. */
  @Get('demo')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  demo(@Query('tenant') tenant?: string, @Query('token') token?: string): string {
    const tenantId = tenant ?? Object.keys(this.config.CHAT_TENANTS ?? {})[0] ?? '';
    return chatDemoPage(tenantId, token);
  }
}
