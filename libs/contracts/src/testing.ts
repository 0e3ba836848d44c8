/** Test data for other projects' tests; never imported by production code. */
export { INBOUND_FIXTURES } from './fixtures/inbound-message.fixtures';
export { outboundReplyFixture } from './fixtures/outbound-message.fixtures';
