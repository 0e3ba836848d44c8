import { ciStackName } from './ci-stack.util';

describe('ciStackName', () => {
  it("is the suite's CI stack, or one under the run's stack name", () => {
    expect(ciStackName('soak', {})).toBe('soak-ci');
    expect(ciStackName('soak', { TRIBUTARY_STACK_NAME: 'h2' })).toBe('h2-soak');
  });
});
