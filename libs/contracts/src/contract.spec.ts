import { decodeContract } from './contract';
import { ContractValidationError } from './contract-validation.error';
import { InboundMessageV1 } from './contracts';
import { INBOUND_FIXTURES } from './fixtures/inbound-message.fixtures';

describe('decodeContract', () => {
  it('decodes a UTF-8 JSON record value', () => {
    const bytes = Buffer.from(JSON.stringify(INBOUND_FIXTURES.instagram), 'utf8');
    expect(decodeContract(InboundMessageV1, bytes).text).toBe('Parcel still missing 😕');
  });

  it('rejects bytes that are not JSON, saying so', () => {
    expect(() => decodeContract(InboundMessageV1, Buffer.from('{"tenantId":'))).toThrow(/InboundMessage v1 is invalid: \(root\): not valid JSON/);
  });

  it('rejects a record without a value', () => {
    expect(() => decodeContract(InboundMessageV1, null)).toThrow(ContractValidationError);
  });
});
