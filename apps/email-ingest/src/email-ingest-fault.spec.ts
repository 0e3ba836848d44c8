import { handOffFault } from './email-ingest-fault';

describe('handOffFault', () => {
  it('arms nothing unless asked', () => {
    expect(handOffFault(undefined)).toBeUndefined();
  });

  it('kill-after-ack sends SIGKILL to this very process', () => {
    const kill = jest.spyOn(process, 'kill').mockImplementation(() => true);
    try {
      handOffFault('kill-after-ack')?.afterKafkaAck();
      expect(kill).toHaveBeenCalledWith(process.pid, 'SIGKILL');
    } finally {
      kill.mockRestore();
    }
  });
});
