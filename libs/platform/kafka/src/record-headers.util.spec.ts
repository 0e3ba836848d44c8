import { InboundMessageV1 } from '@tributary/contracts';
import { contractHeaders, readHeaders } from './record-headers.util';

describe('record headers', () => {
  it('name the contract, its version and the trace id', () => {
    expect(contractHeaders(InboundMessageV1, '4bf92f3577b34da6a3ce929d0e0e4736')).toEqual({
      'tributary-contract': 'InboundMessage',
      'tributary-contract-version': '1',
      'content-type': 'application/json',
      'tributary-trace-id': '4bf92f3577b34da6a3ce929d0e0e4736',
    });
  });

  it('are read back as strings whatever shape kafkajs delivers', () => {
    expect(readHeaders({ a: Buffer.from('x'), b: [Buffer.from('1'), Buffer.from('2')], c: 'plain', d: undefined })).toEqual({ a: 'x', b: '2', c: 'plain' });
  });
});
