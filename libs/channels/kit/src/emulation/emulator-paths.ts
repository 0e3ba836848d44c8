/**
 * Not a provider's path: every local emulation of a provider answers GET here, read only, with what
 * it received and what it refused, so a developer can see the replies the gateway sent (the local
 * gateway prints it beside each emulation).
 */
export const EMULATOR_RECEIVED_PATH = '/emulator/received';
