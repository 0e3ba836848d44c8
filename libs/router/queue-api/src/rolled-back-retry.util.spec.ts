import { retryRolledBack } from './rolled-back-retry.util';

const failure = (code: string) => Object.assign(new Error(`sqlstate ${code}`), { code });

describe('retryRolledBack', () => {
  it('runs the transaction again after a deadlock and returns its result', async () => {
    const transaction = jest.fn<Promise<string>, []>().mockRejectedValueOnce(failure('40P01')).mockResolvedValueOnce('merged');
    await expect(retryRolledBack(transaction, 3)).resolves.toBe('merged');
    expect(transaction).toHaveBeenCalledTimes(2);
  });

  it('gives up after the last attempt with the database’s error', async () => {
    const transaction = jest.fn<Promise<string>, []>().mockRejectedValue(failure('40001'));
    await expect(retryRolledBack(transaction, 3)).rejects.toThrow('sqlstate 40001');
    expect(transaction).toHaveBeenCalledTimes(3);
  });

  it('never retries an error that is about the request', async () => {
    const transaction = jest.fn<Promise<string>, []>().mockRejectedValue(failure('23505'));
    await expect(retryRolledBack(transaction, 3)).rejects.toThrow('sqlstate 23505');
    expect(transaction).toHaveBeenCalledTimes(1);
  });
});
