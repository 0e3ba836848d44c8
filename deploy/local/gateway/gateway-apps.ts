import { stackPortOffset } from '../src/port-plan';

/** The five deployables, in start order, with the HTTP port each gets in the "dev" stack. */
export const GATEWAY_APPS = [
  { name: 'router', basePort: 3105, envVar: 'TRIBUTARY_ROUTER_PORT' },
  { name: 'email-ingest', basePort: 3101, envVar: 'TRIBUTARY_EMAIL_INGEST_PORT' },
  { name: 'voice-ingest', basePort: 3102, envVar: 'TRIBUTARY_VOICE_INGEST_PORT' },
  { name: 'chat-ingest', basePort: 3103, envVar: 'TRIBUTARY_CHAT_INGEST_PORT' },
  { name: 'social-ingest', basePort: 3104, envVar: 'TRIBUTARY_SOCIAL_INGEST_PORT' },
] as const;

export type GatewayApp = (typeof GATEWAY_APPS)[number];
export type GatewayAppName = GatewayApp['name'];

/** Apps of other stacks ("test") sit in their own block, like the servers. */
export function defaultAppPort(app: GatewayApp, stackName: string): number {
  return app.basePort + stackPortOffset(stackName);
}

/** The marker on an app's command line that ties its process to this stack (guards pid reuse). */
export function appProcessMarker(app: GatewayAppName, stackName: string): string {
  return `--tributary-stack=${stackName}:${app}`;
}
