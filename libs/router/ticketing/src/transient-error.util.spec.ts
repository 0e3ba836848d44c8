import { IdentityNormalizationError } from '@tributary/platform-identity';
import { isTransientDatabaseError } from './transient-error.util';

describe('isTransientDatabaseError', () => {
  it.each([
    ['deadlock', '40P01'],
    ['serialization failure', '40001'],
    ['connection failure', '08006'],
    ['too many connections', '53300'],
    ['admin shutdown', '57P01'],
    ['refused socket', 'ECONNREFUSED'],
  ])('retries the batch on %s', (_name, code) => {
    expect(isTransientDatabaseError(Object.assign(new Error('x'), { code }))).toBe(true);
  });

  it.each([
    ['unique violation', '23505'],
    ['invalid text', '22P02'],
  ])('blames the message on %s', (_name, code) => {
    expect(isTransientDatabaseError(Object.assign(new Error('x'), { code }))).toBe(false);
  });

  it('blames the message for a domain error without a code', () => {
    expect(isTransientDatabaseError(new IdentityNormalizationError('phone', '+1', 'too short'))).toBe(false);
  });
});
