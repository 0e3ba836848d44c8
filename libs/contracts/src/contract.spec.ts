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

describe('decodeContract with the record headers', () => {
  const bytes = Buffer.from(JSON.stringify(INBOUND_FIXTURES.sms), 'utf8');
  const v1 = { 'tributary-contract': 'InboundMessage', 'tributary-contract-version': '1' };

  it('decodes a record whose headers name this contract and version', () => {
    expect(decodeContract(InboundMessageV1, bytes, v1).channel).toBe('sms');
  });

  it('refuses a v2 record even when its value fits v1, naming what it expected and found', () => {
    expect(() => decodeContract(InboundMessageV1, bytes, { ...v1, 'tributary-contract-version': '2' })).toThrow(
      'InboundMessage v1 is invalid: header tributary-contract-version: expected "1", found "2"',
    );
  });

  it('refuses a record without contract headers, naming both', () => {
    expect(() => decodeContract(InboundMessageV1, bytes, {})).toThrow(
      'InboundMessage v1 is invalid: header tributary-contract: expected "InboundMessage", found none; header tributary-contract-version: expected "1", found none',
    );
  });

  it('refuses another contract, checking the headers before the value', () => {
    expect(() => decodeContract(InboundMessageV1, Buffer.from('not json'), { ...v1, 'tributary-contract': 'DeliveryStatus' })).toThrow(
      /^InboundMessage v1 is invalid: header tributary-contract: expected "InboundMessage", found "DeliveryStatus"$/,
    );
  });
});
