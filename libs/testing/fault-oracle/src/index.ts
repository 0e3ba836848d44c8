export { judgeRun } from './exactly-once.oracle';
export type { RunOutput, Verdict } from './exactly-once.oracle';
export { FAULT_INPUTS_PER_CUSTOMER, numberedInputs } from './numbered-inputs';
export type { NumberedInput } from './numbered-inputs';
export { CLEAN_VERDICT, settledRunOutput } from './run-output.util';
export { signalServer, startFaultStack } from './fault-stack';
