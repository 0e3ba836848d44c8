export { startStack } from './start-stack';
export { stopComponent, stopStack } from './stop-stack';
export { stackStatus } from './stack-status';
export { componentPid } from './component-pid';
export { repoRoot } from './stack-paths.util';
export { MAIL_USERS } from './mail-users';
export { StackError, StackErrorCode } from './stack.error';
export type { ComponentStatus, MailUser, StackComponent, StackInfo, StackOptions } from './stack.types';
