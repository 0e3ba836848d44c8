export { judgeRun } from './exactly-once.oracle';
export type { RunOutput, Verdict } from './exactly-once.oracle';
export { announcedEvent } from './announced-event';
export type { AnnouncedEvent } from './announced-event';
export { FAULT_INPUTS_PER_CUSTOMER, inputNumber, numberedInputs } from './numbered-inputs';
export type { NumberedInput } from './numbered-inputs';
export { CLEAN_VERDICT, readRunOutput, settledRunOutput } from './run-output.util';
export { signalServer, startFaultStack } from './fault-stack';
