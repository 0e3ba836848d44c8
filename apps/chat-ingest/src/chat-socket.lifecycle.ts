import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ChatEntryNotifications, ChatSocketServer } from '@tributary/channel-chat';
import type { Server } from 'node:http';

/** The widget's WebSocket on the app's own HTTP server, and the stored-reply notifications it serves, from boot until shutdown. */
@Injectable()
export class ChatSocketLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly sockets: ChatSocketServer,
    private readonly notifications: ChatEntryNotifications,
    private readonly http: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    this.sockets.attach(this.server());
    // Not awaited: while PostgreSQL is away it retries, and sockets catch up once it listens.
    void this.notifications.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.notifications.stop();
    await this.sockets.close(this.server());
  }

  private server(): Server {
    return this.http.httpAdapter.getHttpServer() as Server;
  }
}
