import { HealthIndicator } from './health-indicator';
import { LivenessService } from './liveness.service';

const plain: HealthIndicator = { name: 'postgres', check: () => Promise.reject(new Error('connection refused')) };
const fine: HealthIndicator = { name: 'imap', check: () => Promise.resolve(), livenessProblem: () => null };
const stopped: HealthIndicator = { name: 'kafka', check: () => Promise.resolve(), livenessProblem: () => 'consumer stopped: MESSAGE_TOO_LARGE' };

describe('LivenessService', () => {
  it('is live while nothing failed for good, even with a dependency down', () => {
    expect(new LivenessService([plain, fine]).report()).toEqual({ live: true });
  });

  it('is not live once a part failed for good, and says which and why', () => {
    expect(new LivenessService([plain, fine, stopped]).report()).toEqual({ live: false, failed: { kafka: 'consumer stopped: MESSAGE_TOO_LARGE' } });
  });
});
