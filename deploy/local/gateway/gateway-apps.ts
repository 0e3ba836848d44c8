import { stackPortOffset } from '../src/port-plan';

/** The five deployables, in start order, with the HTTP port each gets in the "dev" stack. */
export const GATEWAY_APPS = [
  { name: 'router', basePort: 3105, envVar: 'TRIBUTARY_ROUTER_PORT', script: 'apps/router/src/main.ts' },
  { name: 'email-ingest', basePort: 3101, envVar: 'TRIBUTARY_EMAIL_INGEST_PORT', script: 'apps/email-ingest/src/main.ts' },
  { name: 'voice-ingest', basePort: 3102, envVar: 'TRIBUTARY_VOICE_INGEST_PORT', script: 'apps/voice-ingest/src/main.ts' },
  { name: 'chat-ingest', basePort: 3103, envVar: 'TRIBUTARY_CHAT_INGEST_PORT', script: 'apps/chat-ingest/src/main.ts' },
  { name: 'social-ingest', basePort: 3104, envVar: 'TRIBUTARY_SOCIAL_INGEST_PORT', script: 'apps/social-ingest/src/main.ts' },
] as const;

/** Stand-ins for providers that cannot run here, started before the apps that call them. */
export const GATEWAY_EMULATORS = [
  { name: 'twilio-emulator', basePort: 3106, envVar: 'TRIBUTARY_TWILIO_EMULATOR_PORT', script: 'libs/channels/voice/src/emulation/twilio-emulator.main.ts' },
  { name: 'graph-emulator', basePort: 3107, envVar: 'TRIBUTARY_GRAPH_EMULATOR_PORT', script: 'libs/channels/social/src/whatsapp-cloud/emulation/graph-api-emulator.main.ts' },
  { name: 'telegram-emulator', basePort: 3108, envVar: 'TRIBUTARY_TELEGRAM_EMULATOR_PORT', script: 'libs/channels/social/src/telegram/emulation/telegram-bot-api-emulator.main.ts' },
  { name: 'meta-emulator', basePort: 3109, envVar: 'TRIBUTARY_META_EMULATOR_PORT', script: 'libs/channels/social/src/meta-messaging/emulation/send-api-emulator.main.ts' },
] as const;

export type GatewayApp = (typeof GATEWAY_APPS)[number];
export type GatewayProcess = GatewayApp | (typeof GATEWAY_EMULATORS)[number];
export type GatewayAppName = GatewayProcess['name'];

/** Apps of other stacks ("test") sit in their own block, like the servers. */
export function defaultAppPort(app: GatewayProcess, stackName: string): number {
  return app.basePort + stackPortOffset(stackName);
}

/** The marker on an app's command line that ties its process to this stack (guards pid reuse). */
export function appProcessMarker(app: GatewayAppName, stackName: string): string {
  return `--tributary-stack=${stackName}:${app}`;
}
